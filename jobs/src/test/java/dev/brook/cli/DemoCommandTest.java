package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir Path root;

    @Test
    void demoReadsBackEveryClickAcrossTheSplit() {
        Cli cli = new Cli(root);
        Cli.Result r = cli.run("demo", "--clicks", "2000").assertOk();
        assertThat(r.out())
                .contains("Created stream demo-clicks with 4 shards")
                .containsPattern("Split shardId-000000000000 at hash key \\d+ into")
                .contains("(child of shardId-000000000000)")
                .contains("Total: 2000 of 2000 clicks read back, none lost or repeated");
        // A second run replaces the stream instead of failing.
        assertThat(cli.run("demo", "--clicks", "100").assertOk().out())
                .contains("Total: 100 of 100 clicks");
    }

    @Test
    void runExampleOnAnUnknownStreamIsAOneLineError() {
        Cli.Result r =
                new Cli(root)
                        .run("run-example", "key-count", "--input", "nope", "--output", "nope2")
                        .assertOneLineError(BrookCli.EXIT_STORE_ERROR);
        assertThat(r.err()).contains("ResourceNotFoundException").contains("nope");
    }
}
