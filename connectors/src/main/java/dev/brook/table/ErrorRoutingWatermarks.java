package dev.brook.table;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Either;

/**
 * The table's watermark strategy on a source that also emits error records: rows get their
 * timestamps and drive the watermarks exactly as without routing (per shard, in the source); an
 * error record keeps its arrival time and moves no watermark.
 */
final class ErrorRoutingWatermarks
        implements WatermarkStrategy<Either<RowData, Tuple2<String, byte[]>>> {
    private static final long serialVersionUID = 1L;

    private final WatermarkStrategy<RowData> rows;

    ErrorRoutingWatermarks(WatermarkStrategy<RowData> rows) {
        this.rows = rows;
    }

    @Override
    public WatermarkGenerator<Either<RowData, Tuple2<String, byte[]>>> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        WatermarkGenerator<RowData> generator = rows.createWatermarkGenerator(context);
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(
                    Either<RowData, Tuple2<String, byte[]>> event,
                    long timestamp,
                    WatermarkOutput output) {
                if (event.isLeft()) {
                    generator.onEvent(event.left(), timestamp, output);
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                generator.onPeriodicEmit(output);
            }
        };
    }

    @Override
    public TimestampAssigner<Either<RowData, Tuple2<String, byte[]>>> createTimestampAssigner(
            TimestampAssignerSupplier.Context context) {
        TimestampAssigner<RowData> assigner = rows.createTimestampAssigner(context);
        return (event, recordTimestamp) ->
                event.isLeft()
                        ? assigner.extractTimestamp(event.left(), recordTimestamp)
                        : recordTimestamp;
    }

    @Override
    public WatermarkAlignmentParams getAlignmentParameters() {
        return rows.getAlignmentParameters();
    }
}
