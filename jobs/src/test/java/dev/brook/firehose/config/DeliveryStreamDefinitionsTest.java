package dev.brook.firehose.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryStreamDefinitionsTest {

    /** A minimal valid definition with {@code extra} lines under the destination. */
    static String yaml(String... destinationLines) {
        StringBuilder sb =
                new StringBuilder(
                        "DeliveryStreamName: clicks\n"
                                + "KinesisStreamSourceConfiguration:\n"
                                + "  StreamName: demo-clicks\n"
                                + "ExtendedS3DestinationConfiguration:\n"
                                + "  Path: file:///tmp/out\n");
        for (String l : destinationLines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }

    static String problem(String text) {
        try {
            DeliveryStreamDefinitions.parse(text);
        } catch (InvalidDefinitionException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void fillsInFirehoseDefaults() {
        DeliveryStreamDefinition d = DeliveryStreamDefinitions.parse(yaml());
        assertThat(d.deliveryStreamType()).isEqualTo(DeliveryStreamType.KinesisStreamAsSource);
        assertThat(d.sourceStreamName()).isEqualTo("demo-clicks");
        FileDestinationConfiguration f = d.fileDestination();
        assertThat(f.bufferingHints()).isEqualTo(new BufferingHints(5, 300));
        assertThat(f.compressionFormat()).isEqualTo(CompressionFormat.UNCOMPRESSED);
        assertThat(f.customTimeZone()).isEqualTo("UTC");
        assertThat(f.s3BackupMode()).isEqualTo(S3BackupMode.Disabled);
        assertThat(f.processingConfiguration().active()).isFalse();
        assertThat(f.dynamicPartitioningConfiguration().activePartitionLimit()).isEqualTo(500);
        assertThat(d.kinesisStreamSourceConfiguration().startingPosition())
                .isEqualTo(StreamSourceConfiguration.StartingPosition.TRIM_HORIZON);
    }

    @Test
    void jsonAndYamlGiveTheSameDefinitionAndDescribeRoundTrips() {
        DeliveryStreamDefinition fromYaml =
                DeliveryStreamDefinitions.parse(
                        yaml("CompressionFormat: Snappy", "BufferingHints: {SizeInMBs: 8}"));
        String json = DeliveryStreamDefinitions.toJson(fromYaml);
        assertThat(json).contains("\"CompressionFormat\" : \"Snappy\"");
        assertThat(DeliveryStreamDefinitions.parse(json)).isEqualTo(fromYaml);
        assertThat(DeliveryStreamDefinitions.parse(DeliveryStreamDefinitions.toYaml(fromYaml)))
                .isEqualTo(fromYaml);
    }

    @Test
    void directPutOwnsABackingStream() {
        DeliveryStreamDefinition d =
                DeliveryStreamDefinitions.parse(
                        "DeliveryStreamName: events\nDeliveryStreamType: DirectPut\n"
                                + "ExtendedS3DestinationConfiguration: {Path: /tmp/out}\n");
        assertThat(d.sourceStreamName()).isEqualTo("firehose-events");
        assertThat(d.directPutSourceConfiguration().shardCount())
                .isEqualTo(DirectPutSourceConfiguration.DEFAULT_SHARD_COUNT);
    }

    @Test
    void processorParametersTakeFirehosesListFormToo() {
        String list =
                yaml(
                        "ProcessingConfiguration:",
                        "  Enabled: true",
                        "  Processors:",
                        "    - Type: AppendDelimiterToRecord",
                        "      Parameters:",
                        "        - {ParameterName: Delimiter, ParameterValue: '|'}");
        String map =
                yaml(
                        "ProcessingConfiguration:",
                        "  Processors:",
                        "    - Type: AppendDelimiterToRecord",
                        "      Parameters: {Delimiter: '|'}");
        ProcessingConfiguration a =
                DeliveryStreamDefinitions.parse(list).fileDestination().processingConfiguration();
        ProcessingConfiguration b =
                DeliveryStreamDefinitions.parse(map).fileDestination().processingConfiguration();
        assertThat(a).isEqualTo(b);
        assertThat(a.active()).isTrue();
        assertThat(a.processors().get(0).parameters()).isEqualTo(Map.of("Delimiter", "|"));
    }

    @Test
    void unknownFieldsAreNamedWithWhereTheyAreAndWhatIsKnown() {
        assertThat(problem(yaml("BufferingHints: {SizeInMB: 5}")))
                .contains(
                        "unknown field 'SizeInMB' in ExtendedS3DestinationConfiguration.BufferingHints")
                .contains("line 6")
                .contains("known fields: IntervalInSeconds, SizeInMBs");
        assertThat(problem("DeliveryStreamNam: x\n"))
                .contains("unknown field 'DeliveryStreamNam' in the definition");
    }

    @Test
    void badEnumValuesListTheAllowedOnes() {
        assertThat(problem(yaml("CompressionFormat: GZ")))
                .contains("ExtendedS3DestinationConfiguration.CompressionFormat")
                .contains(
                        "'GZ' is not one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY, ZSTD");
        assertThat(problem(yaml("S3BackupMode: All")))
                .contains("not one of Disabled, Enabled, FailedDataOnly");
    }

    @Test
    void syntaxAndTypeErrorsNameTheLine() {
        assertThat(problem("DeliveryStreamName: [x\n")).startsWith("not valid YAML");
        assertThat(problem("{\"DeliveryStreamName\": }")).startsWith("not valid JSON");
        assertThat(problem(yaml("BufferingHints: {SizeInMBs: many}")))
                .contains("ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs");
        assertThat(problem(yaml("BufferingHints: {SizeInMBs: 1.5}")))
                .contains("BufferingHints.SizeInMBs");
        assertThat(problem("")).isEqualTo("the definition is empty");
        assertThat(problem("- a\n- b\n")).contains("must be a mapping");
        assertThat(problem("DeliveryStreamName: a\nDeliveryStreamName: b\n"))
                .contains("Duplicate field 'DeliveryStreamName'");
    }

    static List<Arguments> rules() {
        return List.of(
                Arguments.of(
                        "missing name",
                        "KinesisStreamSourceConfiguration: {StreamName: s}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "DeliveryStreamName: required"),
                Arguments.of(
                        "long name",
                        "DeliveryStreamName: "
                                + "n".repeat(65)
                                + "\nKinesisStreamSourceConfiguration: {StreamName: s}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "DeliveryStreamName: delivery stream name"),
                Arguments.of(
                        "bad name",
                        "DeliveryStreamName: a/b\nKinesisStreamSourceConfiguration: {StreamName: s}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "has '/' at index 1"),
                Arguments.of(
                        "no source",
                        "DeliveryStreamName: a\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "DeliveryStreamType: required"),
                Arguments.of(
                        "stream type without stream",
                        "DeliveryStreamName: a\nDeliveryStreamType: KinesisStreamAsSource\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "KinesisStreamSourceConfiguration: required when DeliveryStreamType is KinesisStreamAsSource"),
                Arguments.of(
                        "direct put with stream",
                        "DeliveryStreamName: a\nDeliveryStreamType: DirectPut\nKinesisStreamSourceConfiguration: {StreamName: s}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "not allowed when DeliveryStreamType is DirectPut"),
                Arguments.of(
                        "stream with direct put config",
                        "DeliveryStreamName: a\nDeliveryStreamType: KinesisStreamAsSource\nKinesisStreamSourceConfiguration: {StreamName: s}\nDirectPutSourceConfiguration: {ShardCount: 2}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "DirectPutSourceConfiguration: not allowed"),
                Arguments.of(
                        "both sources",
                        "DeliveryStreamName: a\nKinesisStreamSourceConfiguration: {StreamName: s}\nDirectPutSourceConfiguration: {ShardCount: 2}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "not both"),
                Arguments.of(
                        "bad stream name",
                        "DeliveryStreamName: a\nKinesisStreamSourceConfiguration: {StreamName: _x}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "KinesisStreamSourceConfiguration.StreamName: illegal stream name '_x'"),
                Arguments.of(
                        "empty root",
                        "DeliveryStreamName: a\nKinesisStreamSourceConfiguration: {StreamName: s, Root: ' '}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "KinesisStreamSourceConfiguration.Root: must not be empty"),
                Arguments.of(
                        "shard count",
                        "DeliveryStreamName: a\nDirectPutSourceConfiguration: {ShardCount: 0}\nExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "DirectPutSourceConfiguration.ShardCount: 0 is out of range: it must be 1 to 1000"),
                Arguments.of(
                        "no destination",
                        "DeliveryStreamName: a\nKinesisStreamSourceConfiguration: {StreamName: s}\n",
                        "ExtendedS3DestinationConfiguration: required"),
                Arguments.of(
                        "no path",
                        "DeliveryStreamName: a\nKinesisStreamSourceConfiguration: {StreamName: s}\nExtendedS3DestinationConfiguration: {Prefix: x/}\n",
                        "ExtendedS3DestinationConfiguration.Path: required"),
                Arguments.of(
                        "bad scheme",
                        yaml().replace("file:///tmp/out", "ftp://host/out"),
                        "scheme 'ftp' is not a filesystem"),
                Arguments.of(
                        "size 0",
                        yaml("BufferingHints: {SizeInMBs: 0}"),
                        "BufferingHints.SizeInMBs: 0 is out of range: it must be 1 to 128"),
                Arguments.of(
                        "size 129",
                        yaml("BufferingHints: {SizeInMBs: 129}"),
                        "BufferingHints.SizeInMBs: 129 is out of range: it must be 1 to 128"),
                Arguments.of(
                        "interval -1",
                        yaml("BufferingHints: {IntervalInSeconds: -1}"),
                        "IntervalInSeconds: -1 is out of range: it must be 0 to 900"),
                Arguments.of(
                        "interval 901",
                        yaml("BufferingHints: {IntervalInSeconds: 901}"),
                        "IntervalInSeconds: 901 is out of range: it must be 0 to 900"),
                Arguments.of(
                        "small size with partitioning",
                        yaml(
                                "Prefix: 'k=!{partitionKeyFromQuery:k}/'",
                                "ErrorOutputPrefix: err/",
                                "BufferingHints: {SizeInMBs: 5, IntervalInSeconds: 60}",
                                "DynamicPartitioningConfiguration: {Enabled: true}"),
                        "5 is below 64, the minimum with dynamic partitioning"),
                Arguments.of(
                        "zero interval with partitioning",
                        yaml(
                                "Prefix: 'k=!{partitionKeyFromQuery:k}/'",
                                "ErrorOutputPrefix: err/",
                                "BufferingHints: {SizeInMBs: 64, IntervalInSeconds: 0}",
                                "DynamicPartitioningConfiguration: {Enabled: true}"),
                        "0 is below 60, the minimum with dynamic partitioning"),
                Arguments.of(
                        "partition limit",
                        yaml(
                                "Prefix: 'k=!{partitionKeyFromQuery:k}/'",
                                "ErrorOutputPrefix: err/",
                                "DynamicPartitioningConfiguration: {Enabled: true, ActivePartitionLimit: 5001}"),
                        "ActivePartitionLimit: 5001 is out of range: it must be 1 to 5000"),
                Arguments.of(
                        "retry duration",
                        yaml(
                                "Prefix: 'k=!{partitionKeyFromQuery:k}/'",
                                "ErrorOutputPrefix: err/",
                                "DynamicPartitioningConfiguration: {Enabled: true, RetryOptions: {DurationInSeconds: 7201}}"),
                        "DurationInSeconds: 7201 is out of range: it must be 0 to 7200"),
                Arguments.of(
                        "time zone",
                        yaml("CustomTimeZone: Mars/Olympus"),
                        "CustomTimeZone: 'Mars/Olympus' is not a time zone"),
                Arguments.of(
                        "file extension",
                        yaml("FileExtension: gz"),
                        "FileExtension: 'gz' must start with '.'"),
                Arguments.of(
                        "file extension length",
                        yaml("FileExtension: ." + "a".repeat(128)),
                        "FileExtension: has 129 characters; the limit is 128"),
                Arguments.of(
                        "expression without error prefix",
                        yaml("Prefix: 'y=!{timestamp:yyyy}/'"),
                        "ErrorOutputPrefix can't be null when Prefix contains expressions"),
                Arguments.of(
                        "partitioning without error prefix",
                        yaml(
                                "Prefix: 'k=!{partitionKeyFromQuery:k}/'",
                                "DynamicPartitioningConfiguration: {Enabled: true}"),
                        "ErrorOutputPrefix is required with dynamic partitioning"),
                Arguments.of(
                        "partition key without partitioning",
                        yaml("Prefix: 'k=!{partitionKeyFromQuery:k}/'", "ErrorOutputPrefix: err/"),
                        "ExtendedS3DestinationConfiguration: "),
                Arguments.of(
                        "processor type",
                        yaml("ProcessingConfiguration: {Processors: [{Parameters: {}}]}"),
                        "Processors[0].Type: required"),
                Arguments.of(
                        "unknown processor",
                        yaml("ProcessingConfiguration: {Processors: [{Type: Teleport}]}"),
                        "ProcessingConfiguration.Processors: "),
                Arguments.of(
                        "conversion compression",
                        yaml(
                                "CompressionFormat: GZIP",
                                "BufferingHints: {SizeInMBs: 64}",
                                "DataFormatConversionConfiguration: {SchemaConfiguration: {Columns: 'a STRING'}, OutputFormatConfiguration: {Serializer: {ParquetSerDe: {}}}}"),
                        "CompressionFormat: must be UNCOMPRESSED with data format conversion"),
                Arguments.of(
                        "conversion size",
                        yaml(
                                "BufferingHints: {SizeInMBs: 5}",
                                "DataFormatConversionConfiguration: {SchemaConfiguration: {Columns: 'a STRING'}, OutputFormatConfiguration: {Serializer: {ParquetSerDe: {}}}}"),
                        "5 is below 64, the minimum with data format conversion"),
                Arguments.of(
                        "conversion schema",
                        yaml(
                                "DataFormatConversionConfiguration: {OutputFormatConfiguration: {Serializer: {OrcSerDe: {}}}}"),
                        "SchemaConfiguration.Columns: required"),
                Arguments.of(
                        "conversion serializer",
                        yaml(
                                "DataFormatConversionConfiguration: {SchemaConfiguration: {Columns: 'a STRING'}, OutputFormatConfiguration: {Serializer: {ParquetSerDe: {}, OrcSerDe: {}}}}"),
                        "give exactly one of ParquetSerDe or OrcSerDe"),
                Arguments.of(
                        "parquet compression",
                        yaml(
                                "DataFormatConversionConfiguration: {SchemaConfiguration: {Columns: 'a STRING'}, OutputFormatConfiguration: {Serializer: {ParquetSerDe: {Compression: ZLIB}}}}"),
                        "ParquetSerDe.Compression: 'ZLIB' is not one of SNAPPY, GZIP, UNCOMPRESSED"),
                Arguments.of(
                        "orc compression",
                        yaml(
                                "DataFormatConversionConfiguration: {SchemaConfiguration: {Columns: 'a STRING'}, OutputFormatConfiguration: {Serializer: {OrcSerDe: {Compression: GZIP}}}}"),
                        "OrcSerDe.Compression: 'GZIP' is not one of SNAPPY, ZLIB, NONE"),
                Arguments.of(
                        "backup config while disabled",
                        yaml("S3BackupConfiguration: {Prefix: b/}"),
                        "S3BackupConfiguration: given but S3BackupMode is Disabled"),
                Arguments.of(
                        "backup prefix",
                        yaml(
                                "S3BackupMode: Enabled",
                                "S3BackupConfiguration: {Prefix: '!{firehose:error-output-type}/'}"),
                        "S3BackupConfiguration.Prefix: "),
                Arguments.of(
                        "backup path",
                        yaml(
                                "S3BackupMode: Enabled",
                                "S3BackupConfiguration: {Path: 'gopher://x/'}"),
                        "S3BackupConfiguration.Path: 'gopher://x/': scheme 'gopher'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rejectsWithTheFieldAndTheLimit(String rule, String text, String expected) {
        assertThat(problem(text)).contains(expected);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        InvalidDefinitionException e =
                (InvalidDefinitionException)
                        org.assertj.core.api.Assertions.catchThrowable(
                                () ->
                                        DeliveryStreamDefinitions.parse(
                                                yaml(
                                                        "BufferingHints: {SizeInMBs: 0,"
                                                                + " IntervalInSeconds: 1000}",
                                                        "CustomTimeZone: Nowhere")));
        assertThat(e.problems()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({"1,0", "128,900", "64,60"})
    void acceptsTheEndsOfTheRanges(int size, int interval) {
        assertThat(
                        DeliveryStreamDefinitions.parse(
                                        yaml(
                                                "BufferingHints: {SizeInMBs: "
                                                        + size
                                                        + ", IntervalInSeconds: "
                                                        + interval
                                                        + "}"))
                                .fileDestination()
                                .bufferingHints())
                .isEqualTo(new BufferingHints(size, interval));
        assertThatThrownBy(
                        () ->
                                DeliveryStreamDefinitions.parse(
                                        yaml("BufferingHints: {SizeInMBs: " + (size + 200) + "}")))
                .isInstanceOf(InvalidDefinitionException.class);
    }
}
