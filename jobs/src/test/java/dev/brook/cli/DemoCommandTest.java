package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.client.Consumer;
import dev.brook.demo.ClickStreamDemo;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
                .contains("Analytics counted 2000 clicks in 4 windows");
        assertAnalyticsMatchTheStream(r.out(), 2000);
        // A second run replaces the stream instead of failing.
        Cli.Result again = cli.run("demo", "--clicks", "100", "--speed", "0").assertOk();
        assertThat(again.out())
                .contains("Total: 100 of 100 clicks")
                .contains("Analytics counted 100 clicks in 1 windows");
        assertAnalyticsMatchTheStream(again.out(), 100);
    }

    /**
     * The analytics' rows hold exactly the clicks per page and the peak clicks per second that the
     * stream holds per 10 s window of event time, and the anomaly score picks the burst's window.
     */
    private void assertAnalyticsMatchTheStream(String out, int clicks) throws Exception {
        // window start -> [clicks, per page..., peak]; per second counts on the side
        Map<LocalDateTime, long[]> expected = new TreeMap<>();
        Map<LocalDateTime, Long> perSecond = new HashMap<>();
        try (BrookStore store = BrookStore.open(root.toString());
                Consumer consumer =
                        Consumer.builder(store, ClickStreamDemo.STREAM)
                                .shardDiscoveryInterval(Duration.ZERO)
                                .build()) {
            int read = 0;
            while (read < clicks) {
                for (Record rec : consumer.poll(1000, Duration.ofMillis(200))) {
                    JsonNode click = Cli.JSON.readTree(rec.data());
                    LocalDateTime ts = LocalDateTime.parse(click.get("ts").asText(), TS);
                    LocalDateTime window = ts.withSecond(ts.getSecond() / 10 * 10).withNano(0);
                    long[] counts = expected.computeIfAbsent(window, w -> new long[10]);
                    counts[0]++;
                    counts[1 + PAGES.indexOf(click.get("page").asText())]++;
                    LocalDateTime second = ts.withNano(0);
                    long n = perSecond.merge(second, 1L, Long::sum);
                    counts[9] = Math.max(counts[9], n);
                    read++;
                }
            }
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
            long burstMillis = ClickStreamDemo.eventMillis(clicks)[clicks * 7 / 10];
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
