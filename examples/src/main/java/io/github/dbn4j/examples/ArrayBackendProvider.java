package io.github.dbn4j.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.Optional;
import java.util.Set;

/**
 * Makes {@link ArrayBackend} selectable by name ({@code Backends.create("arrays", FLOAT64)}, or
 * {@code --backend arrays} when this jar is on the program's class path): listed in
 * {@code META-INF/services/io.github.dbn4j.api.BackendProvider}.
 */
public final class ArrayBackendProvider implements BackendProvider {

    /** The provider; {@link java.util.ServiceLoader} creates it. */
    public ArrayBackendProvider() {
    }

    /** The selection name. */
    public static final String NAME = "arrays";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "plain Java arrays and loops (the example of a backend of one's own)";
    }

    /** Never chosen by default: it is slow. */
    @Override
    public int rank() {
        return -1;
    }

    @Override
    public Set<Precision> precisions() {
        return Set.of(Precision.FLOAT64);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Module module(Precision precision) {
        Backends.checkPrecision(this, precision);
        return new AbstractModule() {
            @Provides
            Backend backend() {
                return new ArrayBackend(); // a new one per getInstance: a backend belongs to one thread
            }
        };
    }
}
