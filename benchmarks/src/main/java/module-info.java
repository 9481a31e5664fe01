/**
 * JMH benchmarks of dbn4j: GEMM shapes, one CD-1 update, one back-propagation batch and the
 * allocation of whole training loops, per backend and precision. The backends are found at run
 * time; JMH runs the benchmarks from the class path (its forks inherit {@code java.class.path}).
 */
module io.github.dbn4j.benchmarks {
    requires transitive io.github.dbn4j.core;
    // jmh-core 1.37 names no module: this is the name derived from its file name
    requires jmh.core;

    exports io.github.dbn4j.benchmarks;
    // the code JMH's annotation processor generates, which JMH loads and runs by reflection
    opens io.github.dbn4j.benchmarks.jmh_generated to jmh.core;
}
