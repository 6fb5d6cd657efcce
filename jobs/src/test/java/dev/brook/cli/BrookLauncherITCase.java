package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/brook} end to end, from a directory outside the repository, on the jar
 * Maven has just packaged (BROOK_NO_BUILD=1: the launcher must not start a build inside this one).
 */
class BrookLauncherITCase {
    static final Path BROOK =
            Paths.get(System.getProperty("basedir", System.getProperty("user.dir")))
                    .toAbsolutePath()
                    .getParent()
                    .resolve("bin")
                    .resolve("brook");

    @TempDir Path cwd;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Cli.JSON.readTree(out);
        }
    }

    private Run brook(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", BROOK.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("BROOK_ROOT");
        pb.environment().remove("BROOK_DEBUG");
        pb.environment().put("BROOK_NO_BUILD", "1");
        pb.environment().putAll(env);
        File out = cwd.resolve("stdout.txt").toFile();
        File err = cwd.resolve("stderr.txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/brook " + String.join(" ", args) + " did not finish");
        }
        return new Run(
                p.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void createPutAndGetThroughTheLauncher() throws Exception {
        assertThat(BROOK).isExecutable();

        // A relative --root is relative to the caller's directory, not the repository.
        Run created =
                brook(
                        Map.of(),
                        "create-stream",
                        "--root",
                        "data",
                        "--stream-name",
                        "clicks",
                        "--shard-count",
                        "2");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).isEmpty();
        assertThat(created.err()).isEmpty();
        assertThat(cwd.resolve("data").resolve("clicks")).isDirectory();

        // BROOK_ROOT, also relative to the caller's directory.
        Run put =
                brook(
                        Map.of("BROOK_ROOT", "data"),
                        "put-record",
                        "--stream-name",
                        "clicks",
                        "--partition-key",
                        "user-1",
                        "--data",
                        "hello brook");
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.err()).isEmpty();
        String shard = put.json().get("ShardId").asText();
        String seq = put.json().get("SequenceNumber").asText();

        Run got =
                brook(
                        Map.of(),
                        "--root",
                        "data",
                        "get-records",
                        "--stream-name",
                        "clicks",
                        "--shard-id",
                        shard,
                        "--shard-iterator-type",
                        "TRIM_HORIZON");
        assertThat(got.code()).as(got.err()).isZero();
        assertThat(got.err()).isEmpty();
        JsonNode records = got.json().get("Records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("SequenceNumber").asText()).isEqualTo(seq);
        assertThat(records.get(0).get("PartitionKey").asText()).isEqualTo("user-1");
        assertThat(Base64.getDecoder().decode(records.get(0).get("Data").asText()))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("hello brook");

        // A mistake: exit code 254, one line on stderr, nothing on stdout.
        Run missing = brook(Map.of(), "describe-stream", "--root", "data", "--stream-name", "nope");
        assertThat(missing.code()).isEqualTo(BrookCli.EXIT_STORE_ERROR);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("brook: ResourceNotFoundException: stream nope not found under file:")
                .contains(cwd.resolve("data").toString());
    }
}
