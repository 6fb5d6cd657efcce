package dev.brook.firehose.job;

import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.format.Compression;
import dev.brook.firehose.format.ParquetRows;
import dev.brook.firehose.format.Schemas;
import dev.brook.store.Record;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import dev.brook.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Brook stream delivered to a local directory by the Firehose job, on a MiniCluster with
 * checkpoints and injected task failures: the delivered records equal the input exactly, keys
 * follow the prefix rules and object names Firehose's form.
 */
class FirehoseLocalDeliveryITCase {
    @RegisterExtension static final BrookExtension brook = BrookExtension.withMiniCluster(1, 2);

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    @TempDir Path out;

    static Pattern objectName(String stream, String extension) {
        return Pattern.compile(
                Pattern.quote(stream)
                        + "-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}-\\d+"
                        + Pattern.quote(extension));
    }

    @Test
    void deliversEveryRecordExactlyOnceThroughFailuresUnderTheDefaultPrefix() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        brook.createStream("clicks", 4);
        List<TestRecord> input = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String key = "user-" + random.nextInt(50);
            input.add(
                    TestRecord.of(
                            key, key + "#" + i + "#" + Long.toHexString(random.nextLong()) + "\n"));
        }
        brook.putAll("clicks", input);

        DeliveryStreamDefinition definition =
                DeliveryStreamDefinitions.parse(
                        String.join(
                                "\n",
                                "DeliveryStreamName: clicks-to-files",
                                "KinesisStreamSourceConfiguration:",
                                "  StreamName: clicks",
                                "ExtendedS3DestinationConfiguration:",
                                "  Path: " + out.toUri(),
                                "  CompressionFormat: GZIP",
                                "  BufferingHints: {SizeInMBs: 1, IntervalInSeconds: 0}"));
        FailingMap<FirehoseRecord> failures = FailingMap.failAfter(700, 2);
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(200);
        env.setParallelism(2);
        FirehoseJob job =
                FirehoseJob.builder(definition)
                        .root(brook.root())
                        .bounded(true)
                        .afterSource(failures)
                        .build();
        job.prepareSource();
        job.addTo(env);
        env.execute(job.jobName());

        assertThat(failures.failuresInjected()).as("seed %s", seed).isEqualTo(2);
        Map<String, String> hourOf = new HashMap<>();
        for (Record r : brook.readRecords("clicks")) {
            hourOf.put(
                    new String(r.data(), StandardCharsets.UTF_8).strip(),
                    HOUR.format(Instant.ofEpochMilli(r.arrivalMillis())));
        }
        DeliveredFiles files = DeliveredFiles.under(out);
        List<String> delivered = new ArrayList<>();
        for (DeliveredFiles.File f : files.files()) {
            assertThat(f.name()).matches(objectName("clicks-to-files", ".gz"));
            for (String line : f.lines(Compression.GZIP)) {
                delivered.add(line);
                // The prefix is evaluated on its buffer's first record: this record's hour or,
                // across an hour boundary, an earlier one of the same run.
                assertThat(f.prefix())
                        .as("key of %s", line)
                        .isLessThanOrEqualTo(hourOf.get(line))
                        .isIn(hourOf.values());
            }
        }
        assertSameMultiset(input.stream().map(r -> r.value().strip()).toList(), delivered);
    }

    @Test
    void partitionsByExtractedKeysAndSendsBadRecordsToTheErrorOutputWithTheirType()
            throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        brook.createStream("events", 3);
        List<TestRecord> input = new ArrayList<>();
        List<String> good = new ArrayList<>();
        List<String> notJson = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String user = "u" + random.nextInt(6);
            String data;
            int kind = random.nextInt(20);
            if (kind == 0) {
                data = "not json " + i;
                notJson.add(data);
            } else if (kind == 1) {
                data = "{\"user\":\"" + user + "\",\"reject\":" + i + "}";
                rejected.add(data);
            } else {
                data = "{\"user\":\"" + user + "\",\"n\":" + i + "}";
                good.add(data);
            }
            input.add(TestRecord.of(user, data));
        }
        brook.putAll("events", input);

        DeliveryStreamDefinition definition =
                DeliveryStreamDefinitions.parse(
                        String.join(
                                "\n",
                                "DeliveryStreamName: events-by-user",
                                "KinesisStreamSourceConfiguration: {StreamName: events}",
                                "ExtendedS3DestinationConfiguration:",
                                "  Path: " + out.toUri(),
                                "  Prefix: 'users/user=!{partitionKeyFromQuery:user}/'",
                                "  ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/'",
                                "  BufferingHints: {SizeInMBs: 64, IntervalInSeconds: 60}",
                                "  DynamicPartitioningConfiguration:",
                                "    Enabled: true",
                                "    ActivePartitionLimit: 4",
                                "  ProcessingConfiguration:",
                                "    Enabled: true",
                                "    Processors:",
                                "      - Type: Lambda",
                                "        Parameters:",
                                "          TransformerClassName: "
                                        + RejectingTransformer.class.getName(),
                                "      - Type: MetadataExtraction",
                                "        Parameters:",
                                "          MetadataExtractionQuery: '{user: .user}'",
                                "          JsonParsingEngine: JQ-1.6",
                                "      - Type: AppendDelimiterToRecord"));
        FailingMap<FirehoseRecord> failures = FailingMap.failAfter(600, 1);
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(200);
        env.setParallelism(1);
        FirehoseJob job =
                FirehoseJob.builder(definition)
                        .root(brook.root())
                        .bounded(true)
                        .afterSource(failures)
                        .build();
        job.addTo(env);
        env.execute(job.jobName());

        DeliveredFiles files = DeliveredFiles.under(out);
        List<String> delivered = new ArrayList<>();
        for (DeliveredFiles.File f : files.startingWith("users/")) {
            assertThat(f.name()).matches(objectName("events-by-user", ""));
            for (String line : f.lines(Function.identity())) {
                delivered.add(line);
                String user = line.replaceAll(".*\"user\":\"(u\\d+)\".*", "$1");
                assertThat(f.prefix()).as("seed %s", seed).isEqualTo("users/user=" + user);
            }
        }
        List<String> processingFailed = new ArrayList<>();
        List<String> extractionFailed = new ArrayList<>();
        List<String> overLimit = new ArrayList<>();
        for (DeliveredFiles.File f : files.startingWith("errors/")) {
            for (String line : f.lines(Function.identity())) {
                JsonNode error = JSON.readTree(line);
                String raw =
                        new String(
                                Base64.getDecoder().decode(error.get("rawData").asText()),
                                StandardCharsets.UTF_8);
                assertThat(error.get("attemptsMade").asInt()).isPositive();
                assertThat(error.get("arrivalTimestamp").asLong()).isPositive();
                assertThat(error.get("attemptEndingTimestamp").asLong()).isPositive();
                assertThat(error.get("errorMessage").asText()).isNotEmpty();
                String code = error.get("errorCode").asText();
                if (f.prefix().equals("errors/processing-failed")) {
                    assertThat(code).isEqualTo("Lambda.ProcessingFailedStatus");
                    processingFailed.add(raw);
                } else {
                    assertThat(f.prefix()).as(line).isEqualTo("errors/partitioning-failed");
                    if (code.equals("activePartitionExceeded")) {
                        overLimit.add(raw);
                    } else {
                        assertThat(code).isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
                        extractionFailed.add(raw);
                    }
                }
            }
        }
        assertThat(files.notStartingWith("users/", "errors/")).isEmpty();
        assertSameMultiset(rejected, processingFailed);
        assertSameMultiset(notJson, extractionFailed);
        List<String> placed = new ArrayList<>(delivered);
        overLimit.forEach(r -> placed.add(r.strip())); // processed data: delimiter appended
        assertSameMultiset(good, placed);
        assertThat(overLimit).as("6 users, 4 active partitions at most").isNotEmpty();
    }

    @Test
    void convertsJsonToParquetReadBackWithParquetsOwnReader() throws Exception {
        Converted c = deliverConverted("pages-parquet", "ParquetSerDe: {Compression: GZIP}");
        List<String> rows = new ArrayList<>();
        for (DeliveredFiles.File f : c.files().startingWith("converted/")) {
            assertThat(f.name()).matches(objectName("pages-parquet", ".parquet"));
            for (List<Object> row :
                    ParquetRows.read(
                            out.resolve(f.key()),
                            Schemas.parse("page STRING, user_id BIGINT, ts BIGINT"))) {
                rows.add(row.get(0) + "," + row.get(1) + "," + row.get(2));
            }
        }
        c.check(rows);
    }

    @Test
    void convertsJsonToOrcReadBackWithOrcsOwnReader() throws Exception {
        Converted c = deliverConverted("pages-orc", "OrcSerDe: {Compression: ZLIB}");
        List<String> rows = new ArrayList<>();
        List<DeliveredFiles.File> orcFiles = c.files().startingWith("converted/");
        assertThat(orcFiles).isNotEmpty();
        for (DeliveredFiles.File f : orcFiles) {
            assertThat(f.name()).matches(objectName("pages-orc", ".orc"));
            try (org.apache.orc.Reader reader =
                    org.apache.orc.OrcFile.createReader(
                            new org.apache.hadoop.fs.Path(out.resolve(f.key()).toUri()),
                            org.apache.orc.OrcFile.readerOptions(
                                    new org.apache.hadoop.conf.Configuration()))) {
                assertThat(reader.getCompressionKind().name()).isEqualTo("ZLIB");
                assertThat(reader.getSchema().toString())
                        .isEqualTo("struct<page:string,user_id:bigint,ts:bigint>");
                var batch = reader.getSchema().createRowBatch();
                try (org.apache.orc.RecordReader records = reader.rows()) {
                    while (records.nextBatch(batch)) {
                        var page =
                                (org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector)
                                        batch.cols[0];
                        var user =
                                (org.apache.hadoop.hive.ql.exec.vector.LongColumnVector)
                                        batch.cols[1];
                        var ts =
                                (org.apache.hadoop.hive.ql.exec.vector.LongColumnVector)
                                        batch.cols[2];
                        for (int r = 0; r < batch.size; r++) {
                            rows.add(page.toString(r) + "," + user.vector[r] + "," + ts.vector[r]);
                        }
                    }
                }
            }
        }
        c.check(rows);
    }

    /** The files a converting delivery stream wrote, and what it was given. */
    private record Converted(DeliveredFiles files, List<String> expected, List<String> malformed) {
        /** The rows read back are the good records; the bad ones are errors with their type. */
        void check(List<String> rows) throws Exception {
            assertSameMultiset(expected, rows);
            List<String> failed = new ArrayList<>();
            for (DeliveredFiles.File f : files.startingWith("errors/")) {
                assertThat(f.prefix()).isEqualTo("errors/format-conversion-failed");
                for (String line : f.lines(Function.identity())) {
                    JsonNode error = JSON.readTree(line);
                    assertThat(error.get("errorCode").asText())
                            .isEqualTo(DeliveryOperator.CONVERSION_FAILED);
                    assertThat(error.get("errorMessage").asText()).contains("user_id");
                    failed.add(
                            new String(
                                    Base64.getDecoder().decode(error.get("rawData").asText()),
                                    StandardCharsets.UTF_8));
                }
            }
            assertSameMultiset(malformed, failed);
            assertThat(files.notStartingWith("converted/", "errors/")).isEmpty();
        }
    }

    /**
     * JSON records (OpenX options: keys matched case-insensitively, {@code ts} from the key {@code
     * time}; one in 50 with a bad {@code user_id}) delivered under {@code converted/} by a delivery
     * stream converting them with {@code serializer}.
     */
    private Converted deliverConverted(String name, String serializer) throws Exception {
        String stream = name + "-input";
        brook.createStream(stream, 2);
        List<TestRecord> input = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            if (i % 50 == 7) {
                String bad = "{\"Page\": \"/p" + i + "\", \"user_id\": \"not a number\"}";
                malformed.add(bad);
                input.add(TestRecord.of("k" + i, bad));
            } else {
                input.add(
                        TestRecord.of(
                                "k" + i,
                                "{\"Page\": \"/p"
                                        + i
                                        + "\", \"user_id\": "
                                        + i
                                        + ", \"time\": "
                                        + (i * 10)
                                        + "}"));
                expected.add("/p" + i + "," + i + "," + (i * 10));
            }
        }
        brook.putAll(stream, input);
        DeliveryStreamDefinition definition =
                DeliveryStreamDefinitions.parse(
                        String.join(
                                "\n",
                                "DeliveryStreamName: " + name,
                                "KinesisStreamSourceConfiguration: {StreamName: " + stream + "}",
                                "ExtendedS3DestinationConfiguration:",
                                "  Path: " + out.toUri(),
                                "  Prefix: converted/",
                                "  ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/'",
                                "  BufferingHints: {SizeInMBs: 64, IntervalInSeconds: 60}",
                                "  DataFormatConversionConfiguration:",
                                "    SchemaConfiguration: {Columns: 'page STRING, user_id BIGINT, ts BIGINT'}",
                                "    InputFormatConfiguration:",
                                "      Deserializer: {OpenXJsonSerDe: {ColumnToJsonKeyMappings: {ts: time}}}",
                                "    OutputFormatConfiguration:",
                                "      Serializer: {" + serializer + "}"));
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(200);
        env.setParallelism(2);
        FirehoseJob job = FirehoseJob.builder(definition).root(brook.root()).bounded(true).build();
        job.addTo(env);
        env.execute(job.jobName());
        return new Converted(DeliveredFiles.under(out), expected, malformed);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
