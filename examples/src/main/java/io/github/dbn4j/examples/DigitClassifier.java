package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.pipeline.DbnClassifier;
import io.github.dbn4j.core.pipeline.DbnTraining;
import java.util.Locale;

/**
 * A DBN classifier of handwritten digits on the ND4J backend: the MNIST subset shipped in
 * dbn4j-core (5,000 training and 1,000 test digits), as plain arrays, through
 * {@link DbnClassifier#fit}. A smaller network and a shorter schedule than the program's
 * defaults keep it to seconds.
 */
public final class DigitClassifier {

    private DigitClassifier() {
    }

    /** The test error and how the digits were split. */
    record Result(double testError, int training, int heldOut, int test) {
    }

    public static void main(String[] args) {
        Result r = run("nd4j", Precision.FLOAT32);
        System.out.printf(Locale.ROOT, "trained on %d digits (%d held out for early stopping); test error %.1f%% on %d"
                + " digits%n", r.training(), r.heldOut(), 100 * r.testError(), r.test());
    }

    static Result run(String backendName, Precision precision) {
        Mnist.Dataset mnist = Mnist.subset();
        double[][] x = rows(mnist.train().range(0, 4500));
        int[] y = mnist.train().range(0, 4500).labels();
        double[][] xHeldOut = rows(mnist.train().range(4500, 5000));
        int[] yHeldOut = mnist.train().range(4500, 5000).labels();
        double[][] xTest = rows(mnist.test());

        Backend backend = Backends.create(backendName, precision);
        // the program's defaults, smaller and shorter: 8 epochs a layer, 5 of up-down, 10 of back-propagation
        DbnTraining.Plan defaults = DbnClassifier.plan(10, 300, 300, 600);
        DbnTraining.Plan plan = new DbnTraining.Plan(
                DbnConfig.of(defaults.dbn().layers().get(0).withEpochs(8), 10, 300, 300, 600),
                defaults.wakeSleep().withEpochs(5), defaults.fineTune().withEpochs(10), 10);

        DbnClassifier classifier = new DbnClassifier(backend);
        Dbn dbn = classifier.fit(plan, x, y, TrainingOptions.defaults().withHeldOut(xHeldOut, yHeldOut));
        int[] predicted = classifier.predict(dbn, xTest);

        int[] truth = mnist.test().labels();
        int wrong = 0;
        for (int i = 0; i < truth.length; i++) {
            wrong += predicted[i] != truth[i] ? 1 : 0;
        }
        return new Result((double) wrong / truth.length, x.length, xHeldOut.length, xTest.length);
    }

    /** The images as rows of pixel values in [0, 1]. */
    static double[][] rows(LabelledImages images) {
        double[] flat = images.values(0, images.count(), LabelledImages.Pixels.SCALED, 0);
        double[][] rows = new double[images.count()][images.width()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * images.width(), rows[i], 0, images.width());
        }
        return rows;
    }
}
