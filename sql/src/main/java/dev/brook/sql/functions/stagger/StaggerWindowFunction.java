package dev.brook.sql.functions.stagger;

import static org.apache.flink.table.annotation.ArgumentTrait.REQUIRE_ON_TIME;
import static org.apache.flink.table.annotation.ArgumentTrait.SET_SEMANTIC_TABLE;

import dev.brook.sql.functions.NumericArgumentsFunction;
import dev.brook.sql.functions.NumericColumns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.dataview.MapView;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.extraction.TypeInferenceExtractor;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.ColumnList;
import org.apache.flink.types.Row;

/**
 * {@code STAGGER_WINDOW}: Kinesis Data Analytics' stagger windows, as a process table function. A
 * partition's window opens at the time of its first row and closes {@code window_size} later; the
 * next row after that opens the next window, at its own time.
 *
 * <pre>{@code
 * SELECT * FROM STAGGER_WINDOW(
 *     input => TABLE clicks PARTITION BY user_id,
 *     on_time => DESCRIPTOR(ts),
 *     window_size => INTERVAL '1' MINUTE)
 * }</pre>
 *
 * <p>Windows are defined on event time ({@code on_time}, a TIMESTAMP(3) or TIMESTAMP_LTZ(3) column
 * with a watermark): order the partition's rows by time; the first row opens the window {@code [t,
 * t + window_size)}, every row before its end belongs to it, the first row at or after its end
 * opens the next window. Rows may arrive out of order within the watermark's bound: they wait in
 * state until the watermark passes them. Rows at or behind the watermark when they arrive (late
 * rows) are dropped. A window is emitted once the watermark reaches its end.
 *
 * <p>Output, one row per window: the PARTITION BY columns, {@code window_start}, {@code window_end}
 * (exclusive; same type as the time column), {@code row_count BIGINT}, then for every numeric
 * column {@code c} outside PARTITION BY and the time column (see {@link NumericColumns}) {@code
 * c_sum}, {@code c_min}, {@code c_max} (BIGINT for integral columns, DOUBLE otherwise) and {@code
 * c_avg DOUBLE}, ignoring nulls; and {@code rowtime} = window_end - 1 ms, a time attribute for
 * further event-time operations.
 */
// The output type depends on the input table (see getTypeInference); this hint only lets Flink's
// reflective extraction of the arguments and state succeed.
@DataTypeHint("ROW<window_start TIMESTAMP(3)>")
public class StaggerWindowFunction extends NumericArgumentsFunction {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "STAGGER_WINDOW";

    private static final String TIMER = "next";

    /**
     * The open window of a partition, the time of its pending timer, and the window size (timers
     * have no access to the call's arguments).
     */
    public static class WindowState {
        public Long windowStart;
        public Long nextTimer;
        public Long windowSize;
        public Accumulator window;
    }

    private transient NumericColumns columns;
    private transient boolean[] integral;
    private transient boolean localZoned;

    @Override
    protected TypeInference declaredTypeInference(DataTypeFactory typeFactory) {
        TypeInference extracted =
                TypeInferenceExtractor.forProcessTableFunction(
                        typeFactory, StaggerWindowFunction.class);
        return TypeInference.newBuilder()
                .staticArguments(extracted.getStaticArguments().orElseThrow())
                .inputTypeStrategy(extracted.getInputTypeStrategy())
                .stateTypeStrategies(extracted.getStateTypeStrategies())
                .outputTypeStrategy(StaggerWindowFunction::outputType)
                .build();
    }

    @Override
    protected void validateCall(CallContext call) {
        if (call.isArgumentLiteral(1)) {
            checkedSize(call.getArgumentValue(1, Duration.class).orElse(null));
        }
    }

    public void eval(
            Context ctx,
            @StateHint WindowState state,
            @StateHint MapView<Long, Accumulator> pending,
            @ArgumentHint(
                            value = {SET_SEMANTIC_TABLE, REQUIRE_ON_TIME},
                            name = "input")
                    Row input,
            @ArgumentHint(name = "window_size") Duration windowSize)
            throws Exception {
        if (columns == null) {
            checkedSize(windowSize);
            init(ctx.tableSemanticsFor("input"));
        }
        state.windowSize = windowSize.toMillis();
        TimeContext<Long> time = ctx.timeContext(Long.class);
        long ts = time.time();
        Long watermark = time.currentWatermark();
        if (watermark != null && ts <= watermark) {
            return; // late: the windows it could belong to may be gone already
        }
        Accumulator rows = pending.get(ts);
        if (rows == null) {
            rows = Accumulator.empty(columns.size());
        }
        Object[] values = new Object[columns.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = input.getField(columns.position(c));
        }
        rows.add(values, integral);
        pending.put(ts, rows);
        if (state.nextTimer == null || ts < state.nextTimer) {
            time.registerOnTime(TIMER, ts);
            state.nextTimer = ts;
        }
    }

    /**
     * Fires at the earliest of the partition's pending row times and its open window's last
     * millisecond, so that windows open and close in time order whatever the watermark's jumps.
     */
    public void onTimer(OnTimerContext ctx, WindowState state, MapView<Long, Accumulator> pending)
            throws Exception {
        if (columns == null) {
            init(ctx.tableSemanticsFor("input"));
        }
        TimeContext<Long> time = ctx.timeContext(Long.class);
        long now = time.time();
        long size = state.windowSize;
        List<Long> due = new ArrayList<>();
        Long nextPending = null;
        Iterable<Long> pendingTimes = pending.keys();
        for (Long ts : pendingTimes == null ? List.<Long>of() : pendingTimes) {
            if (ts <= now) {
                due.add(ts);
            } else if (nextPending == null || ts < nextPending) {
                nextPending = ts;
            }
        }
        due.sort(null);
        for (Long ts : due) {
            if (state.windowStart != null && ts >= state.windowStart + size) {
                emit(state, size);
            }
            if (state.windowStart == null) {
                state.windowStart = ts;
                state.window = Accumulator.empty(columns.size());
            }
            state.window.merge(pending.get(ts));
            pending.remove(ts);
        }
        if (state.windowStart != null && state.windowStart + size - 1 <= now) {
            emit(state, size);
        }
        Long next = nextPending;
        if (state.windowStart != null) {
            long closes = state.windowStart + size - 1;
            next = next == null ? closes : Math.min(next, closes);
        }
        if (next == null) {
            ctx.clearAllState();
        } else {
            time.registerOnTime(TIMER, next);
            state.nextTimer = next;
        }
    }

    private void emit(WindowState state, long size) {
        long start = state.windowStart;
        long end = start + size;
        List<Object> fields = new ArrayList<>(3 + 4 * columns.size());
        fields.add(timestamp(start));
        fields.add(timestamp(end));
        fields.add(state.window.rows);
        for (int c = 0; c < columns.size(); c++) {
            for (Object aggregate : state.window.aggregates(c, integral[c])) {
                fields.add(aggregate);
            }
        }
        collect(Row.of(fields.toArray()));
        state.windowStart = null;
        state.window = null;
    }

    private Object timestamp(long millis) {
        TimestampData t = TimestampData.fromEpochMillis(millis);
        return localZoned ? t.toInstant() : t.toLocalDateTime();
    }

    private void init(TableSemantics semantics) {
        DataType rowType = semantics.dataType();
        columns =
                NumericColumns.ofAny(
                        rowType, semantics.partitionByColumns(), semantics.timeColumn());
        integral = new boolean[columns.size()];
        for (int c = 0; c < integral.length; c++) {
            integral[c] = NumericColumns.isIntegral(columns.type(c));
        }
        localZoned =
                DataType.getFieldDataTypes(rowType)
                                .get(semantics.timeColumn())
                                .getLogicalType()
                                .getTypeRoot()
                        == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    static long checkedSize(Duration windowSize) {
        if (windowSize == null || windowSize.isNegative() || windowSize.toMillis() < 1) {
            throw new ValidationException(
                    NAME + " window_size must be at least 1 millisecond, was " + windowSize);
        }
        return windowSize.toMillis();
    }

    /** The position of the column the {@code on_time} argument names, or -1. */
    private static int onTimeColumn(CallContext call, DataType rowType) {
        List<String> names = DataType.getFieldNames(rowType);
        List<DataType> args = call.getArgumentDataTypes();
        for (int pos = 1; pos < args.size(); pos++) {
            if (args.get(pos).getLogicalType().getTypeRoot() != LogicalTypeRoot.DESCRIPTOR
                    || !call.isArgumentLiteral(pos)) {
                continue;
            }
            for (String name :
                    call.getArgumentValue(pos, ColumnList.class)
                            .map(ColumnList::getNames)
                            .orElse(List.of())) {
                if (names.contains(name)) {
                    return names.indexOf(name);
                }
            }
        }
        return -1;
    }

    /** The output row type: depends on the input table's columns and its time column. */
    private static Optional<DataType> outputType(CallContext call) {
        TableSemantics semantics = call.getTableSemantics(0).orElse(null);
        if (semantics == null) {
            return Optional.empty();
        }
        List<DataType> args = call.getArgumentDataTypes();
        DataType rowType = args.get(0);
        int timeColumn = semantics.timeColumn();
        if (timeColumn < 0) {
            timeColumn = onTimeColumn(call, rowType);
        }
        if (timeColumn < 0) {
            // The system type inference reports the missing on_time argument.
            return Optional.of(
                    DataTypes.ROW(DataTypes.FIELD("window_start", DataTypes.TIMESTAMP(3))));
        }
        LogicalTypeRoot timeRoot =
                DataType.getFieldDataTypes(rowType).get(timeColumn).getLogicalType().getTypeRoot();
        DataType timestamp =
                timeRoot == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                        ? DataTypes.TIMESTAMP_LTZ(3)
                        : DataTypes.TIMESTAMP(3);
        NumericColumns columns =
                NumericColumns.ofAny(rowType, semantics.partitionByColumns(), timeColumn);
        List<DataTypes.Field> fields = new ArrayList<>();
        fields.add(DataTypes.FIELD("window_start", timestamp));
        fields.add(DataTypes.FIELD("window_end", timestamp));
        fields.add(DataTypes.FIELD("row_count", DataTypes.BIGINT()));
        for (int c = 0; c < columns.size(); c++) {
            DataType exact =
                    NumericColumns.isIntegral(columns.type(c))
                            ? DataTypes.BIGINT()
                            : DataTypes.DOUBLE();
            String name = columns.name(c);
            fields.add(DataTypes.FIELD(name + "_sum", exact));
            fields.add(DataTypes.FIELD(name + "_min", exact));
            fields.add(DataTypes.FIELD(name + "_max", exact));
            fields.add(DataTypes.FIELD(name + "_avg", DataTypes.DOUBLE()));
        }
        return Optional.of(DataTypes.ROW(fields));
    }
}
