package io.github.dbn4j.cli;

import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the backends on the class path and which one would be chosen by default. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends found on the class path, their precisions and availability.")
final class BackendsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String chosen;
        try {
            chosen = Backends.select(null).name();
        } catch (IllegalStateException | IllegalArgumentException e) {
            chosen = null;
            spec.commandLine().getErr().println("dbn4j backends: " + e.getMessage());
        }
        out.printf("%-9s %-5s %-17s %-10s %s%n", "name", "rank", "precisions", "status", "description");
        for (BackendProvider p : Backends.providers()) {
            String status = p.unavailableReason().map(r -> "unavailable").orElse("available");
            out.printf("%-9s %-5d %-17s %-10s %s%s%n", p.name(), p.rank(),
                    p.precisions().stream().map(Precision::label).sorted().collect(Collectors.joining(",")),
                    status, p.description(), p.name().equals(chosen) ? "  [selected]" : "");
            p.unavailableReason().ifPresent(r -> out.println("          " + r));
        }
        out.println();
        out.println("Selection: --backend NAME, else -D" + Backends.PROPERTY + "=NAME, else " + Backends.ENV
                + "=NAME, else the highest-ranked available backend with rank >= 0.");
        out.flush();
        return chosen == null ? 1 : 0;
    }
}
