package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad configurations and inputs fail fast, naming the layer and the values. */
class DbnConfigurationTest {

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
    private final Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
    private final int[] y = DbnTestData.TRAIN.labels();

    @Test
    void zeroUnitsAndBadLabelCountsAreRejected() {
        assertThatThrownBy(() -> DbnConfig.of(RbmConfig.defaults(10), 4, 20, 0, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("layer 2 has 0 units; every layer needs at least 1");
        assertThatThrownBy(() -> DbnConfig.of(RbmConfig.defaults(10), 1, 20))
                .hasMessageContaining("labels must be 0 (none) or at least 2, got 1");
        assertThatThrownBy(() -> new DbnConfig(List.of(), 0, false)).hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> new DbnConfig(List.of(RbmConfig.defaults(5),
                RbmConfig.defaults(5).withVisibleUnits(VisibleUnits.GAUSSIAN)), 0, false))
                .hasMessageContaining("layer 2 has GAUSSIAN visible units");
    }

    @Test
    void mismatchedLayerSizesNameTheLayer() {
        DirectedLayer first = layer(36, 20);
        DirectedLayer wrong = layer(25, 20);
        Rbm top = new Rbm(VisibleUnits.BERNOULLI, 20, 30, new double[600], new double[20], new double[30], null);
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first, wrong), top, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 2 has 25 units below but the layer under it has 20");
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 40, List.of(first), top, null, null))
                .hasMessage("layer 1 has 36 units below but the input has 40");
        Rbm topWrong = new Rbm(VisibleUnits.BERNOULLI, 21, 30, new double[630], new double[21], new double[30], null);
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first), topWrong, null, null))
                .hasMessage("the top RBM has 21 visible units but the layer under it has 20");
    }

    @Test
    void aConfigurationThatDoesNotDescribeTheDbnIsRejected() {
        DirectedLayer first = layer(36, 20);
        Rbm top = new Rbm(VisibleUnits.BERNOULLI, 20, 30, new double[600], new double[20], new double[30], null);
        RbmConfig per = RbmConfig.defaults(10);
        assertThat(new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first), top, null, DbnConfig.of(per, 0, 20, 30))
                .config()).isPresent();
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first), top, null,
                DbnConfig.of(per, 0, 20, 30, 40)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the configuration describes 3 layers but the DBN has 2");
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first), top, null,
                DbnConfig.of(per, 0, 20, 31)))
                .hasMessage("the configuration gives layer 2 31 units but the DBN's layer 2 has 30");
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first), top, null,
                DbnConfig.of(per, 4, 20, 30)))
                .hasMessage("the configuration has 4 labels but the DBN's top layer has 0");
        assertThatThrownBy(() -> new Dbn(VisibleUnits.BERNOULLI, 36, List.of(first), top, null,
                DbnConfig.of(per.withVisibleUnits(VisibleUnits.GAUSSIAN), 0, 20, 30)))
                .hasMessage("the configuration's first layer has GAUSSIAN visible units but the DBN's input is BERNOULLI");
    }

    @Test
    void labelsOutsideTheRangeAreNamed() {
        int[] bad = y.clone();
        bad[17] = 4;
        assertThatThrownBy(() -> new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1), x, bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label 4 at index 17 is outside 0..3");
        assertThatThrownBy(() -> new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1), x, null))
                .hasMessageContaining("4 label units but no labels");
        assertThatThrownBy(() -> new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1).withLabels(0), x, y))
                .hasMessageContaining("no label units");
        assertThatThrownBy(() -> new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1), x, new int[5]))
                .hasMessageContaining("5 labels for 240 training cases");
    }

    @Test
    void featuresOfTheWrongWidthAreRejected() {
        Dbn dbn = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1), x, y);
        Matrix narrow = b.create(10, 35);
        assertThatThrownBy(() -> new DbnEngine(b, dbn).classify(narrow))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10x35")
                .hasMessageContaining("36 inputs");
        assertThatThrownBy(() -> new FineTuner(b).fineTune(dbn, 4, FineTuneConfig.defaults(), narrow, new int[10],
                null, null)).hasMessageContaining("10x35").hasMessageContaining("36");
        assertThatThrownBy(() -> new WakeSleepTrainer(b).train(dbn, WakeSleepConfig.defaults(), narrow, new int[10]))
                .hasMessageContaining("10x35");
        assertThatThrownBy(() -> new DbnEngine(b, dbn).generate(3, 7, 10, null))
                .hasMessageContaining("label 7 is outside 0..3");
        assertThatThrownBy(() -> new DbnEngine(b, dbn).generate(3, 1, 10, 0.0, null))
                .hasMessageContaining("labelStrength must be finite and positive, got 0.0");
        assertThatThrownBy(() -> dbn.unroll(5, 1)).hasMessageContaining("4 labels but 5 classes");
        assertThat(dbn.toString()).isEqualTo("Dbn[36-20-20-30 +4 labels]");
    }

    @Test
    void labelStrengthOneIsTheDbnAsTrainedAndAStrongerLabelChangesTheChain() {
        Dbn dbn = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(2), x, y);
        DbnEngine e = new DbnEngine(b, dbn);
        double[] plain = b.toArray(e.generate(5, 2, 20, new io.github.dbn4j.core.RandomCursor(
                io.github.dbn4j.api.RandomStream.of(8))).probabilities());
        double[] one = b.toArray(e.generate(5, 2, 20, 1.0, new io.github.dbn4j.core.RandomCursor(
                io.github.dbn4j.api.RandomStream.of(8))).probabilities());
        double[] three = b.toArray(e.generate(5, 2, 20, 3.0, new io.github.dbn4j.core.RandomCursor(
                io.github.dbn4j.api.RandomStream.of(8))).probabilities());
        assertThat(one).containsExactly(plain);
        assertThat(three).isNotEqualTo(plain);
        // free-running chains sample their labels: the strength does not apply
        double[] free = b.toArray(e.generate(5, -1, 20, 3.0, new io.github.dbn4j.core.RandomCursor(
                io.github.dbn4j.api.RandomStream.of(8))).probabilities());
        assertThat(free).containsExactly(b.toArray(e.generate(5, -1, 20, new io.github.dbn4j.core.RandomCursor(
                io.github.dbn4j.api.RandomStream.of(8))).probabilities()));
    }

    @Test
    void dbnsWithEqualParametersAreEqual() {
        Dbn a = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1), x, y);
        Dbn again = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(1), x, y);
        assertThat(again).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.withClassifier(a.unroll(4, 1))).isNotEqualTo(a);
        assertThatThrownBy(() -> new Rbm(VisibleUnits.BERNOULLI, 2, 1, new double[2], new double[2], new double[1],
                RbmConfig.defaults(1).withVisibleUnits(VisibleUnits.GAUSSIAN)))
                .hasMessageContaining("config has GAUSSIAN visible units but the model BERNOULLI");
    }

    @Test
    void fineTuneConfigurationErrorsNameTheField() {
        assertThatThrownBy(() -> FineTuneConfig.defaults().withMomentum(1.0)).hasMessage("momentum must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withTopGibbsSteps(0))
                .hasMessage("topGibbsSteps must be at least 1, got 0");
    }

    private static DirectedLayer layer(int below, int above) {
        return new DirectedLayer(below, above, new double[below * above], new double[above], new double[below * above],
                new double[below]);
    }
}
