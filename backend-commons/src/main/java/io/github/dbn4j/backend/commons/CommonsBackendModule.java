package io.github.dbn4j.backend.commons;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.github.dbn4j.api.Backend;

/** Binds {@link Backend} to the Commons Math backend (FLOAT64). */
public final class CommonsBackendModule extends AbstractModule {

    /** Binds the Commons Math backend; {@link CommonsBackendProvider#module} makes one. */
    public CommonsBackendModule() {
    }

    @Provides
    Backend backend() {
        return new CommonsBackend();
    }
}
