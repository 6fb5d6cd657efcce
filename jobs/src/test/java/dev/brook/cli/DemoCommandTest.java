package dev.brook.cli;

import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.client.Consumer;
import dev.brook.demo.ClickStreamDemo;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.format.Compression;
import dev.brook.firehose.format.ParquetRows;
import dev.brook.firehose.format.Schemas;
import dev.brook.firehose.job.DeliveredFiles;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    private static final List<String> PAGES =
            List.of(
                    "/",
                    "/search",
                    "/product/42",
                    "/product/7",
                    "/cart",
                    "/checkout",
                    "/help",
                    "/account");
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    @TempDir Path root;

    @Test
    void demoReadsBackEveryClickAcrossTheSplit() throws Exception {
        Cli cli = new Cli(root);
        Cli.Result r = cli.run("demo", "--clicks", "2000", "--speed", "0").assertOk();
        assertThat(r.out())
                .contains("Created stream demo-clicks with 4 shards")
                .containsPattern("Split shardId-000000000000 at hash key \\d+ into")
                .contains("(child of shardId-000000000000)")
                .contains("Total: 2000 of 2000 clicks read back, none lost or repeated")
                .contains("Analytics counted 2000 clicks in 4 windows")
                .contains("Firehose: delivery streams clicks-json and clicks-parquet deliver");
        List<Record> clicks = readStream(2000);
        assertAnalyticsMatchTheStream(r.out(), clicks);
        assertDeliveryStreamsDeliveredTheStream(r.out(), clicks);
        // A second run replaces the stream and the delivered files instead of failing.
        Cli.Result again = cli.run("demo", "--clicks", "100", "--speed", "0").assertOk();
        assertThat(again.out())
                .contains("Total: 100 of 100 clicks")
                .contains("Analytics counted 100 clicks in 1 windows");
        List<Record> fewer = readStream(100);
        assertAnalyticsMatchTheStream(again.out(), fewer);
        assertDeliveryStreamsDeliveredTheStream(again.out(), fewer);
    }

    /** Every click in the demo's stream, read with a Consumer that follows the shards' lineage. */
    private List<Record> readStream(int clicks) {
        List<Record> records = new ArrayList<>();
        try (BrookStore store = BrookStore.open(root.toString());
                Consumer consumer =
                        Consumer.builder(store, ClickStreamDemo.STREAM)
                                .shardDiscoveryInterval(Duration.ZERO)
                                .build()) {
            while (records.size() < clicks) {
                records.addAll(consumer.poll(1000, Duration.ofMillis(200)));
            }
        }
        return records;
    }

    /**
     * The delivery streams delivered exactly the stream's clicks, each under the UTC hour of its
     * arrival (Firehose's default prefix): the GZIP files' lines are the records' data, the Parquet
     * files' rows (read with parquet-hadoop's reader) the clicks' fields; the printed lines say so.
     */
    private void assertDeliveryStreamsDeliveredTheStream(String out, List<Record> clicks)
            throws Exception {
        Map<String, String> hourOf = new HashMap<>(); // click JSON -> its arrival hour
        Map<Long, String> hourOfN = new HashMap<>();
        List<String> expectedLines = new ArrayList<>();
        List<List<Object>> expectedRows = new ArrayList<>();
        for (Record rec : clicks) {
            String json = new String(rec.data(), StandardCharsets.UTF_8);
            String hour = HOUR.format(Instant.ofEpochMilli(rec.arrivalMillis()));
            JsonNode click = Cli.JSON.readTree(json);
            hourOf.put(json, hour);
            hourOfN.put(click.get("n").asLong(), hour);
            expectedLines.add(json);
            expectedRows.add(
                    List.of(
                            click.get("user").asText(),
                            click.get("page").asText(),
                            click.get("n").asLong(),
                            LocalDateTime.parse(click.get("ts").asText(), TS)));
        }

        Path jsonDir = root.resolve("firehose/clicks-json");
        DeliveredFiles json = DeliveredFiles.under(jsonDir);
        List<String> lines = new ArrayList<>();
        for (DeliveredFiles.File f : json.files()) {
            assertThat(f.name()).startsWith("clicks-json-1-").endsWith(".gz");
            for (String line : f.lines(Compression.GZIP)) {
                assertThat(f.prefix())
                        .as("folder of %s", line)
                        .isIn(bufferHours(hourOf.get(line), hourOf.values()));
                lines.add(line);
            }
        }
        assertSameMultiset(expectedLines, lines);

        // The schema as the shipped definition gives it.
        RowType schema =
                Schemas.parse(
                        DeliveryStreamDefinitions.parse(resource("clicks-parquet.yaml"))
                                .fileDestination()
                                .dataFormatConversionConfiguration()
                                .schemaConfiguration()
                                .columns());
        Path parquetDir = root.resolve("firehose/clicks-parquet");
        DeliveredFiles parquet = DeliveredFiles.under(parquetDir);
        List<List<Object>> rows = new ArrayList<>();
        for (DeliveredFiles.File f : parquet.files()) {
            assertThat(f.name()).startsWith("clicks-parquet-1-").endsWith(".parquet");
            for (List<Object> row : ParquetRows.read(parquetDir.resolve(f.key()), schema)) {
                assertThat(f.prefix())
                        .as("folder of %s", row)
                        .isIn(bufferHours(hourOfN.get(row.get(2)), hourOfN.values()));
                rows.add(row);
            }
        }
        assertSameMultiset(expectedRows, rows);

        assertThat(out)
                .containsPattern(reported("clicks-json", clicks.size(), json, "GZIP JSON lines"))
                .containsPattern(
                        reported("clicks-parquet", clicks.size(), parquet, "Parquet, SNAPPY"));
    }

    /**
     * The folders a click may be in: a prefix is evaluated on its buffer's first click, so its own
     * arrival hour or, across an hour boundary, an earlier hour of the run.
     */
    private static List<String> bufferHours(String hour, Collection<String> runHours) {
        return runHours.stream().filter(h -> h.compareTo(hour) <= 0).distinct().toList();
    }

    /** The line the demo prints for a delivery stream's files (one hour's folder here). */
    private static Pattern reported(
            String stream, int clicks, DeliveredFiles files, String format) {
        List<String> folders =
                files.files().stream().map(DeliveredFiles.File::prefix).distinct().toList();
        StringBuilder under = new StringBuilder();
        for (String folder : folders) {
            under.append(under.length() == 0 ? "" : ", ")
                    .append("\\S*/firehose/")
                    .append(stream)
                    .append('/')
                    .append(Pattern.quote(folder + "/"));
        }
        return Pattern.compile(
                Pattern.quote(
                                "Firehose "
                                        + stream
                                        + ": "
                                        + clicks
                                        + " clicks in "
                                        + files.files().size()
                                        + " files under ")
                        + under
                        + Pattern.quote(" (" + format + ", "));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in =
                ClickStreamDemo.class.getResourceAsStream("/dev/brook/demo/firehose/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The analytics' rows hold exactly the clicks per page and the peak clicks per second that the
     * stream holds per 10 s window of event time, and the anomaly score picks the burst's window.
     */
    private void assertAnalyticsMatchTheStream(String out, List<Record> clicks) throws Exception {
        // window start -> [clicks, per page..., peak]; per second counts on the side
        Map<LocalDateTime, long[]> expected = new TreeMap<>();
        Map<LocalDateTime, Long> perSecond = new HashMap<>();
        for (Record rec : clicks) {
            JsonNode click = Cli.JSON.readTree(rec.data());
            LocalDateTime ts = LocalDateTime.parse(click.get("ts").asText(), TS);
            LocalDateTime window = ts.withSecond(ts.getSecond() / 10 * 10).withNano(0);
            long[] counts = expected.computeIfAbsent(window, w -> new long[10]);
            counts[0]++;
            counts[1 + PAGES.indexOf(click.get("page").asText())]++;
            LocalDateTime second = ts.withNano(0);
            long n = perSecond.merge(second, 1L, Long::sum);
            counts[9] = Math.max(counts[9], n);
        }
        List<String> expectedRows = new ArrayList<>();
        expected.forEach(
                (start, c) -> {
                    List<String> cells = new ArrayList<>();
                    cells.add(
                            HH_MM_SS.format(start) + "-" + HH_MM_SS.format(start.plusSeconds(10)));
                    cells.add(Long.toString(c[0]));
                    cells.add(Long.toString(c[9]));
                    for (int i = 1; i <= 8; i++) {
                        cells.add(Long.toString(c[i]));
                    }
                    expectedRows.add(String.join(" ", cells));
                });
        // Printed rows: window, clicks, peak/s, anomaly, per page; anomaly set aside.
        List<String> printed = new ArrayList<>();
        Map<String, Double> anomaly = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] cells = line.strip().split(" +");
            if (cells.length == 12 && cells[0].matches("\\d\\d:\\d\\d:\\d\\d-.*")) {
                anomaly.put(cells[0], Double.parseDouble(cells[3]));
                List<String> rest = new ArrayList<>(List.of(cells));
                rest.remove(3);
                printed.add(String.join(" ", rest));
            }
        }
        assertThat(printed).containsExactlyInAnyOrderElementsOf(expectedRows);

        // The first window is the forest's warm-up; the burst's window scores highest.
        String first = expectedRows.get(0).split(" ")[0];
        assertThat(anomaly.get(first)).isZero();
        if (expectedRows.size() > 2) {
            int n = clicks.size();
            long burstMillis = ClickStreamDemo.eventMillis(n)[n * 7 / 10];
            LocalDateTime burst =
                    LocalDateTime.of(2024, 5, 1, 10, 0).plusNanos(burstMillis * 1_000_000);
            LocalDateTime burstStart = burst.withSecond(burst.getSecond() / 10 * 10).withNano(0);
            String burstWindow =
                    HH_MM_SS.format(burstStart) + "-" + HH_MM_SS.format(burstStart.plusSeconds(10));
            assertThat(anomaly)
                    .as("anomaly scores per window")
                    .allSatisfy(
                            (window, score) -> {
                                if (!window.equals(burstWindow)) {
                                    assertThat(score).isLessThan(anomaly.get(burstWindow));
                                }
                            });
        }
    }

    @Test
    void aNegativeSpeedIsAOneLineError() {
        new Cli(root)
                .run("demo", "--speed", "-1")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--speed must be 0 or more, got -1.0");
    }

    @Test
    void runExampleOnAnUnknownStreamIsAOneLineError() {
        Cli.Result r =
                new Cli(root)
                        .run("run-example", "key-count", "--input", "nope", "--output", "nope2")
                        .assertOneLineError(BrookCli.EXIT_STORE_ERROR);
        assertThat(r.err()).contains("ResourceNotFoundException").contains("nope");
    }
}
