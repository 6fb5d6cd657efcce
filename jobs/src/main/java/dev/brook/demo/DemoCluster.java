package dev.brook.demo;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One embedded MiniCluster for all of the demo's jobs (the live analytics and the delivery
 * streams). Flink's local executor starts a MiniCluster per job; the demo's jobs run side by side,
 * so they share this one: environments from {@link #environment} submit to it.
 */
final class DemoCluster implements AutoCloseable {
    private static final String EXECUTOR = "brook-demo-minicluster";

    private final MiniCluster cluster;

    private DemoCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts a cluster with one task manager of {@code slots} slots (a job of parallelism 1 each).
     */
    static DemoCluster start(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                                .build());
        cluster.start();
        return new DemoCluster(cluster);
    }

    /** An environment with the job configuration {@code conf} whose jobs run on this cluster. */
    StreamExecutionEnvironment environment(Configuration conf) {
        Configuration c = new Configuration(conf);
        c.set(DeploymentOptions.TARGET, EXECUTOR);
        c.set(DeploymentOptions.ATTACHED, true);
        return new StreamExecutionEnvironment(
                new Executors(), c, Thread.currentThread().getContextClassLoader());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** Submits every pipeline to the cluster; the cluster outlives the jobs. */
    private final class Executors implements PipelineExecutorServiceLoader {
        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return EXECUTOR;
                }

                @Override
                public boolean isCompatibleWith(Configuration configuration) {
                    return true;
                }

                @Override
                public PipelineExecutor getExecutor(Configuration configuration) {
                    return DemoCluster.this::submit;
                }
            };
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(EXECUTOR);
        }
    }

    private CompletableFuture<JobClient> submit(
            Pipeline pipeline, Configuration configuration, ClassLoader classLoader)
            throws Exception {
        StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        return cluster.submitJob(graph)
                .thenApply(
                        submitted ->
                                new MiniClusterJobClient(
                                        submitted.getJobID(),
                                        cluster,
                                        classLoader,
                                        MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }
}
