package dev.brook.firehose.job;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.prefix.S3Prefix;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;

/** A source record's data, as it came, in the bucket of the backup prefix. */
final class BackupMapper implements MapFunction<FirehoseRecord, Tuple2<String, byte[]>> {
    private static final long serialVersionUID = 1L;

    private final S3Prefix backupPrefix;

    BackupMapper(S3Prefix backupPrefix) {
        this.backupPrefix = backupPrefix;
    }

    @Override
    public Tuple2<String, byte[]> map(FirehoseRecord r) {
        return Tuple2.of(
                backupPrefix.evaluate(r.getArrivalTimeMillis(), Map.of(), null), r.getData());
    }
}
