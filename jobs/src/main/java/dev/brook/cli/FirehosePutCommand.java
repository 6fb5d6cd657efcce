package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsResult;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Base of the Direct PUT commands: the delivery stream, the put, the printed response. */
abstract class FirehosePutCommand extends FirehoseSubcommand implements Callable<Integer> {
    @Option(names = "--delivery-stream-name", required = true, paramLabel = "NAME")
    String deliveryStreamName;

    /** Puts records that passed Firehose's limits and prints the response made from the result. */
    void putAndPrint(List<byte[]> records, Function<PutRecordsResult, ObjectNode> response) {
        try (BrookStore store = cli().openStore()) {
            PutRecordsResult r = FirehoseDirectPut.put(store, deliveryStreamName, records);
            JsonOutput.printPretty(out(), response.apply(r));
            out().flush();
        }
    }
}
