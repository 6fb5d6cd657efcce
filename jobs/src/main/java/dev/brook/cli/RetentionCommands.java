package dev.brook.cli;

import dev.brook.store.BrookStore;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** increase-stream-retention-period and decrease-stream-retention-period. */
final class RetentionCommands {
    private RetentionCommands() {}

    abstract static class Change extends BrookCommand {
        @Option(names = "--stream-name", required = true, paramLabel = "NAME")
        String streamName;

        @Option(
                names = "--retention-period-hours",
                required = true,
                paramLabel = "HOURS",
                description = "The new retention period in hours (at least 1).")
        int hours;

        @Override
        protected final int run(BrookStore store) {
            if (hours < 1) {
                throw usage("--retention-period-hours must be at least 1, got " + hours);
            }
            change(store, Duration.ofHours(hours));
            return BrookCli.EXIT_OK;
        }

        abstract void change(BrookStore store, Duration retention);
    }

    @Command(
            name = "increase-stream-retention-period",
            header = "Lengthens the retention period.",
            description = {
                "Lengthens the stream's retention period; as Kinesis, the new period must not be"
                        + " shorter than the current one. Prints nothing on success."
            })
    static final class Increase extends Change {
        @Override
        void change(BrookStore store, Duration retention) {
            store.increaseRetention(streamName, retention);
        }
    }

    @Command(
            name = "decrease-stream-retention-period",
            header = "Shortens the retention period.",
            description = {
                "Shortens the stream's retention period; as Kinesis, the new period must not be"
                        + " longer than the current one. Data older than the new period goes at"
                        + " the next retention run (see enforce-retention). Prints nothing on"
                        + " success."
            })
    static final class Decrease extends Change {
        @Override
        void change(BrookStore store, Duration retention) {
            store.decreaseRetention(streamName, retention);
        }
    }
}
