package io.github.dbn4j.cli;

import io.github.dbn4j.core.io.InsufficientMemoryException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The {@code dbn4j} command-line program. */
@Command(name = "dbn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Restricted Boltzmann Machines and Deep Belief Networks on interchangeable backends.",
        subcommands = {DemoCommand.class, TrainDbnCommand.class, TrainRbmCommand.class, TrainVaeCommand.class,
            EvaluateCommand.class,
            SampleCommand.class, ReproduceCommand.class, ParityCommand.class, BackendsCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Whether errors show their stack trace; set by {@code --debug}, reset by every {@link #run}. */
    private static volatile boolean debug;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace as well as the one-line message.")
    void setDebug(boolean on) {
        debug = on;
    }

    /** Runs the program and returns its exit code; errors become one line on stderr. */
    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with picocli's output and error writers given (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        debug = false;
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            report(commandLine.getErr(), commandLine.getCommandName(), ex);
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) { // picocli passes Errors on; a stack trace would say nothing more
            report(err, "dbn4j", e);
            return 1;
        }
    }

    private static void report(PrintWriter w, String command, Throwable ex) {
        w.println("dbn4j" + (command.equals("dbn4j") ? "" : " " + command) + ": " + describe(ex));
        if (debug) {
            ex.printStackTrace(w);
        }
        w.flush();
    }

    static String describe(Throwable ex) {
        if (ex instanceof InsufficientMemoryException m) {
            long gib = (m.maximum() + m.needed() - m.available() + (1L << 30) - 1) >> 30;
            return m.getMessage() + "; give the program more memory with DBN4J_JAVA_OPTS=-Xmx" + (gib + 1) + "g";
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (" + ex.getMessage() + ", maximum heap "
                    + InsufficientMemoryException.size(Runtime.getRuntime().maxMemory())
                    + "); give the program more memory with DBN4J_JAVA_OPTS=-Xmx4g, for example";
        }
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            return ex.getMessage();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                + (debug ? "" : " (--debug shows where)");
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dbn4j " + (v == null ? "(development build)" : v)};
        }
    }
}
