package dev.brook.firehose.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.destination.FirehoseEndpointServer;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.TestRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firehose's metrics as a metric reporter sees them (Flink's {@link InMemoryReporter} on the
 * MiniCluster), after bounded runs: incoming records and bytes, and what the destination delivered.
 */
class FirehoseMetricsITCase {
    private static final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final BrookExtension brook =
            BrookExtension.withMiniCluster(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(reporter.addToConfiguration(new Configuration()))
                            .build());

    @TempDir Path out;

    @Test
    void fileDestinationCountsIncomingAndDeliveredRecordsAndBytes() throws Exception {
        List<TestRecord> input = input("files", 1500);
        JobID job =
                run(
                        String.join(
                                "\n",
                                "DeliveryStreamName: metrics-files",
                                "KinesisStreamSourceConfiguration: {StreamName: files}",
                                "ExtendedS3DestinationConfiguration:",
                                "  Path: " + out.toUri(),
                                "  BufferingHints: {SizeInMBs: 1, IntervalInSeconds: 0}"));
        long bytes = bytes(input);
        assertThat(sum(job, "firehose.IncomingRecords")).isEqualTo(input.size());
        assertThat(sum(job, "firehose.IncomingBytes")).isEqualTo(bytes);
        assertThat(sum(job, "firehose.DeliveryToS3.Records")).isEqualTo(input.size());
        assertThat(sum(job, "firehose.DeliveryToS3.Bytes")).isEqualTo(bytes);
        assertThat(gauges(job, "firehose.DeliveryToS3.Success"))
                .isNotEmpty()
                .allMatch(v -> v == 1.0);
        assertThat(gauges(job, "firehose.DeliveryToS3.DataFreshness")).allMatch(v -> v == 0.0);
    }

    @Test
    void httpEndpointCountsAcceptedRecordsAndTheShareOfAcceptedRequests() throws Exception {
        try (FirehoseEndpointServer endpoint = new FirehoseEndpointServer(null, Map.of())) {
            long seed = Long.getLong("brook.test.seed", new Random().nextLong());
            endpoint.failShare(seed, 0.4, FirehoseEndpointServer.STATUS_500);
            List<TestRecord> input = input("requests", 1200);
            JobID job =
                    run(
                            String.join(
                                    "\n",
                                    "DeliveryStreamName: metrics-http",
                                    "KinesisStreamSourceConfiguration: {StreamName: requests}",
                                    "HttpEndpointDestinationConfiguration:",
                                    "  EndpointConfiguration: {Url: '" + endpoint.url() + "'}",
                                    "  BufferingHints: {SizeInMBs: 1, IntervalInSeconds: 0}",
                                    "  RetryOptions: {DurationInSeconds: 120}",
                                    "  S3Configuration: {Path: " + out.toUri() + "}"),
                            1); // one endpoint client, so one Success ratio to compare
            long bytes = bytes(input);
            assertThat(endpoint.violations()).isEmpty();
            assertThat(sum(job, "firehose.IncomingRecords")).isEqualTo(input.size());
            assertThat(sum(job, "firehose.IncomingBytes")).isEqualTo(bytes);
            assertThat(sum(job, "firehose.DeliveryToHttpEndpoint.Records")).isEqualTo(input.size());
            assertThat(sum(job, "firehose.DeliveryToHttpEndpoint.Bytes")).isEqualTo(bytes);
            // No task failure: every request id was accepted once, after its failed attempts.
            Map<String, Integer> attempts = endpoint.requestsById();
            double accepted = attempts.size();
            double all = attempts.values().stream().mapToInt(Integer::intValue).sum();
            List<Double> success = gauges(job, "firehose.DeliveryToHttpEndpoint.Success");
            assertThat(success).as("seed %s", seed).hasSize(1);
            assertThat(success.get(0)).as("seed %s", seed).isEqualTo(accepted / all);
        }
    }

    private List<TestRecord> input(String stream, int n) {
        brook.createStream(stream, 2);
        Random random = new Random();
        List<TestRecord> input = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            input.add(TestRecord.of("k" + i, "record-" + i + "-" + "x".repeat(random.nextInt(40))));
        }
        brook.putAll(stream, input);
        return input;
    }

    private JobID run(String yaml) throws Exception {
        return run(yaml, 2);
    }

    private JobID run(String yaml, int parallelism) throws Exception {
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(100);
        env.setParallelism(parallelism);
        FirehoseJob job =
                FirehoseJob.builder(DeliveryStreamDefinitions.parse(yaml))
                        .root(brook.root())
                        .bounded(true)
                        .build();
        job.addTo(env);
        return env.execute(job.jobName()).getJobID();
    }

    private static long bytes(List<TestRecord> input) {
        return input.stream().mapToLong(r -> r.value().getBytes(UTF_8).length).sum();
    }

    /** The metrics of the job whose identifier ends with {@code name}, one per subtask. */
    private static List<Metric> metrics(JobID job, String name) {
        List<Metric> found = new ArrayList<>();
        for (Map.Entry<String, Metric> e : reporter.getMetricsByIdentifiers(job).entrySet()) {
            if (e.getKey().endsWith("." + name)) {
                found.add(e.getValue());
            }
        }
        return found;
    }

    private static long sum(JobID job, String name) {
        List<Metric> found = metrics(job, name);
        assertThat(found).as(name).isNotEmpty();
        return found.stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    private static List<Double> gauges(JobID job, String name) {
        return metrics(job, name).stream()
                .map(m -> ((Number) ((Gauge<?>) m).getValue()).doubleValue())
                .toList();
    }
}
