package io.github.dbn4j.backend.commons;

import com.google.inject.Module;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The {@code commons} backend: Apache Commons Math, FLOAT64 only, the plain reference. */
public final class CommonsBackendProvider implements BackendProvider {

    /** The provider; {@link java.util.ServiceLoader} creates it. */
    public CommonsBackendProvider() {
    }

    /** The selection name. */
    public static final String NAME = "commons";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Apache Commons Math 3 (pure Java reference, float64 only)";
    }

    /** Negative: the reference backend is used only when named. */
    @Override
    public int rank() {
        return -1;
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.of(Precision.FLOAT64);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Module module(Precision precision) {
        Backends.checkPrecision(this, precision);
        return new CommonsBackendModule();
    }
}
