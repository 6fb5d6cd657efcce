package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.config.InvalidDefinitionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A delivery stream definition from a file, flags, or both (flags override the file's fields), so
 * simple delivery streams need no file.
 */
final class FirehoseDefinitionOptions {
    private static final String SOURCE = "KinesisStreamSourceConfiguration";
    private static final String DEST = "ExtendedS3DestinationConfiguration";

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "The definition (YAML or JSON). Optional when the flags define it.")
    Path file;

    @Option(
            names = "--delivery-stream-name",
            paramLabel = "NAME",
            description = "DeliveryStreamName.")
    String name;

    @Option(
            names = "--stream-name",
            paramLabel = "STREAM",
            description = "Read this Brook stream (KinesisStreamSourceConfiguration.StreamName).")
    String streamName;

    @Option(
            names = "--direct-put",
            description =
                    "Direct PUT: a backing stream firehose-NAME, written with put-record(-batch).")
    boolean directPut;

    @Option(names = "--path", paramLabel = "URI", description = "The destination directory (Path).")
    String path;

    @Option(names = "--prefix", paramLabel = "EXPR", description = "Prefix.")
    String prefix;

    @Option(
            names = "--error-output-prefix",
            paramLabel = "EXPR",
            description = "ErrorOutputPrefix.")
    String errorOutputPrefix;

    @Option(
            names = "--compression-format",
            paramLabel = "FORMAT",
            description =
                    "CompressionFormat: UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY, ZSTD.")
    String compressionFormat;

    @Option(
            names = "--buffer-size-mb",
            paramLabel = "MB",
            description = "BufferingHints.SizeInMBs (1-128).")
    Integer sizeInMBs;

    @Option(
            names = "--buffer-interval-seconds",
            paramLabel = "S",
            description = "BufferingHints.IntervalInSeconds (0-900).")
    Integer intervalInSeconds;

    @Option(names = "--custom-time-zone", paramLabel = "ZONE", description = "CustomTimeZone.")
    String customTimeZone;

    /** The validated definition, or a one-line reason naming the file or flag and the rule. */
    DeliveryStreamDefinition load() throws BadDefinition {
        try {
            if (!anyFlag()) {
                if (file == null) {
                    throw new BadDefinition(
                            "give a definition FILE, or at least --delivery-stream-name, --stream-name"
                                    + " (or --direct-put) and --path");
                }
                return DeliveryStreamDefinitions.parse(read());
            }
            ObjectNode tree =
                    file == null
                            ? DeliveryStreamDefinitions.emptyTree()
                            : DeliveryStreamDefinitions.readTree(read());
            apply(tree);
            return DeliveryStreamDefinitions.parse(tree);
        } catch (InvalidDefinitionException e) {
            throw new BadDefinition((file == null ? "" : file + ": ") + e.getMessage());
        }
    }

    private String read() throws BadDefinition {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadDefinition("no such file: " + file);
        } catch (IOException e) {
            throw new BadDefinition(file + ": cannot read it: " + Inputs.reason(e));
        }
    }

    private boolean anyFlag() {
        return name != null
                || streamName != null
                || directPut
                || path != null
                || prefix != null
                || errorOutputPrefix != null
                || compressionFormat != null
                || sizeInMBs != null
                || intervalInSeconds != null
                || customTimeZone != null;
    }

    private void apply(ObjectNode tree) {
        if (name != null) {
            tree.put("DeliveryStreamName", name);
        }
        if (streamName != null) {
            tree.put("DeliveryStreamType", "KinesisStreamAsSource");
            tree.remove("DirectPutSourceConfiguration");
            child(tree, SOURCE).put("StreamName", streamName);
        }
        if (directPut) {
            tree.put("DeliveryStreamType", "DirectPut");
            tree.remove(SOURCE);
        }
        ObjectNode dest = null;
        if (path != null) {
            dest = child(tree, DEST);
            dest.put("Path", path);
        }
        if (prefix != null) {
            (dest = child(tree, DEST)).put("Prefix", prefix);
        }
        if (errorOutputPrefix != null) {
            (dest = child(tree, DEST)).put("ErrorOutputPrefix", errorOutputPrefix);
        }
        if (compressionFormat != null) {
            (dest = child(tree, DEST)).put("CompressionFormat", compressionFormat);
        }
        if (customTimeZone != null) {
            (dest = child(tree, DEST)).put("CustomTimeZone", customTimeZone);
        }
        if (sizeInMBs != null) {
            child(child(tree, DEST), "BufferingHints").put("SizeInMBs", sizeInMBs);
        }
        if (intervalInSeconds != null) {
            child(child(tree, DEST), "BufferingHints").put("IntervalInSeconds", intervalInSeconds);
        }
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    /** A definition that cannot be used; the message is one line. */
    static final class BadDefinition extends Exception {
        BadDefinition(String message) {
            super(message);
        }
    }
}
