package dev.brook.store;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** Settings of a new stream: retention period, record size limit, free-form properties. */
public record StreamSettings(
        Duration retention, int maxRecordBytes, Map<String, String> properties) {

    public static StreamSettings defaults(Configuration config) {
        return new StreamSettings(
                config.get(BrookStoreOptions.DEFAULT_RETENTION),
                (int) config.get(BrookStoreOptions.DEFAULT_MAX_RECORD_SIZE).getBytes(),
                Map.of());
    }

    public StreamSettings withRetention(Duration d) {
        return new StreamSettings(d, maxRecordBytes, properties);
    }

    public StreamSettings withMaxRecordBytes(int bytes) {
        return new StreamSettings(retention, bytes, properties);
    }

    public StreamSettings withProperties(Map<String, String> p) {
        return new StreamSettings(retention, maxRecordBytes, p);
    }

    void validate() {
        if (retention.isZero() || retention.isNegative()) {
            throw BrookException.invalidArgument(
                    "retention period must be positive, got " + retention);
        }
        if (maxRecordBytes < 1 || maxRecordBytes > BrookStoreOptions.MAX_RECORD_SIZE_LIMIT) {
            throw BrookException.invalidArgument(
                    "max record size "
                            + maxRecordBytes
                            + " bytes is out of range: 1 to "
                            + BrookStoreOptions.MAX_RECORD_SIZE_LIMIT
                            + " (10 MiB)");
        }
    }
}
