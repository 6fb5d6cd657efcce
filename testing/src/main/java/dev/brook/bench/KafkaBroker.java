package dev.brook.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) in its own JVM on
 * 127.0.0.1, for {@code bin/bench connectors}: storage formatted in a temporary directory, random
 * free ports, topics made and removed with an {@link Admin} client. {@link #close} (also run from a
 * shutdown hook on Ctrl-C) stops it; if the benchmark's JVM dies outright, the broker sees its
 * standard input close and exits ({@link KafkaBrokerMain}).
 */
final class KafkaBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Process process;
    private final String bootstrap;
    private final Admin admin;
    private final Thread hook;

    private KafkaBroker(Path dir, Process process, String bootstrap, Admin admin, Thread hook) {
        this.dir = dir;
        this.process = process;
        this.bootstrap = bootstrap;
        this.admin = admin;
        this.hook = hook;
    }

    /**
     * Formats storage and starts the broker with the jars listed in {@code classpathFile}, then
     * waits until it answers an admin request.
     */
    static KafkaBroker start(Path dir, Path classpathFile, PrintStream log)
            throws IOException, InterruptedException {
        String brokerClasspath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        if (brokerClasspath.isEmpty()) {
            throw new IOException("the Kafka broker classpath in " + classpathFile + " is empty");
        }
        // KafkaBrokerMain lives in this jar (or classes directory).
        String self;
        try {
            self =
                    Paths.get(
                                    KafkaBrokerMain.class
                                            .getProtectionDomain()
                                            .getCodeSource()
                                            .getLocation()
                                            .toURI())
                            .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        String classpath = brokerClasspath + File.pathSeparator + self;
        Files.createDirectories(dir);
        int port = freePort();
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }
        Path logDir = dir.resolve("data");
        Path props = dir.resolve("server.properties");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty(
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "4");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Files of deleted topics go at once instead of a minute later, in the middle of
        // another run.
        p.setProperty("log.segment.delete.delay.ms", "0");
        // Flink's Kafka sink asks for 1 h transactions by default; the broker's cap is 15 min.
        p.setProperty("transaction.max.timeout.ms", "3600000");
        try (OutputStream out = Files.newOutputStream(props)) {
            p.store(out, "bin/bench connectors: single-node KRaft broker on 127.0.0.1");
        }
        Path brokerLog = dir.resolve("broker.log");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

        // kafka-storage format --standalone
        List<String> format = new ArrayList<>();
        format.add(java);
        format.add("-cp");
        format.add(classpath);
        format.add("kafka.tools.StorageTool");
        format.add("format");
        format.add("--cluster-id");
        format.add(Uuid.randomUuid().toString());
        format.add("--config");
        format.add(props.toString());
        format.add("--standalone");
        Process f =
                new ProcessBuilder(format)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()))
                        .start();
        if (!f.waitFor(60, TimeUnit.SECONDS)) {
            f.destroyForcibly();
            throw new IOException("formatting Kafka storage took over 60 s; see " + brokerLog);
        }
        if (f.exitValue() != 0) {
            throw new IOException(
                    "formatting Kafka storage failed (exit "
                            + f.exitValue()
                            + "):\n"
                            + tail(brokerLog));
        }

        // kafka-server-start.sh's JVM settings.
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xms1g");
        cmd.add("-Xmx1g");
        cmd.add("-XX:+UseG1GC");
        cmd.add("-XX:MaxGCPauseMillis=20");
        cmd.add("-XX:InitiatingHeapOccupancyPercent=35");
        cmd.add("-XX:+ExplicitGCInvokesConcurrent");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(KafkaBrokerMain.class.getName());
        cmd.add(props.toString());
        Process process =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
        Thread hook = new Thread(() -> stop(process), "bench-kafka-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        String bootstrap = "127.0.0.1:" + port;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the Kafka broker exited ("
                                + process.exitValue()
                                + "):\n"
                                + tail(brokerLog));
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IOException(
                        "the Kafka broker did not listen on "
                                + bootstrap
                                + " within "
                                + START_TIMEOUT.toSeconds()
                                + " s:\n"
                                + tail(brokerLog));
            }
            Thread.sleep(100);
        }
        Map<String, Object> conf = new HashMap<>();
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        Admin admin = Admin.create(conf);
        try {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            admin.close();
            stop(process);
            throw new IOException("the Kafka broker did not answer:\n" + tail(brokerLog), e);
        }
        log.printf("[bench] Kafka broker (KRaft, pid %d) on %s%n", process.pid(), bootstrap);
        return new KafkaBroker(dir, process, bootstrap, admin, hook);
    }

    String bootstrapServers() {
        return bootstrap;
    }

    Path dir() {
        return dir;
    }

    void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            // Wait until every partition has a leader, so the first send does not wait for one.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                var d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                if (d.partitions().size() == partitions
                        && d.partitions().stream().allMatch(pi -> pi.leader() != null)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leaders yet");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    void deleteTopic(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not delete topic " + topic, e);
        }
    }

    /** The sum of the partitions' end offsets (records, plus transaction markers if any). */
    long endOffsets(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            request.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        try {
            return admin.listOffsets(request).all().get(60, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset())
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the end offsets of " + topic, e);
        }
    }

    /**
     * Reads a topic from the beginning to its end offsets with {@code read_committed} and returns
     * {records, data bytes} (transaction markers and aborted records are not counted).
     */
    long[] countCommitted(String topic, int partitions) {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        conf.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        List<TopicPartition> tps = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            tps.add(new TopicPartition(topic, i));
        }
        long count = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                boolean done = true;
                for (TopicPartition tp : tps) {
                    if (c.position(tp) < end.get(tp)) {
                        done = false;
                        break;
                    }
                }
                if (done) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("counting " + topic + " took over 120 s");
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                for (var r : records) {
                    count++;
                    bytes += r.value().length;
                }
            }
        }
        return new long[] {count, bytes};
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** Asks the broker to stop (SIGTERM), then kills it if it has not within 15 s. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
