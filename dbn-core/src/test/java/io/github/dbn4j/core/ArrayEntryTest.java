package io.github.dbn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.pipeline.DbnClassifier;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import org.junit.jupiter.api.Test;

/** Training from plain Java arrays: the same models as from matrices, and a DBN classifier in three lines. */
class ArrayEntryTest {

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
    private final RbmConfig config = RbmConfig.defaults(12).withBatchSize(10).withEpochs(5).withLearningRate(0.1)
            .withSeed(4);

    @Test
    void anRbmFromDoubleOrFloatRowsIsTheRbmFromTheMatrix() {
        double[] flat = Patterns.barsAndStripes(4);
        double[][] rows = rows(flat, 16);
        float[][] floats = new float[rows.length][16];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 16; j++) {
                floats[i][j] = (float) rows[i][j];
            }
        }
        Rbm fromMatrix = new RbmTrainer(b).train(config, b.fromArray(rows.length, 16, flat), TrainingOptions.defaults());
        Rbm fromDoubles = new RbmTrainer(b).train(config, rows, TrainingOptions.defaults());
        Rbm fromFloats = new RbmTrainer(b).train(config, floats, TrainingOptions.defaults().withHeldOut(rows, null));
        assertThat(fromDoubles.weights()).containsExactly(fromMatrix.weights());
        assertThat(fromFloats.weights()).as("0/1 values are exact in float").containsExactly(fromMatrix.weights());
    }

    @Test
    void rowsThatAreMissingEmptyOrOfAnotherLengthAreNamed() {
        RbmTrainer trainer = new RbmTrainer(b);
        TrainingOptions o = TrainingOptions.defaults();
        assertThatThrownBy(() -> trainer.train(config, new double[0][], o)).hasMessage("training data has no rows");
        assertThatThrownBy(() -> trainer.train(config, new double[][] {{0, 1}, {1}}, o))
                .hasMessage("training data: row 1 has 1 values but row 0 has 2");
        assertThatThrownBy(() -> trainer.train(config, new double[][] {{0, 1}, null}, o))
                .hasMessage("training data: row 1 is null");
        assertThatThrownBy(() -> trainer.train(config, new float[][] {{}}, o))
                .hasMessage("training data: row 0 has no values");
        assertThatThrownBy(() -> o.withHeldOut(new double[][] {{0}}, new int[] {1, 2}))
                .hasMessage("heldOutLabels has 2 labels but heldOut has 1 rows");
    }

    @Test
    void heldOutRowsAsAMatrixAreTheHeldOutRowsAsArrays() {
        double[] flat = Patterns.barsAndStripes(4);
        double[][] rows = rows(flat, 16);
        double[][] heldOut = rows(Patterns.randomBinary(20, 16, 9), 16);
        Matrix heldOutMatrix = TrainingOptions.matrix(b, heldOut, "held-out data");
        MetricsHistory fromArrays = new MetricsHistory();
        MetricsHistory fromMatrix = new MetricsHistory();
        Rbm a = new RbmTrainer(b).train(config, rows, TrainingOptions.defaults().withHeldOut(heldOut, null)
                .withListeners(fromArrays));
        Rbm m = new RbmTrainer(b).train(config, rows, TrainingOptions.defaults().withHeldOut(heldOutMatrix, null)
                .withListeners(fromMatrix));
        assertThat(m.weights()).containsExactly(a.weights());
        assertThat(fromMatrix.epochs()).hasSize(5);
        for (int e = 0; e < 5; e++) {
            assertThat(fromMatrix.epochs().get(e).values()).containsKey(Metrics.FREE_ENERGY_HELD_OUT)
                    .isEqualTo(fromArrays.epochs().get(e).values());
        }
    }

    @Test
    void theOptionsCarryHeldOutRowsOfOneKindWithALabelForEachRow() {
        TrainingOptions o = TrainingOptions.defaults();
        Matrix m = b.fromArray(2, 3, new double[] {0, 1, 0, 1, 0, 1});
        assertThat(o.heldOutOn(b)).isNull();
        assertThat(o.withHeldOut(m, new int[] {0, 1}).heldOutOn(b)).isSameAs(m);
        assertThat(b.toArray(o.withHeldOut(new double[][] {{0, 1, 0}, {1, 0, 1}}, null).heldOutOn(b)))
                .containsExactly(b.toArray(m));
        TrainingOptions arrays = o.withHeldOut(new double[][] {{0, 1, 0}}, null);
        assertThat(arrays.withHeldOut(m, null).heldOut()).as("replaces the arrays").isNull();
        assertThat(o.withHeldOut(m, null).withHeldOut(new double[][] {{0, 1, 0}}, null).heldOutMatrix())
                .as("replaces the matrix").isNull();
        assertThatThrownBy(() -> new TrainingOptions(new double[][] {{0, 1, 0}}, m, null, TrainingControl.none(),
                java.util.List.of())).hasMessage("held-out rows are given both as arrays and as a matrix; give one");
        assertThatThrownBy(() -> o.withHeldOut(m, new int[] {1, 2, 0}))
                .hasMessage("heldOutLabels has 3 labels but heldOutMatrix has 2 rows");
        assertThatThrownBy(() -> o.withHeldOut(new double[0][], null).heldOutOn(b))
                .hasMessage("held-out data has no rows");
    }

    @Test
    void aDbnClassifierInThreeLinesClassifiesFarBetterThanChance() {
        Patterns.Labelled train = Patterns.tinyShapes(600, 0.05, 1);
        Patterns.Labelled validation = Patterns.tinyShapes(200, 0.05, 3);
        Patterns.Labelled test = Patterns.tinyShapes(200, 0.05, 2);
        double[][] x = rows(train.pixels(), 36);

        DbnClassifier classifier = new DbnClassifier(b);
        Dbn dbn = classifier.fit(DbnClassifier.plan(4, 30, 30, 40), x, train.labels(), TrainingOptions.defaults()
                .withHeldOut(rows(validation.pixels(), 36), validation.labels()));
        int[] predicted = classifier.predict(dbn, rows(test.pixels(), 36));

        int wrong = 0;
        for (int i = 0; i < predicted.length; i++) {
            wrong += predicted[i] == test.labels()[i] ? 0 : 1;
        }
        assertThat(wrong / (double) predicted.length).as("test error; chance is 0.75").isLessThan(0.1);
        assertThatThrownBy(() -> classifier.fit(DbnClassifier.plan(4, 30), x, new int[] {1}, TrainingOptions.defaults()))
                .hasMessage("y has 1 labels but x has 600 rows");
        int[] bad = train.labels().clone();
        bad[7] = 4;
        assertThatThrownBy(() -> classifier.fit(DbnClassifier.plan(4, 30), x, bad, TrainingOptions.defaults()))
                .hasMessage("label 4 of row 7 is outside 0..3");
    }

    private static double[][] rows(double[] flat, int width) {
        double[][] out = new double[flat.length / width][width];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }
}
