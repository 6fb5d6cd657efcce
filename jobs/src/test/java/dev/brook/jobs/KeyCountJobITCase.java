package dev.brook.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.client.Consumer;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarFile;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example job as a cluster runs it: the shaded jobs jar, its manifest entry point, its
 * arguments, turned into a job graph by Flink's client and run on a MiniCluster.
 */
class KeyCountJobITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void shadedJarHoldsBrookButNotFlinkAndNamesTheEntryPoint() throws Exception {
        try (JarFile jar = new JarFile(JobsJar.find())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(BrookJobMain.class.getName());
            assertThat(jar.getEntry("dev/brook/source/BrookSource.class")).isNotNull();
            assertThat(jar.getEntry("dev/brook/store/BrookStore.class")).isNotNull();
            assertThat(jar.getEntry("org/postgresql/Driver.class")).isNotNull();
            assertThat(
                            jar.getEntry(
                                    "org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class"))
                    .isNotNull();
            assertThat(jar.stream().map(e -> e.getName()))
                    // Flink's own jars stay on the cluster; its JDBC connector and its Parquet and
                    // ORC formats are not in a Flink distribution's lib/, so the Firehose
                    // destinations and format conversion ship them.
                    .noneMatch(
                            n ->
                                    n.startsWith("org/apache/flink/")
                                            && !n.startsWith("org/apache/flink/connector/jdbc/")
                                            && !n.startsWith("org/apache/flink/formats/parquet/")
                                            && !n.startsWith("org/apache/flink/orc/")
                                            && !n.equals("org/apache/flink/")
                                            && !n.equals("org/apache/flink/connector/")
                                            && !n.equals("org/apache/flink/formats/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/"));
            // The JDBC connector's table factories are not announced: a cluster with the
            // connector in lib/ would otherwise find the 'jdbc' factory twice.
            var factories =
                    jar.getEntry("META-INF/services/org.apache.flink.table.factories.Factory");
            if (factories != null) {
                try (var in = jar.getInputStream(factories)) {
                    assertThat(
                                    new String(
                                            in.readAllBytes(),
                                            java.nio.charset.StandardCharsets.UTF_8))
                            .doesNotContain("org.apache.flink.connector.jdbc");
                }
            }
        }
    }

    @Test
    void keyCountFromThePackagedJarCountsEveryRecordOnce(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("clicks", 2);
        store.createStream("counts", 2);
        Map<String, Long> expected = new HashMap<>();
        for (int b = 0; b < 10; b++) {
            List<PutRecordsEntry> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String user = "user-" + rnd.nextInt(40);
                expected.merge(user, 1L, Long::sum);
                batch.add(new PutRecordsEntry(user, "{}".getBytes(UTF_8)));
            }
            store.putRecords("clicks", batch);
        }

        PackagedProgram program =
                PackagedProgram.newBuilder()
                        .setJarFile(JobsJar.find())
                        .setArguments(
                                "--example",
                                "key-count",
                                "--root",
                                dir.toUri().toString(),
                                "--input",
                                "clicks",
                                "--output",
                                "counts",
                                "--window-seconds",
                                "60",
                                "--bounded",
                                "--checkpoint-interval-ms",
                                "200")
                        .build();
        JobGraph graph =
                PackagedProgramUtils.createJobGraph(program, new Configuration(), 2, false);
        cluster.submitJob(graph).get();
        JobResult result = cluster.requestJobResult(graph.getJobID()).get();
        assertThat(result.getSerializedThrowable()).as("seed %s", seed).isEmpty();

        Map<String, Long> counted = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Consumer c = Consumer.builder(store, "counts").build()) {
            List<Record> records;
            while (!(records = c.poll(1000, Duration.ofMillis(300))).isEmpty()) {
                for (Record r : records) {
                    JsonNode n = json.readTree(r.data());
                    assertThat(n.get("key").asText()).isEqualTo(r.partitionKey());
                    assertThat(n.get("window_end").asLong() - n.get("window_start").asLong())
                            .isEqualTo(60_000);
                    counted.merge(n.get("key").asText(), n.get("count").asLong(), Long::sum);
                }
            }
        }
        assertThat(counted).as("seed %s", seed).isEqualTo(expected);
    }
}
