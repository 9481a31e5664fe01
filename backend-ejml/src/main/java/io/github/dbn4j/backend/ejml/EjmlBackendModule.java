package io.github.dbn4j.backend.ejml;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;

/** Binds {@link Backend} to the EJML backend at one precision. */
public final class EjmlBackendModule extends AbstractModule {

    private final Precision precision;

    public EjmlBackendModule(Precision precision) {
        this.precision = precision;
    }

    @Provides
    Backend backend() {
        return precision == Precision.FLOAT64 ? new EjmlDoubleBackend() : new EjmlFloatBackend();
    }
}
