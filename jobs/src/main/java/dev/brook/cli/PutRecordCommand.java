package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordResult;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "put-record",
        header = "Puts one record.",
        description = {
            "Puts one record into the shard its partition key (or explicit hash key) maps to.",
            "The data is the UTF-8 text given, as 'aws kinesis put-record --cli-binary-format"
                    + " raw-in-base64-out' takes it; file://PATH takes a text file's content and"
                    + " fileb://PATH a file's raw bytes."
        })
final class PutRecordCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(
            names = "--partition-key",
            required = true,
            paramLabel = "KEY",
            description = "1 to 256 characters; MD5 of its UTF-8 bytes picks the shard.")
    String partitionKey;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "TEXT",
            description = "The record's data: text, file://PATH or fileb://PATH.")
    String data;

    @Option(
            names = "--explicit-hash-key",
            paramLabel = "HASH_KEY",
            description =
                    "Routes by this decimal hash key (0 to 2^128-1) instead of the partition"
                            + " key's MD5.")
    String explicitHashKey;

    @Override
    protected int run(BrookStore store) {
        byte[] bytes;
        try {
            bytes = Inputs.bytes(data);
        } catch (IOException e) {
            throw usage("--data " + data + ": cannot read the file: " + Inputs.reason(e));
        }
        PutRecordResult r = store.putRecord(streamName, partitionKey, bytes, explicitHashKey);
        ObjectNode result = JsonOutput.object();
        result.put("ShardId", r.shardId());
        result.put("SequenceNumber", r.sequenceNumber());
        print(result);
        return BrookCli.EXIT_OK;
    }
}
