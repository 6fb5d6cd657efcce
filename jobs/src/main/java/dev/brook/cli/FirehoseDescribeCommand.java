package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.job.FirehoseJob;
import dev.brook.firehose.prefix.S3Prefixes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "describe",
        header = "Validates a delivery stream definition and prints it with every default.",
        description = {
            "Prints {\"DeliveryStreamDescription\": {...}}: the definition as it will run (Firehose's"
                    + " field names, defaults filled in, the store's root resolved) and what Brook"
                    + " derives from it: the source stream, the effective prefixes and the"
                    + " checkpoint interval. Nothing is created or started."
        })
final class FirehoseDescribeCommand extends FirehoseSubcommand implements Callable<Integer> {
    @Mixin FirehoseDefinitionOptions definition;

    @Override
    public Integer call() throws Exception {
        DeliveryStreamDefinition d;
        try {
            d = definition.load();
        } catch (FirehoseDefinitionOptions.BadDefinition e) {
            throw usage(e.getMessage());
        }
        FirehoseJob job = FirehoseJob.builder(d).root(cli().root()).build();
        S3Prefixes prefixes = job.definition().destination().fileOutputs().prefixes();
        ObjectNode description =
                (ObjectNode)
                        JsonOutput.MAPPER.readTree(
                                DeliveryStreamDefinitions.toJson(
                                        job.definition().withSecretsHidden()));
        ObjectNode brook = description.putObject("Brook");
        brook.put("Root", job.root());
        brook.put("SourceStreamName", job.definition().sourceStreamName());
        brook.put("EffectivePrefix", prefixes.data().expression());
        brook.put("EffectiveErrorOutputPrefix", prefixes.error().expression());
        brook.put("CheckpointIntervalSeconds", job.checkpointInterval().toSeconds());
        ObjectNode result = JsonOutput.object();
        result.set("DeliveryStreamDescription", description);
        JsonOutput.printPretty(out(), result);
        out().flush();
        return BrookCli.EXIT_OK;
    }
}
