package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.store.BrookStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerCommandsTest {
    @TempDir Path root;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "2");
    }

    @Test
    void registerListDeregister() {
        JsonNode c =
                cli.ok("register-stream-consumer", "--stream-name", "s", "--consumer-name", "job")
                        .get("Consumer");
        assertThat(c.get("ConsumerName").asText()).isEqualTo("job");
        assertThat(c.get("ConsumerARN").asText())
                .startsWith("arn:brook:kinesis:local:000000000000:stream/s/consumer/job:");
        assertThat(c.get("ConsumerStatus").asText()).isEqualTo("ACTIVE");
        assertThat(c.get("ConsumerCreationTimestamp").isNumber()).isTrue();

        // Registering again returns the same registration.
        JsonNode again =
                cli.ok("register-stream-consumer", "--stream-name", "s", "--consumer-name", "job")
                        .get("Consumer");
        assertThat(again.get("ConsumerARN")).isEqualTo(c.get("ConsumerARN"));

        cli.ok("register-stream-consumer", "--stream-name", "s", "--consumer-name", "audit");
        try (BrookStore store = BrookStore.open(root.toString())) {
            store.consumers().recordPositions("s", "job", Map.of("shardId-000000000001", 7L));
        }
        JsonNode list = cli.ok("list-stream-consumers", "--stream-name", "s").get("Consumers");
        assertThat(list)
                .extracting(n -> n.get("ConsumerName").asText())
                .containsExactly("audit", "job");
        assertThat(list.get(1).get("NextSequenceNumbers").get("shardId-000000000001").asText())
                .isEqualTo("00000000000100000000000000000007");

        Cli.Result gone =
                cli.run(
                                "deregister-stream-consumer",
                                "--stream-name",
                                "s",
                                "--consumer-name",
                                "job")
                        .assertOk();
        assertThat(gone.out()).isEmpty();
        assertThat(cli.ok("list-stream-consumers", "--stream-name", "s").get("Consumers"))
                .extracting(n -> n.get("ConsumerName").asText())
                .containsExactly("audit");
    }

    @Test
    void badConsumerInput() {
        cli.run("deregister-stream-consumer", "--stream-name", "s", "--consumer-name", "nobody")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceNotFoundException", "nobody");
        cli.run("register-stream-consumer", "--stream-name", "s", "--consumer-name", "../up")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("InvalidArgumentException", "illegal consumer name");
        cli.run("register-stream-consumer", "--stream-name", "missing", "--consumer-name", "job")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceNotFoundException");
        assertThat(root.resolve("missing")).doesNotExist();
        cli.run("register-stream-consumer", "--stream-name", "s")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--consumer-name");
    }
}
