package io.github.dbn4j.core.pipeline;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.rbm.RbmConfig;
import jakarta.inject.Inject;
import java.util.Objects;

/**
 * A DBN classifier from Java arrays in one call, in the style of {@code fit(x, y, options)}:
 * greedy pretraining with the labels in the top layer, up-down, then back-propagation of the
 * unrolled network, as a {@link DbnTraining.Plan} says.
 *
 * <pre>{@code
 * DbnClassifier classifier = new DbnClassifier(Backends.create("ejml", Precision.FLOAT64));
 * Dbn dbn = classifier.fit(DbnClassifier.plan(10, 500, 500, 2000), x, y, TrainingOptions.defaults());
 * int[] predicted = classifier.predict(dbn, xTest);
 * }</pre>
 *
 * <p>Not thread-safe, like its backend: use one per thread.
 */
public final class DbnClassifier {

    private final Backend backend;

    @Inject
    public DbnClassifier(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * The plan of the program's {@code train-dbn} at its defaults: centered CD-1 pretraining, 40
     * epochs a layer at learning rate 0.1 from weights N(0, 0.1^2); 20 epochs of up-down at 0.01
     * with 3 top-level Gibbs steps; up to 20 epochs of centered back-propagation at 0.1, stopped
     * after 5 epochs without a better held-out error; batches of 100; seeds 1, 101 and 201.
     *
     * @param classes the number of classes (labels 0 .. classes-1), at least 2
     * @param layers  the hidden layer sizes, bottom first, e.g. 500, 500, 2000
     */
    public static DbnTraining.Plan plan(int classes, int... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("a DBN needs at least one hidden layer");
        }
        RbmConfig perLayer = RbmConfig.defaults(layers[0]).withBatchSize(100).withEpochs(40).withLearningRate(0.1)
                .withSeed(1).withInitialWeightStd(DbnConfig.INITIAL_WEIGHT_STD).withCentered(true);
        return new DbnTraining.Plan(DbnConfig.of(perLayer, classes, layers),
                WakeSleepConfig.defaults().withEpochs(20).withBatchSize(100).withLearningRate(0.01)
                        .withTopGibbsSteps(3).withSeed(101),
                FineTuneConfig.defaults().withEpochs(20).withBatchSize(100).withLearningRate(0.1).withPatience(5)
                        .withSeed(201).withCentered(true), classes);
    }

    /**
     * Trains a classifier on rows of values in [0, 1] and their classes.
     *
     * @param x       one case per row
     * @param y       the class of each row, 0 .. plan.classes()-1
     * @param options held-out rows and classes (early stopping of back-propagation), control,
     *                listeners
     * @throws IllegalArgumentException naming the row or label that is wrong
     */
    public Dbn fit(DbnTraining.Plan plan, double[][] x, int[] y, TrainingOptions options) {
        return fit(plan, TrainingOptions.matrix(backend, x, "training data"), y, options);
    }

    /** As {@link #fit(DbnTraining.Plan, double[][], int[], TrainingOptions)}, from floats. */
    public Dbn fit(DbnTraining.Plan plan, float[][] x, int[] y, TrainingOptions options) {
        return fit(plan, TrainingOptions.matrix(backend, x, "training data"), y, options);
    }

    private Dbn fit(DbnTraining.Plan plan, Matrix x, int[] y, TrainingOptions options) {
        Objects.requireNonNull(y, "y");
        if (y.length != x.rows()) {
            throw new IllegalArgumentException("y has " + y.length + " labels but x has " + x.rows() + " rows");
        }
        for (int i = 0; i < y.length; i++) {
            Labels.check(y, i, plan.classes(), "row");
        }
        Matrix xVal = options.heldOutOn(backend);
        return new DbnTraining(backend).run(plan, x, y, xVal, options.heldOutLabels(), options.control(),
                (phase, dbn) -> { }, options.listeners());
    }

    /**
     * The class of each row: by the back-propagation network when the DBN has one, else by the
     * lowest free energy of the top-level memory over the labels.
     */
    public int[] predict(Dbn dbn, double[][] x) {
        Matrix m = TrainingOptions.matrix(backend, x, "data");
        return dbn.classifier().isPresent() ? new ClassifierEngine(backend, dbn.classifier().orElseThrow()).predict(m)
                : new DbnEngine(backend, dbn).classify(m);
    }
}
