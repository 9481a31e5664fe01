package io.github.dbn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import org.junit.jupiter.api.Test;

/** The example backend is found by name and trains the model EJML trains, to rounding. */
class ArrayBackendTest {

    @Test
    void itIsFoundByNameButNeverChosenByDefault() {
        Backend b = Backends.create("arrays", Precision.FLOAT64);
        assertThat(b).isInstanceOf(ArrayBackend.class);
        assertThat(Backends.select(null).name()).isNotEqualTo("arrays");
    }

    @Test
    void parityWithEjml() {
        int[] pattern = new int[200];
        double[][] x = RbmFeatures.bars(200, 7, pattern);
        RbmConfig config = RbmConfig.defaults(10).withEpochs(3).withBatchSize(20).withCdSteps(2).withSeed(5);
        Rbm mine = new RbmTrainer(Backends.create("arrays", Precision.FLOAT64)).train(config, x,
                TrainingOptions.defaults());
        Rbm ejml = new RbmTrainer(Backends.create("ejml", Precision.FLOAT64)).train(config, x,
                TrainingOptions.defaults());
        double worst = 0;
        for (int i = 0; i < mine.weights().length; i++) {
            worst = Math.max(worst, Math.abs(mine.weights()[i] - ejml.weights()[i]));
        }
        assertThat(worst).as("largest weight difference after 3 epochs of CD-2").isLessThan(1e-9);
        assertThat(mine.weights()).isNotEqualTo(new double[mine.weights().length]);
    }
}
