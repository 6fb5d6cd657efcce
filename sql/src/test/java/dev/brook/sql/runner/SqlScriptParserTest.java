package dev.brook.sql.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptParserTest {

    @Test
    void splitsAtSemicolonsAndKeepsStartingLines() {
        List<SqlStatement> s =
                SqlScriptParser.parse(
                        "SET 'parallelism.default' = '1';\n"
                                + "\n"
                                + "CREATE TABLE t (\n"
                                + "  id INT\n"
                                + ") WITH ('connector' = 'datagen');\n"
                                + "SELECT * FROM t;");
        assertThat(s)
                .containsExactly(
                        new SqlStatement(1, 1, "SET 'parallelism.default' = '1'"),
                        new SqlStatement(
                                2,
                                3,
                                "CREATE TABLE t (\n  id INT\n) WITH ('connector' = 'datagen')"),
                        new SqlStatement(3, 6, "SELECT * FROM t"));
    }

    @Test
    void semicolonsInStringsIdentifiersAndCommentsDoNotSplit() {
        List<SqlStatement> s =
                SqlScriptParser.parse(
                        "SELECT 'a;b', 'it''s;', `we;ird``;`, \"x;y\" -- c;d\n"
                                + "  /* e;\n f; */ FROM t;\n"
                                + "SELECT 2");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).text())
                .isEqualTo(
                        "SELECT 'a;b', 'it''s;', `we;ird``;`, \"x;y\" -- c;d\n"
                                + "  /* e;\n f; */ FROM t");
        assertThat(s.get(1)).isEqualTo(new SqlStatement(2, 4, "SELECT 2"));
    }

    @Test
    void leadingCommentsAndEmptyStatementsAreSkipped() {
        List<SqlStatement> s =
                SqlScriptParser.parse(
                        "-- a program\n"
                                + "/* about\n   it; */\n"
                                + ";;\n"
                                + "  -- the query:\n"
                                + "  SELECT 1;  -- trailing\n"
                                + "-- the end\n");
        assertThat(s).containsExactly(new SqlStatement(1, 6, "SELECT 1"));
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertThat(SqlScriptParser.parse("SELECT 1;\nSELECT 2\n"))
                .extracting(SqlStatement::text)
                .containsExactly("SELECT 1", "SELECT 2");
        assertThat(SqlScriptParser.parse("  \n-- nothing\n")).isEmpty();
    }

    @Test
    void executeStatementSetOpensASetWhoseStatementsKeepTheirLines() {
        List<SqlStatement> s =
                SqlScriptParser.parse(
                        "EXECUTE STATEMENT SET\n"
                                + "BEGIN\n"
                                + "  INSERT INTO a SELECT * FROM t;\n"
                                + "  INSERT INTO b SELECT * FROM t;\n"
                                + "END;\n"
                                + "BEGIN STATEMENT SET;\n"
                                + "INSERT INTO c VALUES (1);\n"
                                + "END;");
        assertThat(s)
                .containsExactly(
                        new SqlStatement(1, 1, "EXECUTE STATEMENT SET BEGIN"),
                        new SqlStatement(2, 3, "INSERT INTO a SELECT * FROM t"),
                        new SqlStatement(3, 4, "INSERT INTO b SELECT * FROM t"),
                        new SqlStatement(4, 5, "END"),
                        new SqlStatement(5, 6, "BEGIN STATEMENT SET"),
                        new SqlStatement(6, 7, "INSERT INTO c VALUES (1)"),
                        new SqlStatement(7, 8, "END"));
    }

    @Test
    void unterminatedStringsAndCommentsNameTheirLine() {
        assertThatThrownBy(() -> SqlScriptParser.parse("SELECT 1;\n\nSELECT 'abc;\nFROM t;"))
                .isInstanceOf(SqlScriptException.class)
                .hasMessage("line 3: the string starting with ' is never closed");
        assertThatThrownBy(() -> SqlScriptParser.parse("SELECT 1;\n/* never\nclosed"))
                .hasMessage("line 2: the comment '/*' is never closed");
        assertThatThrownBy(() -> SqlScriptParser.parse("SELECT `a\n;"))
                .hasMessage("line 1: the quoted identifier starting with ` is never closed");
    }

    @Test
    void firstLineAndDescription() {
        SqlStatement s = new SqlStatement(3, 12, "INSERT INTO counts\nSELECT * FROM t");
        assertThat(s.describe()).isEqualTo("statement 3 (line 12: INSERT INTO counts)");
    }

    @Test
    void variablesAreSubstitutedAndUnknownOnesNamed() {
        assertThat(
                        ScriptVariables.substitute(
                                "'path' = '${BROOK_ROOT}/x', '$${NOT}'",
                                Map.of("BROOK_ROOT", "/d")))
                .isEqualTo("'path' = '/d/x', '${NOT}'");
        assertThatThrownBy(
                        () ->
                                ScriptVariables.substitute(
                                        "SELECT 1;\nSELECT '${ROOT}'", Map.of("BROOK_ROOT", "/d")))
                .isInstanceOf(SqlScriptException.class)
                .hasMessageStartingWith("line 2: unknown variable ${ROOT} (known: BROOK_ROOT;");
    }
}
