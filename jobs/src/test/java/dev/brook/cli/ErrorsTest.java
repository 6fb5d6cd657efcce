package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.BrookException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Bad input: a non-zero exit code and one line on stderr, never a stack trace. */
class ErrorsTest {
    @TempDir Path root;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(root);
        cli.ok(
                "create-stream",
                "--stream-name",
                "small",
                "--shard-count",
                "2",
                "--max-record-size-bytes",
                "10");
    }

    /** Every command that names a stream, with the other arguments it needs. */
    static Stream<Arguments> streamCommands() {
        return Stream.of(
                Arguments.of("delete-stream", new String[] {}),
                Arguments.of("describe-stream", new String[] {}),
                Arguments.of("describe-stream-summary", new String[] {}),
                Arguments.of("list-shards", new String[] {}),
                Arguments.of("put-record", new String[] {"--partition-key", "k", "--data", "x"}),
                Arguments.of("put-records", new String[] {"--records", "-"}),
                Arguments.of(
                        "get-records",
                        new String[] {
                            "--shard-id", "shardId-000000000000", "--shard-iterator-type", "LATEST"
                        }),
                Arguments.of("tail", new String[] {"--timeout-seconds", "0.1"}),
                Arguments.of(
                        "split-shard",
                        new String[] {
                            "--shard-to-split",
                            "shardId-000000000000",
                            "--new-starting-hash-key",
                            "5"
                        }),
                Arguments.of(
                        "merge-shards",
                        new String[] {
                            "--shard-to-merge",
                            "shardId-000000000000",
                            "--adjacent-shard-to-merge",
                            "shardId-000000000001"
                        }),
                Arguments.of("update-shard-count", new String[] {"--target-shard-count", "2"}),
                Arguments.of(
                        "increase-stream-retention-period",
                        new String[] {"--retention-period-hours", "48"}),
                Arguments.of(
                        "decrease-stream-retention-period",
                        new String[] {"--retention-period-hours", "12"}),
                Arguments.of("enforce-retention", new String[] {}),
                Arguments.of("compact", new String[] {}),
                Arguments.of("register-stream-consumer", new String[] {"--consumer-name", "c"}),
                Arguments.of("deregister-stream-consumer", new String[] {"--consumer-name", "c"}),
                Arguments.of("list-stream-consumers", new String[] {}));
    }

    private Cli.Result run(String command, String stream, String... rest) {
        List<String> args = new ArrayList<>(List.of(command, "--stream-name", stream));
        args.addAll(List.of(rest));
        return cli.runWithStdin(
                "{\"PartitionKey\":\"k\",\"Data\":\"x\"}\n", args.toArray(new String[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamCommands")
    void unknownStream(String command, String[] rest) {
        run(command, "nosuch", rest)
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains(
                        "brook: ResourceNotFoundException: stream nosuch not found under file:");
        assertThat(root.resolve("nosuch")).doesNotExist();
    }

    static Stream<Arguments> illegalNames() {
        List<Arguments> out = new ArrayList<>();
        List<Arguments> commands = new ArrayList<>(streamCommands().toList());
        commands.add(Arguments.of("create-stream", new String[] {"--shard-count", "1"}));
        for (String name : List.of("../x", "", "a".repeat(129), "a/b", "_meta")) {
            for (Arguments c : commands) {
                out.add(Arguments.of(c.get()[0], c.get()[1], name));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ''{2}''")
    @MethodSource("illegalNames")
    void illegalStreamName(String command, String[] rest, String name) {
        run(command, name, rest)
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("brook: InvalidArgumentException: ", "stream name");
    }

    @Test
    void partitionKeyMustBe1To256Characters() {
        cli.run("put-record", "--stream-name", "small", "--partition-key", "", "--data", "x")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("InvalidArgumentException", "partition key must not be empty");
        cli.run(
                        "put-record",
                        "--stream-name",
                        "small",
                        "--partition-key",
                        "k".repeat(257),
                        "--data",
                        "x")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("partition key has 257 characters; the limit is 256");
        cli.ok(
                "put-record",
                "--stream-name",
                "small",
                "--partition-key",
                "k".repeat(256),
                "--data",
                "x");
    }

    @Test
    void recordOverTheStreamsLimit() {
        cli.ok(
                "put-record",
                "--stream-name",
                "small",
                "--partition-key",
                "k",
                "--data",
                "0123456789");
        cli.run(
                        "put-record",
                        "--stream-name",
                        "small",
                        "--partition-key",
                        "k",
                        "--data",
                        "0123456789+")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("InvalidArgumentException", "11 bytes", "at most 10 bytes");

        cli.ok("create-stream", "--stream-name", "big", "--shard-count", "1");
        cli.run(
                        "put-record",
                        "--stream-name",
                        "big",
                        "--partition-key",
                        "k",
                        "--data",
                        "x".repeat(1024 * 1024 + 1))
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("1048577 bytes", "at most 1048576 bytes");

        cli.run(
                        "create-stream",
                        "--stream-name",
                        "huge",
                        "--shard-count",
                        "1",
                        "--max-record-size-bytes",
                        "20000000")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("max record size", "10 MiB");
    }

    @Test
    void invalidHashKeys() {
        for (String bad :
                List.of("abc", "-1", "340282366920938463463374607431768211456", "1.5", "")) {
            cli.run(
                            "put-record",
                            "--stream-name",
                            "small",
                            "--partition-key",
                            "k",
                            "--data",
                            "x",
                            "--explicit-hash-key",
                            bad)
                    .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                    .errContains("InvalidArgumentException", "invalid hash key");
            cli.run(
                            "split-shard",
                            "--stream-name",
                            "small",
                            "--shard-to-split",
                            "shardId-000000000000",
                            "--new-starting-hash-key",
                            bad)
                    .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                    .errContains("InvalidArgumentException", "invalid hash key");
        }
        // A valid key outside the shard's range.
        cli.run(
                        "split-shard",
                        "--stream-name",
                        "small",
                        "--shard-to-split",
                        "shardId-000000000000",
                        "--new-starting-hash-key",
                        "0")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("new starting hash key 0 must be greater than 0");
        cli.run(
                        "split-shard",
                        "--stream-name",
                        "small",
                        "--shard-to-split",
                        "shard-1",
                        "--new-starting-hash-key",
                        "5")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("shard-1");
    }

    static Stream<Arguments> commandsWithRequiredOptions() {
        return Stream.concat(
                        streamCommands().map(a -> (String) a.get()[0]), Stream.of("create-stream"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsWithRequiredOptions")
    void missingRequiredOptions(String command) {
        cli.run(command)
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("Missing required option", "--stream-name", "see 'brook " + command);
    }

    @Test
    void badValuesAndUnknownOptionsOrCommands() {
        cli.run("create-stream", "--stream-name", "s", "--shard-count", "four")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--shard-count", "four");
        cli.run("create-stream", "--stream-name", "s", "--shard-count", "0")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("shard count 0 is out of range: 1 to 10000");
        cli.run("create-stream", "--stream-name", "s", "--shard-count", "1", "--colour", "red")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--colour");
        cli.run("creat-stream", "--stream-name", "s")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("did you mean create-stream");
        cli.run("describe-stream", "--stream-name")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--stream-name");
        cli.runRaw(new ByteArrayInputStream(new byte[0]), "--root", "", "list-streams")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--root must not be empty");
    }

    @Test
    void unexpectedErrorsAreOneLineWithAHint() {
        StringWriter err = new StringWriter();
        CommandLine cl =
                BrookCli.commandLine(
                        new BrookCli(Map.of(), new ByteArrayInputStream(new byte[0])),
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(err));
        int code =
                new BrookCli.Failures(false)
                        .handleExecutionException(
                                new IllegalStateException("boom\non two lines"), cl, null);
        assertThat(code).isEqualTo(BrookCli.EXIT_UNEXPECTED);
        assertThat(err.toString())
                .isEqualTo(
                        "brook: IllegalStateException: boom on two lines (run with BROOK_DEBUG=1"
                                + " for the stack trace)\n");

        StringWriter wrapped = new StringWriter();
        cl.setErr(new PrintWriter(wrapped));
        code =
                new BrookCli.Failures(false)
                        .handleExecutionException(
                                new RuntimeException(BrookException.notFound("gone")), cl, null);
        assertThat(code).isEqualTo(BrookCli.EXIT_STORE_ERROR);
        assertThat(wrapped.toString()).isEqualTo("brook: ResourceNotFoundException: gone\n");

        StringWriter debug = new StringWriter();
        cl.setErr(new PrintWriter(debug));
        new BrookCli.Failures(true)
                .handleExecutionException(new IllegalStateException("boom"), cl, null);
        assertThat(debug.toString())
                .startsWith("brook: IllegalStateException: boom\n")
                .contains("\tat ");
    }

    @Test
    void debugComesFromBrookDebug() {
        assertThat(BrookCli.isDebug(Map.of())).isFalse();
        assertThat(BrookCli.isDebug(Map.of("BROOK_DEBUG", "0"))).isFalse();
        assertThat(BrookCli.isDebug(Map.of("BROOK_DEBUG", "1"))).isTrue();
    }
}
