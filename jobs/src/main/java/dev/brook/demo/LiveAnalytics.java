package dev.brook.demo;

import dev.brook.sql.functions.BrookFunctions;
import dev.brook.store.BrookStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.FileUtils;

/**
 * The demo's live analytics: a Flink SQL job over the demo's stream that prints, per tumbling
 * window of event time, the clicks per page and the {@code RANDOM_CUT_FOREST} anomaly score of the
 * click rate (clicks per second), one table row per window as the window closes.
 *
 * <p>The job reads the stream with per-shard watermarks, 5 s behind each shard's clicks. A shard
 * holds the watermark back only from its first record the job reads (Flink's source readers make a
 * shard's watermark output then), and a child shard is read only after its parent: until then, the
 * other shards' clicks could move the watermark past a shard's first clicks, and the windows would
 * drop them as late. So the demo produces click by click until every shard (at the start, and the
 * children after the split) has a click, then waits ({@link #awaitReading}) until the job reads
 * them all, before any shard gets further ahead. The job registers as a consumer ({@code
 * scan.consumer-name}), so the positions it reads at every checkpoint are in the stream's consumer
 * registry, where the demo sees them. At the end {@link #finish} stops the job with a drained
 * savepoint, which closes the last windows.
 */
final class LiveAnalytics implements AutoCloseable {
    static final String CONSUMER = "demo-analytics";
    static final int WINDOW_SECONDS = 10;

    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final DemoCluster cluster;
    private final BrookStore store;
    private final String stream;
    private final PrintWriter out;
    private final List<String> pages;
    private final List<Integer> widths = new ArrayList<>();
    private final Path savepoints;
    private TableResult result;
    private Thread printer;
    private volatile Throwable failure;
    private long clicksCounted;
    private int windows;
    private String topAnomaly = "";
    private double topScore = -1;

    LiveAnalytics(
            DemoCluster cluster,
            BrookStore store,
            String stream,
            PrintWriter out,
            List<String> pages)
            throws IOException {
        this.cluster = cluster;
        this.store = store;
        this.stream = stream;
        this.out = out;
        this.pages = List.copyOf(pages);
        this.savepoints = Files.createTempDirectory("brook-demo-savepoint");
    }

    /** The job's SQL: page counts and the click rate's anomaly score per window. */
    String query() {
        StringBuilder pageCounts = new StringBuilder();
        for (int i = 0; i < pages.size(); i++) {
            pageCounts.append(
                    String.format(
                            ", COUNT(*) FILTER (WHERE page = '%s') AS p%d",
                            pages.get(i).replace("'", "''"), i));
        }
        String window = "INTERVAL '" + WINDOW_SECONDS + "' SECOND";
        return "WITH pages AS ("
                + " SELECT window_start, window_end, COUNT(*) AS clicks"
                + pageCounts
                + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), "
                + window
                + "))"
                + " GROUP BY window_start, window_end),"
                + " rates AS ("
                + " SELECT window_start, window_end, MAX(clicks_per_second) AS peak,"
                + " MAX(ANOMALY_SCORE) AS anomaly"
                + " FROM TABLE(TUMBLE(TABLE scored_rates, DESCRIPTOR(rowtime), "
                + window
                + "))"
                + " GROUP BY window_start, window_end)"
                + " SELECT p.*, r.peak, r.anomaly FROM pages p JOIN rates r"
                + " ON p.window_start = r.window_start AND p.window_end = r.window_end";
    }

    /** Submits the job; its rows are printed from a thread as windows close. */
    void start() {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1");
        conf.setString("execution.checkpointing.interval", "200 ms");
        conf.setString("table.local-time-zone", "UTC");
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(
                        cluster.environment(conf),
                        EnvironmentSettings.newInstance()
                                .inStreamingMode()
                                .withConfiguration(conf)
                                .build());
        BrookFunctions.registerAll(tEnv);
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE clicks ("
                        + " `user` STRING, page STRING, n BIGINT, ts TIMESTAMP(3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND"
                        + ") WITH ("
                        + " 'connector' = 'brook', 'format' = 'json',"
                        + " 'root' = '"
                        + store.root().toString().replace("'", "''")
                        + "', 'stream' = '"
                        + stream
                        + "', 'scan.consumer-name' = '"
                        + CONSUMER
                        + "', 'scan.shard-discovery.interval' = '100 ms')");
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW rates AS"
                        + " SELECT window_time AS second_end,"
                        + " CAST(COUNT(*) AS DOUBLE) AS clicks_per_second"
                        + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
                        + " GROUP BY window_start, window_end, window_time");
        // Ten seconds of warm-up (zero scores), then every second's rate is scored against the
        // seconds before it.
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW scored_rates AS SELECT * FROM RANDOM_CUT_FOREST("
                        + " input => TABLE rates, on_time => DESCRIPTOR(second_end),"
                        + " numberOfTrees => 50, subSampleSize => 10)");
        result = tEnv.executeSql(query());
        printHeader();
        printer = new Thread(this::printRows, "brook-demo-analytics");
        printer.setDaemon(true);
        printer.start();
    }

    /**
     * Waits until the job has read at least {@code records} records of each shard (a checkpoint
     * recorded it), at most {@code timeout}; returns whether it has.
     */
    boolean awaitReading(Map<String, Long> records, Duration timeout) throws InterruptedException {
        return ConsumerProgress.await(
                store, stream, CONSUMER, records, timeout, () -> failure != null);
    }

    /**
     * Stops the job with a drained savepoint (the watermark jumps to the end, so the last windows
     * close), waits for the rows it printed; returns the clicks the windows counted. Call it once
     * {@link #awaitReading} says the job read everything: stopping ends the reading too.
     */
    long finish(Duration timeout) throws Exception {
        JobClient job = result.getJobClient().orElseThrow();
        job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        printer.join(timeout.toMillis());
        if (failure != null) {
            throw new IllegalStateException(
                    "the analytics job failed: " + failure.getMessage(), failure);
        }
        synchronized (out) {
            out.printf(
                    "Analytics counted %d clicks in %d windows; the click rate was most anomalous"
                            + " in %s%n",
                    clicksCounted, windows, topAnomaly);
            out.flush();
            return clicksCounted;
        }
    }

    private void printHeader() {
        List<String> header = new ArrayList<>(List.of("window (event time)", "clicks", "peak/s"));
        header.add("anomaly");
        header.addAll(pages);
        StringBuilder line = new StringBuilder("  ");
        for (String h : header) {
            int w = Math.max(h.length(), 6);
            widths.add(w);
            line.append(String.format("%" + w + "s  ", h));
        }
        synchronized (out) {
            out.printf(
                    "Live analytics: Flink SQL over %s, %d s windows of event time, clicks per"
                            + " page and RANDOM_CUT_FOREST anomaly score of the clicks per"
                            + " second:%n",
                    stream, WINDOW_SECONDS);
            out.println(line.toString().stripTrailing());
            out.flush();
        }
    }

    private void printRows() {
        try (CloseableIterator<Row> rows = result.collect()) {
            while (rows.hasNext()) {
                print(rows.next());
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private void print(Row row) {
        synchronized (out) {
            printLocked(row);
        }
    }

    private void printLocked(Row row) {
        LocalDateTime start = row.getFieldAs(0);
        LocalDateTime end = row.getFieldAs(1);
        long clicks = row.<Long>getFieldAs(2);
        long peak = Math.round(row.<Double>getFieldAs(3 + pages.size()));
        double anomaly = row.<Double>getFieldAs(4 + pages.size());
        String window = HH_MM_SS.format(start) + "-" + HH_MM_SS.format(end);
        List<String> cells = new ArrayList<>();
        cells.add(window);
        cells.add(Long.toString(clicks));
        cells.add(Long.toString(peak));
        cells.add(String.format("%.2f", anomaly));
        for (int i = 0; i < pages.size(); i++) {
            cells.add(Long.toString(row.<Long>getFieldAs(3 + i)));
        }
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < cells.size(); i++) {
            line.append(String.format("%" + widths.get(i) + "s  ", cells.get(i)));
        }
        out.println(line.toString().stripTrailing());
        out.flush();
        clicksCounted += clicks;
        windows++;
        if (anomaly > topScore) {
            topScore = anomaly;
            topAnomaly = window + String.format(" (score %.2f, peak %d/s)", anomaly, peak);
        }
    }

    @Override
    public void close() throws IOException {
        if (result != null && printer != null && printer.isAlive()) {
            result.getJobClient().ifPresent(JobClient::cancel);
        }
        FileUtils.deleteDirectory(savepoints.toFile());
    }
}
