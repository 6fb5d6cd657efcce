package dev.brook.firehose.job;

import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.destination.FirehoseEndpointServer;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import dev.brook.testing.TestRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Brook stream delivered by the Firehose job, defined in YAML, to a real HTTP endpoint started by
 * the test that fails a seeded share of requests, with a task failure injected: every good record
 * reaches the endpoint at least once, the records the transform hook fails land under the error
 * prefix as processing-failed, and AllData backs up every source record exactly once.
 */
class FirehoseHttpDeliveryITCase {
    @RegisterExtension static final BrookExtension brook = BrookExtension.withMiniCluster(1, 2);

    private static final String KEY = "collector-key";

    @TempDir Path out;
    private FirehoseEndpointServer endpoint;

    @BeforeEach
    void startEndpoint() throws Exception {
        endpoint = new FirehoseEndpointServer(KEY, Map.of("stream", "clicks"));
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop();
    }

    @Test
    void deliversEveryRecordAtLeastOnceAndFailedOnesUnderTheErrorPrefix() throws Exception {
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        Random random = new Random(seed);
        brook.createStream("clicks", 3);
        List<TestRecord> input = new ArrayList<>();
        List<String> good = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        // Newline-terminated, so the backup (raw data, back to back) reads as lines.
        for (int i = 0; i < 3000; i++) {
            String user = "u" + random.nextInt(20);
            String data;
            if (random.nextInt(25) == 0) {
                data = "{\"user\":\"" + user + "\",\"reject\":" + i + "}\n";
                rejected.add(data);
            } else {
                data = "{\"user\":\"" + user + "\",\"n\":" + i + "}\n";
                good.add(data);
            }
            input.add(TestRecord.of(user, data));
        }
        brook.putAll("clicks", input);
        endpoint.failShare(
                seed,
                0.3,
                FirehoseEndpointServer.STATUS_500,
                FirehoseEndpointServer.WRONG_REQUEST_ID,
                FirehoseEndpointServer.NOT_JSON);

        DeliveryStreamDefinition definition =
                DeliveryStreamDefinitions.parse(
                        String.join(
                                "\n",
                                "DeliveryStreamName: clicks-to-http",
                                "KinesisStreamSourceConfiguration: {StreamName: clicks}",
                                "HttpEndpointDestinationConfiguration:",
                                "  EndpointConfiguration:",
                                "    Url: '" + endpoint.url() + "'",
                                "    Name: collector",
                                "    AccessKeyEnvVar: COLLECTOR_KEY",
                                "  RequestConfiguration:",
                                "    ContentEncoding: GZIP",
                                "    CommonAttributes: [{AttributeName: stream, AttributeValue: clicks}]",
                                "  BufferingHints: {SizeInMBs: 1, IntervalInSeconds: 0}",
                                "  RetryOptions: {DurationInSeconds: 120}",
                                "  ProcessingConfiguration:",
                                "    Processors:",
                                "      - Type: Lambda",
                                "        Parameters: {TransformerClassName: "
                                        + RejectingTransformer.class.getName()
                                        + "}",
                                "  S3BackupMode: AllData",
                                "  S3Configuration:",
                                "    Path: " + out.toUri(),
                                "    Prefix: backup/",
                                "    ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/'"));
        FailingMap<FirehoseRecord> failures = FailingMap.failAfter(800, 1);
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(100);
        env.setParallelism(2);
        FirehoseJob job =
                FirehoseJob.builder(definition)
                        .root(brook.root())
                        .bounded(true)
                        .afterSource(failures)
                        .environment(Map.of("COLLECTOR_KEY", KEY))
                        .build();
        job.addTo(env);
        env.execute(job.jobName());

        assertThat(failures.failuresInjected()).isEqualTo(1);
        assertThat(endpoint.violations()).as("seed %s", seed).isEmpty();
        assertThat(new HashSet<>(endpoint.accepted()))
                .as("every good record at least once, nothing else (seed %s)", seed)
                .isEqualTo(new HashSet<>(good));
        assertThat(endpoint.retriedRequestIds()).as("seed %s", seed).isNotEmpty();

        DeliveredFiles files = DeliveredFiles.under(out);
        List<ErrorOutputLines> errors = ErrorOutputLines.under(files, "errors/");
        for (ErrorOutputLines e : errors) {
            assertThat(e.prefix()).isEqualTo("errors/processing-failed");
            assertThat(e.errorCode()).isEqualTo("Lambda.ProcessingFailedStatus");
        }
        assertSameMultiset(rejected, errors.stream().map(ErrorOutputLines::rawData).toList());
        List<String> backedUp = new ArrayList<>();
        for (DeliveredFiles.File f : files.startingWith("backup/")) {
            assertThat(f.prefix()).matches("backup/\\d{4}/\\d{2}/\\d{2}/\\d{2}");
            backedUp.addAll(f.lines(Function.identity()));
        }
        assertSameMultiset(input.stream().map(r -> r.value().strip()).toList(), backedUp);
        assertThat(files.notStartingWith("errors/", "backup/")).isEmpty();
    }
}
