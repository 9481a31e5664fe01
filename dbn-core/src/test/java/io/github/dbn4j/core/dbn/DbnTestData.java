package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.rbm.RbmConfig;

/** The small labelled problem and the small DBN shape the DBN tests share. */
final class DbnTestData {

    static final Patterns.Labelled TRAIN = Patterns.tinyShapes(240, 0.15, 1);
    static final Patterns.Labelled TEST = Patterns.tinyShapes(200, 0.15, 2);

    private DbnTestData() {
    }

    /** 36-20-20-30 with 4 labels at the top, the stack of the parity tests. */
    static DbnConfig smallConfig(int epochs) {
        RbmConfig layer = RbmConfig.defaults(20).withBatchSize(20).withEpochs(epochs).withLearningRate(0.1)
                .withMomentum(0.5, 0.9, 2).withWeightDecay(2e-4);
        return DbnConfig.of(layer, 4, 20, 20, 30);
    }

    /** The small training shapes on a float64 backend and a DBN pretrained on them. */
    record Pretrained(Backend b, Matrix x, int[] y, Dbn dbn) {
        /** Two epochs a layer: enough to tell schedules apart, too few to learn the shapes. */
        static Pretrained small() {
            return small(2);
        }

        /** {@code epochs} a layer (30 learn the shapes: 10.5% generative test error, {@link DbnLearningTest}). */
        static Pretrained small(int epochs) {
            Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
            Matrix x = b.fromArray(TRAIN.rows(), 36, TRAIN.pixels());
            int[] y = TRAIN.labels();
            return new Pretrained(b, x, y, new DbnTrainer(b).pretrain(smallConfig(epochs), x, y));
        }

        /** Up-down from the pretrained DBN. */
        Dbn upDown(WakeSleepConfig config, TrainingListener... listeners) {
            return new WakeSleepTrainer(b).train(dbn, config, x, y, listeners);
        }
    }
}
