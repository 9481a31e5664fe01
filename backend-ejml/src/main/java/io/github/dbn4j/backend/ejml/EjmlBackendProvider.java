package io.github.dbn4j.backend.ejml;

import com.google.inject.Module;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The {@code ejml} backend: pure Java, FLOAT64 and FLOAT32, runs anywhere. */
public final class EjmlBackendProvider implements BackendProvider {

    /** The selection name. */
    public static final String NAME = "ejml";

    /** Products with at least this many multiply-adds use EJML's multithreaded kernels. */
    static final long MT_THRESHOLD = 1L << 18;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "EJML " + org.ejml.EjmlVersion.VERSION + " (pure Java, multithreaded GEMM)";
    }

    /** Below ND4J, above zero: the default where ND4J's natives do not load. */
    @Override
    public int rank() {
        return 10;
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Module module(Precision precision) {
        Backends.checkPrecision(this, precision);
        return new EjmlBackendModule(precision);
    }
}
