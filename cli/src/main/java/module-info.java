/**
 * The {@code dbn4j} command-line program: training, evaluation, sampling, reproductions of the
 * papers and benchmarks on the backends that {@link java.util.ServiceLoader} finds, with the
 * pictures and HTML report of a run and the fetching of MNIST.
 *
 * <p>The program does not name a backend: the ones on the class path or the module path are found
 * at run time. The {@code ./dbn4j} launcher runs it from the class path.
 */
module io.github.dbn4j.cli {
    requires transitive io.github.dbn4j.core;
    requires info.picocli;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.knowm.xchart;
    requires me.tongfei.progressbar;
    requires org.apache.commons.compress;
    requires commons.math3;
    requires transitive java.desktop;
    requires java.net.http;

    exports io.github.dbn4j.cli;
    exports io.github.dbn4j.cli.data;
    exports io.github.dbn4j.cli.report;

    // picocli sets the commands' and mixins' option fields and creates them by reflection.
    // Jackson writes only maps, lists and JDK values, so nothing is opened to it.
    opens io.github.dbn4j.cli to info.picocli;
}
