package dev.brook.firehose.job;

import dev.brook.firehose.prefix.ObjectNames;
import java.time.ZoneId;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/**
 * Firehose's object names through FileSink. FileSink names a part file {@code
 * <partPrefix>-<uuid>-<counter><partSuffix>} and asks for the prefix each time it opens one, so a
 * prefix of {@code <name>-<version>-<yyyy-MM-dd-HH-mm-ss>} taken at that moment gives {@code
 * <name>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>-<counter><ext>}: Firehose's form, with {@code
 * <uuid>-<counter>} as the random part (unique per file, as Firehose's is).
 */
final class ObjectNameFileConfig extends OutputFileConfig {
    private static final long serialVersionUID = 1L;

    /** Stands in for the uuid that FileSink appends itself; cut off again. */
    private static final String MARK = "x";

    private final String streamName;
    private final int version;
    private final ZoneId zone;

    ObjectNameFileConfig(String streamName, int version, ZoneId zone, String extension) {
        super("", extension);
        this.streamName = streamName;
        this.version = version;
        this.zone = zone;
    }

    @Override
    public String getPartPrefix() {
        String name =
                ObjectNames.objectName(
                        streamName, version, System.currentTimeMillis(), MARK, "", zone);
        return name.substring(0, name.length() - MARK.length() - 1);
    }
}
