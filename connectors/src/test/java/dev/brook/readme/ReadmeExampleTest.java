package dev.brook.readme;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.Consumer;
import dev.brook.client.Producer;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordResult;
import dev.brook.store.Record;
import dev.brook.store.StartingPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of the README, verbatim between the markers, so that it keeps running. */
class ReadmeExampleTest {
    @TempDir Path dir;

    @Test
    void readmeExampleRuns() throws Exception {
        String root = dir.toString();
        List<String> seen = new ArrayList<>();
        // README-BEGIN
        try (BrookStore store = BrookStore.open(root)) {
            store.createStream("clicks", 4);

            PutRecordResult one = store.putRecord("clicks", "user-1", "hello".getBytes(UTF_8));
            System.out.println(one.shardId() + " " + one.sequenceNumber());

            try (Producer producer = Producer.builder(store, "clicks").build()) {
                for (int i = 0; i < 1000; i++) {
                    producer.send("user-" + (i % 10), ("click " + i).getBytes(UTF_8));
                }
                producer.flush(); // or keep the futures: send(...).thenAccept(sent -> ...)
            }

            store.splitShard(
                    "clicks", "shardId-000000000000", "42535295865117307932921825928971026432");

            try (Consumer consumer =
                    Consumer.builder(store, "clicks")
                            .startingPosition(StartingPosition.trimHorizon())
                            .build()) {
                List<Record> records;
                while (!(records = consumer.poll(500, Duration.ofMillis(200))).isEmpty()) {
                    for (Record r : records) {
                        seen.add(r.partitionKey() + ": " + new String(r.data(), UTF_8));
                    }
                }
            }
        }
        // README-END
        assertThat(seen).hasSize(1001).contains("user-1: hello", "user-3: click 3");
    }

    /** The README's {@code poll(max, handler)} lines, on a stream of three records. */
    @Test
    void handlerPollSnippetRuns() {
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("clicks", 2);
            for (String data : List.of("a", "bb", "ccc")) {
                store.putRecord("clicks", "user-" + data, data.getBytes(UTF_8));
            }
            try (Consumer consumer = Consumer.builder(store, "clicks").build()) {
                long[] bytes = {0};
                int n = consumer.poll(10_000, record -> bytes[0] += record.dataLength());
                assertThat(n).isEqualTo(3);
                assertThat(bytes[0]).isEqualTo(6);
            }
        }
    }
}
