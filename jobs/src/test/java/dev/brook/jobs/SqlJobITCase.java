package dev.brook.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
 * {@code flink run <jobs jar> --sql FILE}: the shaded jar's entry point runs the script through
 * Flink's client ({@code PackagedProgram}), and the job it builds runs on a MiniCluster.
 */
class SqlJobITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void aScriptFromThePackagedJarRunsItsStatementSet(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Path script = dir.resolve("job.sql");
        Files.writeString(
                script,
                "SET 'execution.runtime-mode' = 'batch';\n"
                        + "CREATE TABLE evens (n INT) WITH ('connector' = 'filesystem',"
                        + " 'path' = '${OUT}/evens', 'format' = 'csv');\n"
                        + "CREATE TABLE odds (n INT) WITH ('connector' = 'filesystem',"
                        + " 'path' = '${OUT}/odds', 'format' = 'csv');\n"
                        + "CREATE TEMPORARY VIEW numbers AS\n"
                        + "  SELECT * FROM (VALUES (1), (2), (3), (4), (5)) AS v(n);\n"
                        + "EXECUTE STATEMENT SET BEGIN\n"
                        + "  INSERT INTO evens SELECT n FROM numbers WHERE MOD(n, 2) = 0;\n"
                        + "  INSERT INTO odds SELECT n FROM numbers WHERE MOD(n, 2) = 1;\n"
                        + "END;\n");
        PackagedProgram program =
                PackagedProgram.newBuilder()
                        .setJarFile(JobsJar.find())
                        .setArguments(
                                "--sql",
                                script.toString(),
                                "--var",
                                "OUT=" + dir.toUri(),
                                "--root",
                                dir.toUri().toString())
                        .build();
        JobGraph graph =
                PackagedProgramUtils.createJobGraph(program, new Configuration(), 2, false);
        cluster.submitJob(graph).get();
        JobResult result = cluster.requestJobResult(graph.getJobID()).get();
        assertThat(result.getSerializedThrowable()).isEmpty();
        assertThat(numbers(dir.resolve("evens"))).containsExactlyInAnyOrder(2, 4);
        assertThat(numbers(dir.resolve("odds"))).containsExactlyInAnyOrder(1, 3, 5);
    }

    private static List<Integer> numbers(Path table) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(table)) {
            for (Path f :
                    files.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(Integer.parseInt(line.strip()));
                    }
                }
            }
        }
        return out;
    }
}
