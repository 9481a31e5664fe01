package io.github.dbn4j.api;

import com.google.inject.Module;
import java.util.Optional;
import java.util.Set;

/**
 * A pluggable backend, discovered with {@link java.util.ServiceLoader}: a jar that lists its
 * implementation in {@code META-INF/services/io.github.dbn4j.api.BackendProvider} becomes
 * selectable by {@link #name()}.
 *
 * <p>Implementations must be cheap to construct: expensive start-up (native libraries) belongs
 * in {@link #unavailableReason()} and in the provider method that builds the {@link Backend}.
 */
public interface BackendProvider {

    /** The selection name, lower case, e.g. {@code nd4j}. */
    String name();

    /** One line for listings, e.g. the library and version it wraps. */
    String description();

    /**
     * Preference when no backend is named: among the available providers with a non-negative
     * rank, the highest rank is chosen. A negative rank means "never chosen by default".
     */
    int rank();

    /** The precisions this backend implements. */
    Set<Precision> precisions();

    /**
     * Why this backend cannot run on this platform (for example, its native library does not
     * load), or empty if it can. May be slow on first call; the result is cached.
     */
    Optional<String> unavailableReason();

    /**
     * A Guice module that binds {@link Backend} to this backend at the given precision. The
     * module must be unconditional and free of side effects; the backend itself is built lazily
     * by a provider method.
     *
     * @throws IllegalArgumentException if {@code precision} is not in {@link #precisions()}
     */
    Module module(Precision precision);
}
