/**
 * The {@code commons} backend of dbn4j: the tensor SPI on Apache Commons Math 3, FLOAT64 only,
 * the plain reference the faster backends are compared against. {@link java.util.ServiceLoader}
 * finds its {@link io.github.dbn4j.api.BackendProvider} on the module path through
 * {@code provides} and on the class path through {@code META-INF/services}.
 */
module io.github.dbn4j.backend.commons {
    requires transitive io.github.dbn4j.api;
    // CommonsMatrix.unwrap() returns a Commons Math matrix; commons-math3 3.6.1 names no module,
    // so this is the name derived from its file name
    requires transitive commons.math3;

    exports io.github.dbn4j.backend.commons;
    // Guice calls the package-private @Provides method of CommonsBackendModule; by reflection
    // when its bytecode generation is off (-Dguice_bytecode_gen_option=DISABLED)
    opens io.github.dbn4j.backend.commons to com.google.guice;

    provides io.github.dbn4j.api.BackendProvider
            with io.github.dbn4j.backend.commons.CommonsBackendProvider;
}
