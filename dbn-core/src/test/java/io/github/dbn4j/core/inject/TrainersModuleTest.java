package io.github.dbn4j.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.dbn.ConjugateGradientFineTuner;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.pipeline.DbnClassifier;
import io.github.dbn4j.core.pipeline.DbnTraining;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainers come out of one injector, each new, and train what a trainer built by hand trains. */
class TrainersModuleTest {

    @Test
    void everyTrainerIsBoundAndNoneIsShared() {
        Injector injector = TrainersModule.injector(TestBackends.small(), Precision.FLOAT64);
        for (Class<?> type : List.of(RbmTrainer.class, DbnTrainer.class, WakeSleepTrainer.class, FineTuner.class,
                ConjugateGradientFineTuner.class, DbnTraining.class, DbnClassifier.class)) {
            assertThat(injector.getInstance(type)).as(type.getSimpleName()).isNotNull()
                    .isNotSameAs(injector.getInstance(type));
        }
    }

    @Test
    void anInjectedTrainerTrainsTheModelOfOneBuiltByHand() {
        Injector injector = TrainersModule.injector(TestBackends.small(), Precision.FLOAT64);
        Backend backend = injector.getInstance(Backend.class);
        RbmConfig config = RbmConfig.defaults(8).withBatchSize(10).withEpochs(3).withLearningRate(0.1).withSeed(2);
        double[] byHand = new RbmTrainer(backend).train(config, backend.fromArray(120, 16,
                Patterns.barsAndStripes(4)), TrainingOptions.defaults()).weights();
        double[] injected = injector.getInstance(RbmTrainer.class).train(config, backend.fromArray(120, 16,
                Patterns.barsAndStripes(4)), TrainingOptions.defaults()).weights();
        assertThat(injected).containsExactly(byHand);
    }
}
