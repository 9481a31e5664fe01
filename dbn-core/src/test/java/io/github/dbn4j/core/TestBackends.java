package io.github.dbn4j.core;

import com.google.inject.Injector;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one list of backends that cross-backend tests are parameterised over: every provider on
 * the test class path, narrowed by the system property {@code dbn4j.test.backends} (a comma list
 * of names). One Guice injector per backend and precision, built once.
 */
public final class TestBackends {

    private static final Map<String, Map<Precision, Backend>> CACHE = new HashMap<>();

    private TestBackends() {
    }

    /** Provider names under test, best-ranked first. */
    public static List<String> names() {
        String only = System.getProperty("dbn4j.test.backends", "").trim();
        Set<String> wanted = only.isEmpty() ? null : Arrays.stream(only.split(",")).map(String::trim)
                .collect(Collectors.toSet());
        return Backends.providers().stream().map(BackendProvider::name)
                .filter(n -> wanted == null || wanted.contains(n)).toList();
    }

    /** Names of the backends under test that have a precision. */
    public static Stream<String> with(Precision p) {
        return names().stream().filter(n -> Backends.provider(n).precisions().contains(p));
    }

    /** Every backend under test at FLOAT64 (the parameter source of parity tests). */
    public static Stream<String> float64() {
        return with(Precision.FLOAT64);
    }

    /** Every backend under test that also has FLOAT32. */
    public static Stream<String> float32() {
        return with(Precision.FLOAT32);
    }

    /** The backend, built through its provider's Guice module once per precision. */
    public static synchronized Backend get(String name, Precision p) {
        return CACHE.computeIfAbsent(name, k -> new EnumMap<>(Precision.class))
                .computeIfAbsent(p, q -> injector(name, q).getInstance(Backend.class));
    }

    /** A new injector with the provider's module at a precision (explicit bindings only). */
    public static Injector injector(String name, Precision p) {
        return Backends.injector(name, p);
    }

    /**
     * The backend for single-backend tests on tiny matrices: EJML when present (pure Java, no
     * per-call native overhead), else the first one under test.
     */
    public static String small() {
        List<String> all = names();
        return all.contains("ejml") ? "ejml" : all.get(0);
    }

    /** The reference for parity: Commons Math when present, else the first backend at FLOAT64. */
    public static String reference() {
        List<String> f64 = float64().toList();
        return f64.contains("commons") ? "commons" : f64.get(0);
    }
}
