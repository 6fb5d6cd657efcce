package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.ConsumerRegistry.Registration;
import dev.brook.store.SequenceNumber;
import dev.brook.store.ShardIds;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * register-stream-consumer, deregister-stream-consumer and list-stream-consumers: Brook's
 * checkpoint-based consumer registrations. A registered consumer (typically a Flink job) records
 * the position of its last completed checkpoint with the stream, and time retention keeps what it
 * has not checkpointed past, up to a hard maximum age.
 */
final class ConsumerCommands {
    private ConsumerCommands() {}

    /** A registration as the AWS CLI shows a consumer, plus Brook's checkpointed positions. */
    static ObjectNode json(String stream, Registration r) {
        ObjectNode n = JsonOutput.object();
        n.put("ConsumerName", r.name());
        n.put("ConsumerARN", JsonOutput.consumerArn(stream, r.name(), r.registeredMillis()));
        n.put("ConsumerStatus", "ACTIVE");
        n.put("ConsumerCreationTimestamp", JsonOutput.epochSeconds(r.registeredMillis()));
        n.put("LastCheckpointTimestamp", JsonOutput.epochSeconds(r.updatedMillis()));
        ObjectNode next = n.putObject("NextSequenceNumbers");
        for (Map.Entry<String, Long> e : new TreeMap<>(r.positions()).entrySet()) {
            next.put(e.getKey(), nextSequenceNumber(e.getKey(), e.getValue()));
        }
        return n;
    }

    private static String nextSequenceNumber(String shardId, long offset) {
        if (offset < 0) {
            return "SHARD_END";
        }
        try {
            return new SequenceNumber(ShardIds.ordinal(shardId), offset).toString();
        } catch (RuntimeException e) {
            return String.valueOf(offset);
        }
    }

    @Command(
            name = "register-stream-consumer",
            header = "Registers a consumer whose checkpoints hold back retention.",
            description = {
                "Registers a consumer under a name, so that time retention keeps what it has not"
                        + " checkpointed past (up to a hard maximum age, 7 days by default)."
                        + " Registering again returns the existing registration.",
                "Brook's Flink source records its completed checkpoints' positions under this"
                        + " name; a consumer nobody updates holds data back until that maximum"
                        + " age, so deregister what you no longer run."
            })
    static final class Register extends BrookCommand {
        @Option(names = "--stream-name", required = true, paramLabel = "NAME")
        String streamName;

        @Option(
                names = "--consumer-name",
                required = true,
                paramLabel = "CONSUMER",
                description = "1 to 128 letters, digits, '_', '.' or '-'.")
        String consumerName;

        @Override
        protected int run(BrookStore store) {
            store.metadata(streamName); // the stream must exist
            Registration r = store.consumers().register(streamName, consumerName);
            ObjectNode result = JsonOutput.object();
            result.set("Consumer", json(streamName, r));
            print(result);
            return BrookCli.EXIT_OK;
        }
    }

    @Command(
            name = "deregister-stream-consumer",
            header = "Removes a consumer's registration.",
            description =
                    "Removes a consumer's registration; retention no longer waits for it. Prints"
                            + " nothing on success.")
    static final class Deregister extends BrookCommand {
        @Option(names = "--stream-name", required = true, paramLabel = "NAME")
        String streamName;

        @Option(names = "--consumer-name", required = true, paramLabel = "CONSUMER")
        String consumerName;

        @Override
        protected int run(BrookStore store) {
            store.metadata(streamName); // the stream must exist
            store.consumers().deregister(streamName, consumerName);
            return BrookCli.EXIT_OK;
        }
    }

    @Command(
            name = "list-stream-consumers",
            header = "Lists registered consumers and their checkpointed positions.",
            description = {
                "Lists the stream's registered consumers with, per shard, the sequence number"
                        + " of the next record their last completed checkpoint reads"
                        + " (NextSequenceNumbers; SHARD_END for a shard read to its end)."
            })
    static final class List extends BrookCommand {
        @Option(names = "--stream-name", required = true, paramLabel = "NAME")
        String streamName;

        @Override
        protected int run(BrookStore store) {
            store.metadata(streamName); // the stream must exist
            ObjectNode result = JsonOutput.object();
            ArrayNode consumers = result.putArray("Consumers");
            store.consumers().list(streamName).stream()
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(r -> consumers.add(json(streamName, r)));
            print(result);
            return BrookCli.EXIT_OK;
        }
    }
}
