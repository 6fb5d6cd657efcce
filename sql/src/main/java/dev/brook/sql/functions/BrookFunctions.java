package dev.brook.sql.functions;

import dev.brook.sql.functions.hotspots.HotspotsFunction;
import dev.brook.sql.functions.rcf.RandomCutForestFunction;
import dev.brook.sql.functions.rcf.RandomCutForestWithExplanationFunction;
import dev.brook.sql.functions.stagger.StaggerWindowFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * What Kinesis Data Analytics had and Flink SQL lacks, as Flink process table functions:
 *
 * <ul>
 *   <li>{@code RANDOM_CUT_FOREST} ({@link RandomCutForestFunction}) and {@code
 *       RANDOM_CUT_FOREST_WITH_EXPLANATION} ({@link RandomCutForestWithExplanationFunction}):
 *       anomaly scores;
 *   <li>{@code HOTSPOTS} ({@link HotspotsFunction}): dense regions of a sliding window;
 *   <li>{@code STAGGER_WINDOW} ({@link StaggerWindowFunction}): windows that open at each key's
 *       first row.
 * </ul>
 *
 * <p>Register them all with {@link #registerAll(TableEnvironment)}, or one by one in SQL:
 *
 * <pre>{@code
 * CREATE TEMPORARY SYSTEM FUNCTION RANDOM_CUT_FOREST
 *     AS 'dev.brook.sql.functions.rcf.RandomCutForestFunction';
 * }</pre>
 */
public final class BrookFunctions {
    private BrookFunctions() {}

    /** Every function by its SQL name. */
    public static Map<String, Class<? extends UserDefinedFunction>> all() {
        Map<String, Class<? extends UserDefinedFunction>> all = new LinkedHashMap<>();
        all.put(RandomCutForestFunction.NAME, RandomCutForestFunction.class);
        all.put(
                RandomCutForestWithExplanationFunction.NAME,
                RandomCutForestWithExplanationFunction.class);
        all.put(HotspotsFunction.NAME, HotspotsFunction.class);
        all.put(StaggerWindowFunction.NAME, StaggerWindowFunction.class);
        return all;
    }

    /**
     * Registers every function as a temporary system function of {@code tableEnv}: callable by name
     * from any catalog and database, like a built-in function, for the session's lifetime.
     * Registering twice in one environment fails, as Flink does for any temporary function.
     */
    public static void registerAll(TableEnvironment tableEnv) {
        all().forEach(tableEnv::createTemporarySystemFunction);
    }

    /** The {@code CREATE TEMPORARY SYSTEM FUNCTION} statements that register every function. */
    public static String createStatements() {
        StringBuilder sql = new StringBuilder();
        all().forEach(
                        (name, type) ->
                                sql.append("CREATE TEMPORARY SYSTEM FUNCTION ")
                                        .append(name)
                                        .append(" AS '")
                                        .append(type.getName())
                                        .append("';\n"));
        return sql.toString();
    }
}
