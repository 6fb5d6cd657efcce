package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process against one store root, capturing stdout and stderr. */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<String, String> env = new HashMap<>();

    Cli(Path root) {
        this.root = root;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code brook --root ROOT args...}. */
    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>();
        all.add("--root");
        all.add(root.toString());
        all.addAll(List.of(args));
        return runRaw(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                all.toArray(new String[0]));
    }

    /** Runs exactly {@code args}, without adding --root. */
    Result runRaw(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                BrookCli.run(
                        new BrookCli(env, stdin), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed; returns its JSON output (null if it printed nothing). */
    JsonNode ok(String... args) {
        Result r = run(args);
        r.assertOk();
        return r.out().isEmpty() ? null : r.json();
    }

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out, e);
            }
        }

        Result assertOk() {
            assertThat(code).as("exit code; stdout: %s stderr: %s", out, err).isZero();
            return this;
        }

        /** Failed with {@code code} and exactly one line on stderr, no stack trace. */
        Result assertOneLineError(int expectedCode) {
            assertThat(code)
                    .as("exit code; stdout: %s stderr: %s", out, err)
                    .isEqualTo(expectedCode);
            assertThat(err).startsWith("brook: ").endsWith("\n");
            assertThat(err.lines()).as("stderr lines").hasSize(1);
            assertThat(err).doesNotContain("\tat ", "Exception in thread", "Caused by");
            return this;
        }

        Result errContains(String... parts) {
            assertThat(err).contains(parts);
            return this;
        }
    }
}
