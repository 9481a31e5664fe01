package io.github.dbn4j.api;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backends and builds them. The selection rule, first match wins:
 * <ol>
 *   <li>an explicit name passed by the caller (e.g. a {@code --backend} option);</li>
 *   <li>the system property {@value #PROPERTY};</li>
 *   <li>the environment variable {@value #ENV};</li>
 *   <li>the highest-ranked provider that is available on this platform (ND4J when its native
 *       library loads, else EJML; Commons Math is never chosen by default).</li>
 * </ol>
 */
public final class Backends {

    /** System property that names the backend to use. */
    public static final String PROPERTY = "dbn4j.backend";
    /** Environment variable that names the backend to use. */
    public static final String ENV = "DBN4J_BACKEND";

    private static final Comparator<BackendProvider> BY_RANK =
            Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::name);

    private Backends() {
    }

    /** Every provider on the class path, best-ranked first (ties by name). */
    public static List<BackendProvider> providers() {
        return providers(Backends.class.getClassLoader());
    }

    /** Every provider visible to the class loader, best-ranked first (ties by name). */
    public static List<BackendProvider> providers(ClassLoader loader) {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(list::add);
        list.sort(BY_RANK);
        return List.copyOf(list);
    }

    /**
     * The provider with the given name.
     *
     * @throws IllegalArgumentException listing the known backends if there is none
     */
    public static BackendProvider provider(String name) {
        return find(name, providers());
    }

    private static BackendProvider find(String name, List<BackendProvider> all) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return all.stream().filter(p -> p.name().equals(wanted)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown backend '" + name + "'; " + known(all)));
    }

    /**
     * Applies the selection rule. {@code explicitName} may be null or blank.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException if the chosen backend cannot run here, or none can
     */
    public static BackendProvider select(String explicitName) {
        return select(explicitName, System.getProperty(PROPERTY), System.getenv(ENV), providers());
    }

    /** The selection rule over explicit inputs, so that it can be tested without touching the environment. */
    static BackendProvider select(String explicitName, String property, String env, List<BackendProvider> all) {
        String name = firstNonBlank(explicitName, property, env);
        if (name != null) {
            BackendProvider p = find(name, all);
            Optional<String> why = p.unavailableReason();
            if (why.isPresent()) {
                throw new IllegalStateException("backend '" + p.name() + "' is not available on this platform: "
                        + why.get() + "; " + known(all));
            }
            return p;
        }
        List<BackendProvider> ranked = new ArrayList<>(all);
        ranked.sort(BY_RANK);
        for (BackendProvider p : ranked) {
            if (p.rank() >= 0 && p.unavailableReason().isEmpty()) {
                return p;
            }
        }
        throw new IllegalStateException("no backend is available by default; " + known(all));
    }

    /**
     * An injector (Stage.PRODUCTION, explicit bindings only) in which {@link Backend} is bound
     * to the selected backend at the given precision, with any further modules installed beside
     * it (for example the trainers of dbn-core).
     *
     * @throws IllegalArgumentException for an unknown backend or a precision it lacks
     */
    public static Injector injector(String explicitName, Precision precision, com.google.inject.Module... more) {
        BackendProvider p = select(explicitName);
        checkPrecision(p, precision);
        com.google.inject.Module module = p.module(precision);
        return Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                install(module);
                for (com.google.inject.Module m : more) {
                    install(m);
                }
            }
        });
    }

    /**
     * The selected backend at the given precision; see
     * {@link #injector(String, Precision, com.google.inject.Module...)}.
     */
    public static Backend create(String explicitName, Precision precision) {
        return injector(explicitName, precision).getInstance(Backend.class);
    }

    /**
     * Throws if the provider lacks the precision, with a message saying which backends have it.
     */
    public static void checkPrecision(BackendProvider p, Precision precision) {
        if (!p.precisions().contains(precision)) {
            String with = providers().stream().filter(q -> q.precisions().contains(precision))
                    .map(BackendProvider::name).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("backend '" + p.name() + "' does not support " + precision.label()
                    + " (it supports " + p.precisions().stream().map(Precision::label).sorted()
                    .collect(Collectors.joining(", ")) + "); backends with " + precision.label() + ": "
                    + (with.isEmpty() ? "none" : with));
        }
    }

    private static String known(List<BackendProvider> all) {
        if (all.isEmpty()) {
            return "no backend is on the class path: add one backend artifact beside dbn4j-core"
                    + " (dbn4j-backend-nd4j, dbn4j-backend-ejml or dbn4j-backend-commons)";
        }
        String names = all.stream().map(p -> p.name() + (p.unavailableReason().isPresent() ? " (unavailable)" : ""))
                .collect(Collectors.joining(", "));
        return "known backends: " + names + ". Name one in Backends.create(name, precision) or"
                + " Backends.injector(name, precision), in the system property -D" + PROPERTY + "=NAME or in the"
                + " environment variable " + ENV + "=NAME";
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
