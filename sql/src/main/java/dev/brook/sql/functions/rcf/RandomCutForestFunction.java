package dev.brook.sql.functions.rcf;

import static org.apache.flink.table.annotation.ArgumentTrait.OPTIONAL_PARTITION_BY;
import static org.apache.flink.table.annotation.ArgumentTrait.PASS_COLUMNS_THROUGH;
import static org.apache.flink.table.annotation.ArgumentTrait.SET_SEMANTIC_TABLE;

import dev.brook.sql.functions.NumericArgumentsFunction;
import dev.brook.sql.functions.NumericColumns;
import dev.brook.sql.functions.PartitionCache;
import java.util.List;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.types.Row;

/**
 * {@code RANDOM_CUT_FOREST}: Kinesis Data Analytics' anomaly score, as a process table function.
 *
 * <pre>{@code
 * SELECT * FROM RANDOM_CUT_FOREST(
 *     input => TABLE readings PARTITION BY sensor,
 *     numberOfTrees => 100, subSampleSize => 256, timeDecay => 100000, shingleSize => 1)
 * }</pre>
 *
 * <p>Returns every input column followed by {@code ANOMALY_SCORE DOUBLE}. A forest per partition
 * (or one for the whole table without PARTITION BY) learns the partition's numeric columns (see
 * {@link NumericColumns}); each row is scored against the forest before the forest learns it. The
 * first {@code subSampleSize} rows of a partition score 0 (the warm-up). A row with a null, NaN or
 * infinite numeric value scores NULL and is not learnt.
 *
 * <p>The forests are Flink keyed state: they survive failures and move with their partitions when
 * the job is rescaled. Two job parameters ({@code pipeline.global-job-parameters}) tune the
 * memory/state trade-off: {@value #CACHED_FORESTS_PARAMETER} (forests kept deserialized per task,
 * default {@value #DEFAULT_CACHED_FORESTS}) and {@value #SNAPSHOT_INTERVAL_PARAMETER} (rows between
 * two serializations of a partition's forest into state, default {@value
 * #DEFAULT_SNAPSHOT_INTERVAL}).
 */
@DataTypeHint("ROW<ANOMALY_SCORE DOUBLE>")
public class RandomCutForestFunction extends NumericArgumentsFunction {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "RANDOM_CUT_FOREST";

    public static final String CACHED_FORESTS_PARAMETER = "brook.rcf.cached-forests";
    public static final int DEFAULT_CACHED_FORESTS = 64;
    public static final String SNAPSHOT_INTERVAL_PARAMETER = "brook.rcf.snapshot-interval";
    public static final int DEFAULT_SNAPSHOT_INTERVAL = 1000;

    private transient ForestStore store;
    private transient NumericColumns columns;
    private transient ForestParameters parameters;

    @Override
    public void open(FunctionContext context) throws Exception {
        store = openStore(context);
    }

    static ForestStore openStore(FunctionContext context) {
        int cached =
                PartitionCache.intParameter(
                        context.getJobParameter(
                                CACHED_FORESTS_PARAMETER, String.valueOf(DEFAULT_CACHED_FORESTS)),
                        CACHED_FORESTS_PARAMETER);
        int interval =
                PartitionCache.intParameter(
                        context.getJobParameter(
                                SNAPSHOT_INTERVAL_PARAMETER,
                                String.valueOf(DEFAULT_SNAPSHOT_INTERVAL)),
                        SNAPSHOT_INTERVAL_PARAMETER);
        return new ForestStore(cached, interval);
    }

    @Override
    protected void validateCall(CallContext call) {
        validateForestCall(NAME, call);
    }

    /** Checks both forest functions' literal parameters and numeric input columns at planning. */
    static void validateForestCall(String name, CallContext call) {
        ForestParameters.of(
                name,
                literalNumber(call, 1),
                literalNumber(call, 2),
                literalNumber(call, 3),
                literalNumber(call, 4));
        call.getTableSemantics(0)
                .ifPresent(
                        t ->
                                NumericColumns.of(
                                        name,
                                        t.dataType(),
                                        t.partitionByColumns(),
                                        t.timeColumn()));
    }

    public void eval(
            Context ctx,
            @StateHint ListView<byte[]> forestSnapshot,
            @StateHint ListView<double[]> rowsSinceSnapshot,
            @ArgumentHint(
                            value = {
                                SET_SEMANTIC_TABLE,
                                OPTIONAL_PARTITION_BY,
                                PASS_COLUMNS_THROUGH
                            },
                            name = "input")
                    Row input,
            @ArgumentHint(name = "numberOfTrees", isOptional = true, type = @DataTypeHint("INT"))
                    Number numberOfTrees,
            @ArgumentHint(name = "subSampleSize", isOptional = true, type = @DataTypeHint("INT"))
                    Number subSampleSize,
            @ArgumentHint(name = "timeDecay", isOptional = true, type = @DataTypeHint("INT"))
                    Number timeDecay,
            @ArgumentHint(name = "shingleSize", isOptional = true, type = @DataTypeHint("INT"))
                    Number shingleSize)
            throws Exception {
        if (columns == null) {
            columns = NumericColumns.of(NAME, ctx.tableSemanticsFor("input"));
            parameters =
                    ForestParameters.of(NAME, numberOfTrees, subSampleSize, timeDecay, shingleSize);
        }
        double[] values = columns.values(input);
        if (values == null) {
            collect(Row.of((Double) null));
            return;
        }
        List<Object> key = columns.partitionKey(input);
        ForestModel model =
                store.model(key, forestSnapshot, rowsSinceSnapshot, parameters, columns.size());
        double score = model.score(values);
        model.update(values);
        store.learnt(key, values, forestSnapshot, rowsSinceSnapshot);
        collect(Row.of(score));
    }
}
