package dev.brook.cli;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code bin/brook}: Brook streams from the command line, shaped like {@code aws kinesis}. Every
 * command prints its result as JSON on stdout (4-space indented, as the AWS CLI does); errors are
 * one line on stderr. Exit codes follow the AWS CLI: 0 success, 252 a bad command line, 254 an
 * error reported by the store (e.g. {@code ResourceNotFoundException}), 255 anything unexpected.
 */
@Command(
        name = "brook",
        mixinStandardHelpOptions = true,
        versionProvider = BrookCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        description = {
            "Brook streams from the command line, shaped like 'aws kinesis'.",
            "Results are JSON on stdout; errors are one line on stderr.",
            "Run 'brook COMMAND --help' for a command's options."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "252:bad command line (unknown command or option, missing or invalid value)",
            "254:the store reported an error (e.g. ResourceNotFoundException)",
            "255:unexpected error (run with BROOK_DEBUG=1 for the stack trace)"
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  BROOK_ROOT   the store's root when --root is not given",
            "  BROOK_DEBUG  set to 1 for INFO logging and stack traces"
        },
        subcommands = {
            CreateStreamCommand.class,
            DeleteStreamCommand.class,
            ListStreamsCommand.class,
            DescribeStreamCommand.class,
            DescribeStreamSummaryCommand.class,
            ListShardsCommand.class,
            PutRecordCommand.class,
            PutRecordsCommand.class,
            GetRecordsCommand.class,
            TailCommand.class,
            SplitShardCommand.class,
            MergeShardsCommand.class,
            UpdateShardCountCommand.class,
            RetentionCommands.Increase.class,
            RetentionCommands.Decrease.class,
            EnforceRetentionCommand.class,
            CompactCommand.class,
            ConsumerCommands.Register.class,
            ConsumerCommands.Deregister.class,
            ConsumerCommands.List.class,
            DemoCommand.class,
            RunExampleCommand.class,
            SqlCommand.class,
            FirehoseCommand.class,
            DiscoverSchemaCommand.class,
            HelpCommand.class
        })
public final class BrookCli implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 252;
    public static final int EXIT_STORE_ERROR = 254;
    public static final int EXIT_UNEXPECTED = 255;

    static final String DEFAULT_ROOT = "brook-data";

    @Option(
            names = "--root",
            scope = ScopeType.INHERIT,
            paramLabel = "URI",
            description =
                    "The store: a local directory (relative to the current directory) or a Flink"
                            + " filesystem URI such as file:///data/brook or hdfs://nn/brook."
                            + " Default: $BROOK_ROOT, else ./"
                            + DEFAULT_ROOT
                            + ".")
    String root;

    @Spec CommandSpec spec;

    private final Map<String, String> env;
    private final InputStream stdin;

    public BrookCli() {
        this(System.getenv(), System.in);
    }

    /** For tests: the environment and stdin the commands see. */
    public BrookCli(Map<String, String> env, InputStream stdin) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "no command given; run 'brook --help' for the list");
    }

    /** The store root: --root, else $BROOK_ROOT, else ./brook-data. */
    String root() {
        if (root != null) {
            return root;
        }
        String fromEnv = env.get("BROOK_ROOT");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_ROOT;
    }

    BrookStore openStore() {
        String r = root();
        if (r.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--root must not be empty");
        }
        return BrookStore.open(r);
    }

    InputStream stdin() {
        return stdin;
    }

    boolean debug() {
        return isDebug(env);
    }

    static boolean isDebug(Map<String, String> env) {
        String d = env.get("BROOK_DEBUG");
        return d != null && !d.isEmpty() && !d.equals("0") && !d.equalsIgnoreCase("false");
    }

    /**
     * A command line for {@code app} with Brook's error handling, writing to {@code out}/{@code
     * err}.
     */
    public static CommandLine commandLine(BrookCli app, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(app);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setExitCodeExceptionMapper(t -> EXIT_UNEXPECTED);
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExecutionExceptionHandler(new Failures(app.debug()));
        return cl;
    }

    /** Runs one command line; returns the exit code. */
    public static int run(BrookCli app, PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine(app, out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        if (isDebug(System.getenv())) {
            System.setProperty("log4j2.configurationFile", "log4j2-debug.properties");
        }
        PrintWriter out =
                new PrintWriter(
                        new OutputStreamWriter(
                                new BufferedOutputStream(
                                        new FileOutputStream(FileDescriptor.out), 1 << 16),
                                StandardCharsets.UTF_8),
                        false);
        PrintWriter err =
                new PrintWriter(
                        new OutputStreamWriter(
                                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
                        true);
        int code = run(new BrookCli(), out, err, args);
        System.exit(code);
    }

    /** One line: newlines in a message would break the one-error-one-line rule. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** Bad command lines: one line naming the problem, and where to look for help. */
    static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            StringBuilder msg = new StringBuilder("brook: ").append(oneLine(ex.getMessage()));
            if (ex instanceof UnmatchedArgumentException u) {
                List<String> close = closeOnes(u.getUnmatched(), u.getSuggestions());
                if (!close.isEmpty()) {
                    msg.append(" (did you mean ").append(String.join(" or ", close)).append("?)");
                }
            }
            msg.append("; see '").append(cl.getCommandSpec().qualifiedName()).append(" --help'");
            cl.getErr().println(msg);
            cl.getErr().flush();
            return EXIT_USAGE;
        }
    }

    /** Picocli's suggestions that are a plausible typo of what was given (at most three). */
    static List<String> closeOnes(List<String> unmatched, List<String> suggestions) {
        if (unmatched.isEmpty()) {
            return List.of();
        }
        String given = unmatched.get(0).replaceFirst("=.*", "");
        return suggestions.stream()
                .filter(s -> editDistance(given, s) <= Math.max(2, given.length() / 3))
                .limit(3)
                .toList();
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Errors while running: a store error is one line; anything else one line and a hint. */
    static final class Failures implements IExecutionExceptionHandler {
        private final boolean debug;

        Failures(boolean debug) {
            this.debug = debug;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
            PrintWriter err = cl.getErr();
            BrookException be = findBrookException(ex);
            int code;
            if (be != null) {
                err.println("brook: " + be.errorCode() + ": " + oneLine(be.getMessage()));
                code = EXIT_STORE_ERROR;
            } else {
                // A failed Flink job arrives wrapped (ExecutionException, JobExecutionException,
                // SuppressRestartsException, ...): the innermost cause says what went wrong.
                Throwable shown = innermostCause(ex);
                String what = shown.getClass().getSimpleName();
                String msg = oneLine(shown.getMessage());
                err.println(
                        "brook: "
                                + what
                                + (msg.isEmpty() ? "" : ": " + msg)
                                + (debug ? "" : " (run with BROOK_DEBUG=1 for the stack trace)"));
                code = EXIT_UNEXPECTED;
            }
            if (debug) {
                StringWriter trace = new StringWriter();
                ex.printStackTrace(new PrintWriter(trace));
                err.print(trace);
            }
            err.flush();
            return code;
        }

        private static Throwable innermostCause(Throwable t) {
            Throwable shown = t;
            for (int depth = 0; shown.getCause() != null && depth < 20; depth++) {
                shown = shown.getCause();
            }
            return shown;
        }

        private static BrookException findBrookException(Throwable t) {
            for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
                if (t instanceof BrookException b) {
                    return b;
                }
            }
            return null;
        }
    }

    /** {@code --version}: Brook's, Flink's and Java's versions. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            Properties p = new Properties();
            try (InputStream in = BrookCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "brook "
                        + p.getProperty("version", "unknown")
                        + " (Flink "
                        + p.getProperty("flink.version", "unknown")
                        + ", Java "
                        + System.getProperty("java.version")
                        + ")"
            };
        }
    }
}
