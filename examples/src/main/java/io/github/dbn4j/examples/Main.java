package io.github.dbn4j.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dbn4j} command-line program. */
@Command(name = "dbn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Restricted Boltzmann Machines and Deep Belief Networks on interchangeable backends.",
        subcommands = {DemoCommand.class, TrainDbnCommand.class, TrainRbmCommand.class, EvaluateCommand.class,
            SampleCommand.class, ReproduceCommand.class, ParityCommand.class, BackendsCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program and returns its exit code; errors become one line on stderr. */
    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with picocli's output and error writers given (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            w.println("dbn4j " + commandLine.getCommandName() + ": " + describe(ex));
            w.flush();
            return 1;
        });
        return cli.execute(args);
    }

    private static String describe(Throwable ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            return ex.getMessage();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
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
