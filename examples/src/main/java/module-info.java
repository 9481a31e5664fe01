/**
 * Small programs that use dbn4j as a library: RBM features from arrays, a DBN classifier, a
 * model written by NumPy and a backend of one's own. Its
 * {@link io.github.dbn4j.examples.ArrayBackendProvider} is a {@code provides} here for the module
 * path and a {@code META-INF/services} entry for the class path; the EJML and ND4J backends the
 * programs name are found at run time, wherever they are.
 */
module io.github.dbn4j.examples {
    requires transitive io.github.dbn4j.core;

    exports io.github.dbn4j.examples;
    // Guice calls the package-private @Provides method of the backend's module; by reflection
    // when its bytecode generation is off (-Dguice_bytecode_gen_option=DISABLED)
    opens io.github.dbn4j.examples to com.google.guice;

    provides io.github.dbn4j.api.BackendProvider
            with io.github.dbn4j.examples.ArrayBackendProvider;
}
