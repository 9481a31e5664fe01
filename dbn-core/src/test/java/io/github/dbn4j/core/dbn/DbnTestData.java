package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.Patterns;
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
}
