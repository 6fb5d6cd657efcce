package dev.brook.firehose.prefix;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The names Firehose gives delivered objects, after the evaluated prefix: {@code <stream
 * name>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>}.
 */
public final class ObjectNames {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    /** Firehose's limit on a delivery stream name. */
    public static final int MAX_STREAM_NAME_LENGTH = 64;

    private ObjectNames() {}

    /** The object name with the creation time in UTC. */
    public static String objectName(
            String streamName, int version, long creationMillis, String uuid, String extension) {
        return objectName(streamName, version, creationMillis, uuid, extension, ZoneOffset.UTC);
    }

    /**
     * The object name with the creation time in {@code zone} (Firehose uses the delivery stream's
     * custom time zone for the name as for the prefix).
     *
     * @param version the delivery stream's version, 1 for the first configuration
     * @param extension empty or null for none, else starting with '.', e.g. {@code .gz}
     */
    public static String objectName(
            String streamName,
            int version,
            long creationMillis,
            String uuid,
            String extension,
            ZoneId zone) {
        requireStreamName(streamName);
        if (version < 1) {
            throw new IllegalArgumentException(
                    "delivery stream version must be at least 1, was " + version);
        }
        Objects.requireNonNull(uuid, "uuid");
        if (uuid.isEmpty() || uuid.indexOf('/') >= 0) {
            throw new IllegalArgumentException(
                    "uuid must be non-empty and without '/', was \"" + uuid + "\"");
        }
        String ext = extension == null ? "" : extension;
        if (!ext.isEmpty() && (ext.charAt(0) != '.' || ext.indexOf('/') >= 0)) {
            throw new IllegalArgumentException(
                    "file extension must be empty or start with '.' and have no '/', was \""
                            + ext
                            + "\"");
        }
        String time = TIME.withZone(zone).format(Instant.ofEpochMilli(creationMillis));
        return streamName + '-' + version + '-' + time + '-' + uuid + ext;
    }

    /** Firehose's delivery stream names: 1 to 64 of {@code [a-zA-Z0-9_.-]}. */
    public static void requireStreamName(String streamName) {
        Objects.requireNonNull(streamName, "streamName");
        if (streamName.isEmpty() || streamName.length() > MAX_STREAM_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    String.format(
                            "delivery stream name \"%s\" must be 1 to %d characters long",
                            streamName, MAX_STREAM_NAME_LENGTH));
        }
        for (int i = 0; i < streamName.length(); i++) {
            char c = streamName.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '.'
                            || c == '-';
            if (!ok) {
                throw new IllegalArgumentException(
                        String.format(
                                "delivery stream name \"%s\" has '%c' at index %d; allowed are"
                                        + " letters, digits, '_', '.' and '-'",
                                streamName, c, i));
            }
        }
    }
}
