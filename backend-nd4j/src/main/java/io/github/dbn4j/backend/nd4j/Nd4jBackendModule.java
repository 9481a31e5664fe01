package io.github.dbn4j.backend.nd4j;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;

/**
 * Binds {@link Backend} to ND4J at one precision. Nothing native happens here: ND4J loads its
 * library when the provider method first builds the backend.
 */
public final class Nd4jBackendModule extends AbstractModule {

    private final Precision precision;

    public Nd4jBackendModule(Precision precision) {
        this.precision = precision;
    }

    @Provides
    Backend backend() {
        return new Nd4jBackend(precision);
    }
}
