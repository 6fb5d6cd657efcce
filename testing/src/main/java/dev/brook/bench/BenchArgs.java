package dev.brook.bench;

/** What the benchmarks' option parsers share: a usage mistake ends the run with exit code 2. */
public final class BenchArgs {
    private BenchArgs() {}

    /** The value after option {@code args[i - 1]}, or the end of the run if there is none. */
    public static String value(String bench, String[] args, int i, String option) {
        if (i >= args.length) {
            fail(bench, option + " needs a value");
        }
        return args[i];
    }

    /** Prints {@code bench <name>: <message>} to stderr and exits with 2. */
    public static void fail(String bench, String message) {
        System.err.println("bench " + bench + ": " + message);
        System.exit(2);
    }
}
