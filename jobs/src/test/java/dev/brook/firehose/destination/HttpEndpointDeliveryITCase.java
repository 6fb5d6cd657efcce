package dev.brook.firehose.destination;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP endpoint delivery on a MiniCluster against a real HTTP server started by the test ({@link
 * FirehoseEndpointServer}), which checks every request against Firehose's protocol and fails a
 * seeded random share of them.
 */
class HttpEndpointDeliveryITCase {
    @RegisterExtension static final BrookExtension BROOK = BrookExtension.withMiniCluster();

    private static final String ACCESS_KEY = "secret-key-1";
    private static final Pattern REQUEST_ID = Pattern.compile("request ([0-9a-f-]{36})");

    private FirehoseEndpointServer endpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint =
                new FirehoseEndpointServer(ACCESS_KEY, Map.of("stream", "clicks", "team", "data"));
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop();
    }

    @Test
    void everyRecordArrivesUnderInjectedFailuresAndARetriedBatchKeepsItsRequestId()
            throws Exception {
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        endpoint.failShare(
                seed,
                0.3,
                FirehoseEndpointServer.STATUS_500,
                FirehoseEndpointServer.WRONG_REQUEST_ID,
                FirehoseEndpointServer.NOT_JSON);
        int n = 4000;

        StreamExecutionEnvironment env = BROOK.env();
        env.setParallelism(2);
        env.enableCheckpointing(50);
        FailingMap<FirehoseRecord> faults = FailingMap.failAfter(800, 2);
        DataStream<FirehoseRecord> records =
                env.fromSequence(0, n - 1).map(new ToRecord()).map(new Throttle()).map(faults);
        HttpEndpointConfig config =
                HttpEndpointConfig.builder(endpoint.url())
                        .name("test-endpoint")
                        .accessKey(ACCESS_KEY)
                        .commonAttribute("stream", "clicks")
                        .commonAttribute("team", "data")
                        .contentEncoding(HttpEndpointConfig.ContentEncoding.GZIP)
                        .bufferSizeMiB(1)
                        .bufferIntervalSeconds(0)
                        .retryDuration(Duration.ofSeconds(60))
                        .build();
        List<FailedRecord> failed = collect(HttpEndpointDelivery.deliver(records, config));

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            expected.add("record-" + i);
        }
        assertThat(endpoint.violations()).as("seed %s", seed).isEmpty();
        assertThat(failed).as("seed %s", seed).isEmpty();
        assertThat(faults.failuresInjected()).isEqualTo(2);
        assertThat(new HashSet<>(endpoint.accepted())).as("seed %s", seed).isEqualTo(expected);
        assertThat(endpoint.retriedRequestIds())
                .as("request ids the endpoint failed and then saw again (seed %s)", seed)
                .isNotEmpty();
    }

    @Test
    void aBatchTheEndpointNeverAcceptsComesBackAsFailedRecordsAfterTheRetryDuration()
            throws Exception {
        endpoint.failShare(1, 1.0, FirehoseEndpointServer.STATUS_500);
        int n = 300;
        StreamExecutionEnvironment env = BROOK.env();
        env.setParallelism(2);
        DataStream<FirehoseRecord> records = env.fromSequence(0, n - 1).map(new ToRecord());
        HttpEndpointConfig config =
                HttpEndpointConfig.builder(endpoint.url())
                        .name("always-failing")
                        .accessKey(ACCESS_KEY)
                        .commonAttribute("stream", "clicks")
                        .commonAttribute("team", "data")
                        .bufferIntervalSeconds(1)
                        .retryDuration(Duration.ofSeconds(1))
                        .build();
        List<FailedRecord> failed = collect(HttpEndpointDelivery.deliver(records, config));

        assertThat(endpoint.violations()).isEmpty();
        assertThat(endpoint.accepted()).isEmpty();
        Set<String> failedData = new HashSet<>();
        Map<String, Integer> attemptsByRequest = new HashMap<>();
        for (FailedRecord f : failed) {
            assertThat(f.getType()).isEqualTo(ErrorOutputType.HTTP_ENDPOINT_FAILED);
            assertThat(f.getErrorCode()).isEqualTo(HttpDeliveryOutcome.DESTINATION_EXCEPTION);
            assertThat(f.getErrorMessage())
                    .contains("always-failing")
                    .contains("500")
                    .contains("overloaded");
            Matcher m = REQUEST_ID.matcher(f.getErrorMessage());
            assertThat(m.find()).as(f.getErrorMessage()).isTrue();
            attemptsByRequest.put(m.group(1), f.getAttemptsMade());
            failedData.add(new String(f.getRecord().getData(), UTF_8));
        }
        // Each batch was tried as often as its failed records say, every time under its id.
        assertThat(attemptsByRequest).isEqualTo(endpoint.requestsById());
        assertThat(failed).hasSize(n);
        assertThat(failedData).hasSize(n);
    }

    private static List<FailedRecord> collect(DataStream<FailedRecord> failed) throws Exception {
        List<FailedRecord> out = new ArrayList<>();
        try (CloseableIterator<FailedRecord> it = failed.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Record ids as the source sets them: shard id and sequence number. */
    private static final class ToRecord implements MapFunction<Long, FirehoseRecord> {
        @Override
        public FirehoseRecord map(Long i) {
            return new FirehoseRecord(
                    "shardId-000000000000:" + i,
                    1_700_000_000_000L + i,
                    ("record-" + i).getBytes(UTF_8));
        }
    }

    /** Spreads the input over about a second, so checkpoints and failures fall mid-stream. */
    private static final class Throttle implements MapFunction<FirehoseRecord, FirehoseRecord> {
        private long seen;

        @Override
        public FirehoseRecord map(FirehoseRecord r) throws InterruptedException {
            if (++seen % 2 == 0) {
                Thread.sleep(1);
            }
            return r;
        }
    }
}
