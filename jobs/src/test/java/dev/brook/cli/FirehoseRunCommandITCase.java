package dev.brook.cli;

import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook firehose run FILE} end to end through the command line's entry point: records put
 * with {@code firehose put-record-batch} (Direct PUT) are delivered as files by an embedded
 * delivery stream stopped by {@code --duration}; a second run continues from the kept checkpoint
 * and delivers what came since, so across both runs every record is delivered exactly once.
 */
class FirehoseRunCommandITCase {
    private static final Pattern DELIVERED =
            Pattern.compile(
                    "firehose run: delivered (\\d+) records \\([0-9.]+ MB\\), 0 to the error output");

    @TempDir Path root;
    @TempDir Path out;

    @Test
    void deliversPutRecordsStopsAfterTheDurationAndResumesWithoutDeliveringTwice()
            throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Cli cli = new Cli(root);
        Path definition = root.resolve("events.yaml");
        Files.writeString(
                definition,
                String.join(
                        "\n",
                        "DeliveryStreamName: events",
                        "DeliveryStreamType: DirectPut",
                        "DirectPutSourceConfiguration: {ShardCount: 2}",
                        "ExtendedS3DestinationConfiguration:",
                        "  Path: " + out.toUri(),
                        "  CompressionFormat: GZIP",
                        "  BufferingHints: {IntervalInSeconds: 0}",
                        "  ProcessingConfiguration:",
                        "    Enabled: true",
                        "    Processors: [{Type: AppendDelimiterToRecord}]"));
        // Brook owns the backing stream firehose-events; 'run' would create it, the producer here
        // comes first.
        cli.ok("create-stream", "--stream-name", "firehose-events", "--shard-count", "2");
        List<String> input = new ArrayList<>();
        put(cli, input, random, 0, 300);

        Cli.Result first = cli.run("firehose", "run", definition.toString(), "--duration", "5");
        first.assertOk();
        assertThat(first.err())
                .as("seed %s", seed)
                .contains(
                        "firehose run: delivering firehose-events to " + out.toUri(),
                        "stopping after 5 s",
                        "firehose run: stopped")
                .doesNotContain("continuing from", "\tat ");
        List<String> afterFirst = deliveredLines();
        assertThat(afterFirst).as("delivered in 5 s, checkpoints every second").isNotEmpty();
        assertThat(new HashSet<>(afterFirst)).as("no duplicates").hasSize(afterFirst.size());
        assertThat(input).containsAll(afterFirst);
        // The progress line before stopping counts what was committed by then (a checkpoint may
        // still complete before the job is cancelled).
        assertThat(lastDeliveredCount(first.err())).isBetween(0L, (long) afterFirst.size());

        put(cli, input, random, 300, 200);
        // Each further run continues from the newest kept checkpoint: nothing delivered is
        // delivered again, and what the last run had not committed (and what came since) is.
        // Runs repeat (a few at most) until everything is there, so a slow machine only costs
        // another run.
        List<String> all = afterFirst;
        long deliveredLater = 0;
        for (int run = 2; run <= 5 && all.size() < input.size(); run++) {
            Cli.Result next = cli.run("firehose", "run", definition.toString(), "--duration", "6");
            next.assertOk();
            assertThat(next.err())
                    .as("run %d, seed %s", run, seed)
                    .containsPattern(
                            "continuing from file:[^ ]*/_firehose/events/[0-9a-f]{32}/chk-\\d+")
                    .contains("firehose run: stopped");
            all = deliveredLines();
            assertThat(new HashSet<>(all))
                    .as("no duplicates after run %d", run)
                    .hasSize(all.size());
            assertThat(input).containsAll(all);
            deliveredLater += lastDeliveredCount(next.err());
        }
        assertSameMultiset(input, all);
        assertThat(deliveredLater)
                .as("progress lines of the later runs")
                .isBetween(0L, (long) (input.size() - afterFirst.size()));

        // A bounded run cannot continue an unbounded run's checkpoint (its read has no ends): it
        // stops at once, saying why and what to do, and delivers nothing.
        Cli.Result bounded = cli.run("firehose", "run", definition.toString(), "--bounded");
        assertThat(bounded.code()).as(bounded.err()).isNotZero();
        assertThat(bounded.err())
                .contains(
                        "is bounded, but the checkpoint or savepoint it restores from was taken by"
                                + " an unbounded read",
                        "--fresh")
                .doesNotContain("\tat ");
        assertThat(deliveredLines()).hasSameSizeAs(all);
    }

    /** Puts {@code n} JSON records through put-record-batch (at most 500 a call). */
    private static void put(Cli cli, List<String> input, Random random, int from, int n)
            throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            String record =
                    "{\"n\":"
                            + i
                            + ",\"user\":\"u"
                            + random.nextInt(20)
                            + "\",\"v\":\""
                            + Long.toHexString(random.nextLong())
                            + "\"}";
            input.add(record);
            batch.append(Cli.JSON.writeValueAsString(java.util.Map.of("Data", record)))
                    .append('\n');
        }
        JsonNode r =
                cli.runWithStdin(
                                batch.toString(),
                                "firehose",
                                "put-record-batch",
                                "--delivery-stream-name",
                                "events",
                                "--records",
                                "-")
                        .assertOk()
                        .json();
        assertThat(r.get("FailedPutCount").asInt()).isZero();
    }

    /** The lines of every visible delivered file (FileSink's unfinished files start with '.'). */
    private List<String> deliveredLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                assertThat(out.relativize(f).toString().replace('\\', '/'))
                        .matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}/events-1-[0-9-]+-[0-9a-f-]+\\.gz");
                try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isEmpty())
                            .forEach(lines::add);
                }
            }
        }
        return lines;
    }

    /** The count of the last progress line. */
    private static long lastDeliveredCount(String err) {
        Matcher m = DELIVERED.matcher(err);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        assertThat(last).as("a progress line in %s", err).isNotNegative();
        return last;
    }
}
