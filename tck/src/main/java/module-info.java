/**
 * The conformance kit for dbn4j backends: extend
 * {@link io.github.dbn4j.tck.BackendConformanceTest} in a backend's tests.
 */
module io.github.dbn4j.tck {
    requires transitive io.github.dbn4j.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.assertj.core;
    requires org.opentest4j;

    exports io.github.dbn4j.tck;
    opens io.github.dbn4j.tck to org.junit.platform.commons;
}
