package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.store.HashKey;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReshardCommandsTest {
    @TempDir Path root;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(root);
    }

    private JsonNode shards(String stream) {
        return cli.ok("list-shards", "--stream-name", stream).get("Shards");
    }

    @Test
    void splitShardMakesTwoChildrenAndEndsTheParent() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "1");
        JsonNode put =
                cli.ok(
                        "put-record",
                        "--stream-name",
                        "s",
                        "--partition-key",
                        "k",
                        "--data",
                        "before");
        String middle = HashKey.MAX_VALUE.add(BigInteger.ONE).shiftRight(1).toString();
        Cli.Result split =
                cli.run(
                                "split-shard",
                                "--stream-name",
                                "s",
                                "--shard-to-split",
                                "shardId-000000000000",
                                "--new-starting-hash-key",
                                middle)
                        .assertOk();
        assertThat(split.out()).isEmpty();

        JsonNode shards = shards("s");
        assertThat(shards).hasSize(3);
        JsonNode parent = shards.get(0);
        assertThat(parent.get("SequenceNumberRange").get("EndingSequenceNumber").asText())
                .isEqualTo(put.get("SequenceNumber").asText());
        JsonNode first = shards.get(1);
        JsonNode second = shards.get(2);
        assertThat(first.get("ShardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(first.get("ParentShardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(first.has("AdjacentParentShardId")).isFalse();
        assertThat(first.get("HashKeyRange").get("EndingHashKey").asText())
                .isEqualTo(new BigInteger(middle).subtract(BigInteger.ONE).toString());
        assertThat(second.get("HashKeyRange").get("StartingHashKey").asText()).isEqualTo(middle);

        // The parent, read to its end, names its children.
        JsonNode end =
                cli.ok(
                        "get-records",
                        "--stream-name",
                        "s",
                        "--shard-id",
                        "shardId-000000000000",
                        "--shard-iterator-type",
                        "TRIM_HORIZON");
        assertThat(end.get("Records")).hasSize(1);
        JsonNode children = end.get("ChildShards");
        assertThat(children).hasSize(2);
        assertThat(children.get(0).get("ShardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(children.get(0).get("ParentShards").get(0).asText())
                .isEqualTo("shardId-000000000000");
        assertThat(children.get(1).get("HashKeyRange").get("StartingHashKey").asText())
                .isEqualTo(middle);

        cli.run(
                        "split-shard",
                        "--stream-name",
                        "s",
                        "--shard-to-split",
                        "shardId-000000000000",
                        "--new-starting-hash-key",
                        middle)
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceInUseException", "is closed");
    }

    @Test
    void mergeShardsNamesBothParents() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "3");
        Cli.Result merged =
                cli.run(
                                "merge-shards",
                                "--stream-name",
                                "s",
                                "--shard-to-merge",
                                "shardId-000000000001",
                                "--adjacent-shard-to-merge",
                                "shardId-000000000002")
                        .assertOk();
        assertThat(merged.out()).isEmpty();
        JsonNode child = shards("s").get(3);
        assertThat(child.get("ShardId").asText()).isEqualTo("shardId-000000000003");
        assertThat(child.get("ParentShardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(child.get("AdjacentParentShardId").asText()).isEqualTo("shardId-000000000002");
        assertThat(child.has("ParentShardIds")).isFalse();
        assertThat(child.get("HashKeyRange").get("EndingHashKey").asText())
                .isEqualTo(HashKey.MAX_VALUE.toString());

        cli.run(
                        "merge-shards",
                        "--stream-name",
                        "s",
                        "--shard-to-merge",
                        "shardId-000000000000",
                        "--adjacent-shard-to-merge",
                        "shardId-000000000000")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR);
    }

    @Test
    void updateShardCountReportsCountsAndListsEveryParent() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "5");
        JsonNode r =
                cli.ok(
                        "update-shard-count",
                        "--stream-name",
                        "s",
                        "--target-shard-count",
                        "3",
                        "--scaling-type",
                        "UNIFORM_SCALING");
        assertThat(r.get("StreamName").asText()).isEqualTo("s");
        assertThat(r.get("CurrentShardCount").asInt()).isEqualTo(5);
        assertThat(r.get("TargetShardCount").asInt()).isEqualTo(3);
        assertThat(r.get("StreamARN").asText()).endsWith(":stream/s");

        JsonNode summary =
                cli.ok("describe-stream-summary", "--stream-name", "s")
                        .get("StreamDescriptionSummary");
        assertThat(summary.get("OpenShardCount").asInt()).isEqualTo(3);

        // The middle of 3 even ranges overlaps 3 of 5: more parents than Kinesis has fields for.
        JsonNode middle = shards("s").get(6);
        assertThat(middle.get("ShardId").asText()).isEqualTo("shardId-000000000006");
        assertThat(middle.get("ParentShardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(middle.get("AdjacentParentShardId").asText()).isEqualTo("shardId-000000000002");
        assertThat(middle.get("ParentShardIds"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "shardId-000000000001", "shardId-000000000002", "shardId-000000000003");

        cli.run("update-shard-count", "--stream-name", "s", "--target-shard-count", "7")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("between half and double");
        cli.run(
                        "update-shard-count",
                        "--stream-name",
                        "s",
                        "--target-shard-count",
                        "4",
                        "--scaling-type",
                        "SOMETIMES")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--scaling-type");
    }
}
