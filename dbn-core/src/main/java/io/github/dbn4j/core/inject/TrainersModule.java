package io.github.dbn4j.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.dbn.ConjugateGradientFineTuner;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.pipeline.DbnClassifier;
import io.github.dbn4j.core.pipeline.DbnTraining;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.vae.VaeTrainer;

/**
 * Binds the trainers of dbn-core, each built with the {@code Backend} of the injector: install it
 * beside one backend provider's module, or take {@link #injector(String, Precision)}. Nothing is
 * a singleton: a backend is not thread-safe, so every {@code getInstance} builds a new trainer on
 * a new backend, to be used on one thread.
 *
 * <pre>{@code
 * Injector injector = TrainersModule.injector("ejml", Precision.FLOAT64);
 * RbmTrainer trainer = injector.getInstance(RbmTrainer.class);
 * }</pre>
 */
public final class TrainersModule extends AbstractModule {

    /** The bindings; install beside a backend provider's module. */
    public TrainersModule() {
    }

    @Override
    protected void configure() {
        bind(RbmTrainer.class);
        bind(DbnTrainer.class);
        bind(WakeSleepTrainer.class);
        bind(FineTuner.class);
        bind(ConjugateGradientFineTuner.class);
        bind(DbnTraining.class);
        bind(DbnClassifier.class);
        bind(VaeTrainer.class);
    }

    /**
     * An injector (Stage.PRODUCTION, explicit bindings only) with the selected backend at a
     * precision and the trainers; the backend is chosen as {@link Backends#select(String)} says.
     *
     * @param backend the provider's name, or null for the default rule
     * @throws IllegalArgumentException for an unknown backend or a precision it lacks
     */
    public static Injector injector(String backend, Precision precision) {
        return Backends.injector(backend, precision, new TrainersModule());
    }
}
