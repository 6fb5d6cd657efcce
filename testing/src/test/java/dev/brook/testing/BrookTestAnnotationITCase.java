package dev.brook.testing;

import static dev.brook.testing.BrookAssertions.assertPerKeyOrder;
import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @BrookTest}: the extension as a parameter, a continuous job fed while it runs. */
@BrookTest(slotsPerTaskManager = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrookTestAnnotationITCase {
    private static JobID leftRunning;

    @Test
    @Order(1)
    void aTestMayLeaveAJobRunning(BrookExtension brook) throws Exception {
        brook.createStream("in", 1);
        StreamExecutionEnvironment env = brook.env();
        env.fromSource(brook.stringSource("in").build(), WatermarkStrategy.noWatermarks(), "in")
                .sinkTo(new DiscardingSink<>());
        leftRunning = env.executeAsync("left running").getJobID();
    }

    @Test
    @Order(2)
    void theExtensionCancelledIt(@InjectClusterClient ClusterClient<?> client) throws Exception {
        assertThat(leftRunning).isNotNull();
        assertThat(client.getJobStatus(leftRunning).get()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void theClusterIsAsAnnotated(BrookExtension brook, @InjectMiniCluster MiniCluster cluster) {
        assertThat(cluster.isRunning()).isTrue();
        assertThat(brook.env().getParallelism()).isEqualTo(3);
    }

    @Test
    void aContinuousJobCopiesRecordsAsTheyCome(BrookExtension brook) throws Exception {
        brook.createStream("in", 3);
        brook.createStream("out", 2);
        StreamExecutionEnvironment env = brook.env();
        env.fromSource(brook.stringSource("in").build(), WatermarkStrategy.noWatermarks(), "in")
                .sinkTo(brook.stringSink("out", value -> value.split("#")[0]).build());
        JobClient job = env.executeAsync("copy");
        try {
            RecordGenerator generator = RecordGenerator.create().keys(10).payloadLength(0, 10);
            List<TestRecord> sent = new ArrayList<>(generator.next(500));
            brook.putAll("in", sent);
            List<TestRecord> got = brook.readAll("out", 500, Duration.ofSeconds(60));
            assertSameMultiset(sent, got);

            sent.addAll(generator.next(700));
            brook.putAll("in", sent.subList(500, 1200));
            got = brook.readAll("out", 1200, Duration.ofSeconds(60));
            assertSameMultiset(sent, got);
            assertPerKeyOrder(got);
        } finally {
            job.cancel().get();
        }
    }
}
