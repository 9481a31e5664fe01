package io.github.dbn4j.core.dbn;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.tck.Tolerances;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DBN pipeline (greedy pretraining, wake-sleep, back-propagation) on a 36-20-20-30 stack
 * with 4 labels: FLOAT64 parameters agree across backends; back-propagation, being
 * deterministic, agrees between FLOAT32 and FLOAT64.
 */
class DbnParityTest {

    static Stream<String> others() {
        String ref = TestBackends.reference();
        return TestBackends.float64().filter(n -> !n.equals(ref));
    }

    static Stream<String> float32() {
        return TestBackends.float32();
    }

    /** Pretraining 2 epochs per layer, 2 wake-sleep epochs, 2 fine-tuning epochs. */
    static Dbn pipeline(String name, Precision p) {
        Backend b = TestBackends.get(name, p);
        Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        int[] y = DbnTestData.TRAIN.labels();
        Dbn dbn = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(2), x, y);
        dbn = new WakeSleepTrainer(b).train(dbn, WakeSleepConfig.defaults().withEpochs(2).withBatchSize(20)
                .withLearningRate(0.05).withTopGibbsSteps(2).withWeightDecay(1e-4), x, y);
        return new FineTuner(b).fineTune(dbn, 4, FineTuneConfig.defaults().withEpochs(2).withBatchSize(20)
                .withWeightDecay(1e-4), x, y, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void float64PipelineAgreesWithTheReference(String name) {
        String ref = TestBackends.reference();
        Dbn got = pipeline(name, Precision.FLOAT64);
        Dbn want = pipeline(ref, Precision.FLOAT64);
        double rtol = Tolerances.CROSS_BACKEND_F64;
        for (int i = 0; i < want.lower().size(); i++) {
            DirectedLayer g = got.lower().get(i);
            DirectedLayer w = want.lower().get(i);
            String what = name + " vs " + ref + " layer " + (i + 1);
            assertAllClose(g.recognitionWeights(), w.recognitionWeights(), rtol, 1e-12, what + " W_rec");
            assertAllClose(g.recognitionBias(), w.recognitionBias(), rtol, 1e-12, what + " recognition bias");
            assertAllClose(g.generativeWeights(), w.generativeWeights(), rtol, 1e-12, what + " W_gen");
            assertAllClose(g.generativeBias(), w.generativeBias(), rtol, 1e-12, what + " generative bias");
            assertThat(g.recognitionWeights()).as("wake-sleep untied the weights")
                    .isNotEqualTo(g.generativeWeights());
        }
        Rbm gt = got.top();
        Rbm wt = want.top();
        assertAllClose(gt.weights(), wt.weights(), rtol, 1e-12, name + " top W");
        assertAllClose(gt.labelWeights(), wt.labelWeights(), rtol, 1e-12, name + " top label weights");
        assertAllClose(gt.hiddenBias(), wt.hiddenBias(), rtol, 1e-12, name + " top hidden bias");
        assertAllClose(gt.labelBias(), wt.labelBias(), rtol, 1e-12, name + " top label bias");
        Classifier gc = got.classifier().orElseThrow();
        Classifier wc = want.classifier().orElseThrow();
        for (int i = 0; i < wc.depth(); i++) {
            assertAllClose(gc.weights(i), wc.weights(i), rtol, 1e-12, name + " classifier W" + i);
            assertAllClose(gc.biases(i), wc.biases(i), rtol, 1e-12, name + " classifier b" + i);
        }
    }

    /**
     * Up-down with fixed, class-balanced batches, a Gibbs schedule of 1, 2, 3 iterations and a
     * learning rate falling from the second epoch, with momentum.
     */
    static Dbn scheduled(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        int[] order = io.github.dbn4j.core.Batches.balanced(DbnTestData.TRAIN.labels(), 4, 3);
        Matrix all = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        Matrix x = b.create(all.rows(), 36);
        b.gatherRows(all, order, 0, x);
        int[] y = new int[order.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = DbnTestData.TRAIN.labels()[order[i]];
        }
        Dbn dbn = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(2), x, y);
        return new WakeSleepTrainer(b).train(dbn, WakeSleepConfig.defaults().withEpochs(3).withBatchSize(20)
                .withLearningRate(0.05).withFixedBatches(true).withTopGibbsSchedule(1, 1, 2, 3).withDecayFrom(2)
                .withMomentum(0.5), x, y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void upDownWithAGibbsScheduleAgreesWithTheReference(String name) {
        Dbn got = scheduled(name);
        Dbn want = scheduled(TestBackends.reference());
        double rtol = Tolerances.CROSS_BACKEND_F64;
        assertAllClose(got.top().weights(), want.top().weights(), rtol, 1e-12, name + " top W");
        assertAllClose(got.top().labelWeights(), want.top().labelWeights(), rtol, 1e-12, name + " top U");
        assertAllClose(got.lower().get(0).generativeWeights(), want.lower().get(0).generativeWeights(), rtol, 1e-12,
                name + " W_gen 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("float32")
    void backpropagationAgreesBetweenFloat32AndFloat64(String name) {
        Dbn pretrained = new DbnTrainer(TestBackends.get(name, Precision.FLOAT64)).pretrain(DbnTestData.smallConfig(2),
                TestBackends.get(name, Precision.FLOAT64).fromArray(DbnTestData.TRAIN.rows(), 36,
                        DbnTestData.TRAIN.pixels()), DbnTestData.TRAIN.labels());
        Classifier start = pretrained.unroll(4, 1);
        Classifier[] out = new Classifier[2];
        for (Precision p : Precision.values()) {
            Backend b = TestBackends.get(name, p);
            Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
            out[p.ordinal()] = new FineTuner(b).train(start, FineTuneConfig.defaults().withEpochs(3).withBatchSize(20),
                    x, DbnTestData.TRAIN.labels(), null, null);
        }
        Classifier f64 = out[Precision.FLOAT64.ordinal()];
        Classifier f32 = out[Precision.FLOAT32.ordinal()];
        for (int i = 0; i < f64.depth(); i++) {
            assertAllClose(f32.weights(i), f64.weights(i), Tolerances.F32_VS_F64, 1e-5, name + " W" + i);
            assertAllClose(f32.biases(i), f64.biases(i), Tolerances.F32_VS_F64, 1e-5, name + " b" + i);
        }
        assertThat(f64.weights(3)).as("training moved the output layer").isNotEqualTo(start.weights(3));
    }
}
