/**
 * The tensor SPI of dbn4j: {@link io.github.dbn4j.api.Backend} and its matrices, random streams
 * and precisions, the selection of a backend ({@link io.github.dbn4j.api.Backends}) among the
 * {@link io.github.dbn4j.api.BackendProvider}s found by {@link java.util.ServiceLoader}, and the
 * element-wise kernels backends share.
 */
module io.github.dbn4j.api {
    requires transitive com.google.guice;

    exports io.github.dbn4j.api;
    exports io.github.dbn4j.api.kernel;

    uses io.github.dbn4j.api.BackendProvider;
}
