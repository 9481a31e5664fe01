package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.DataChecks;
import io.github.dbn4j.core.Labels;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.Workspace;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy layer-wise pretraining (Hinton, Osindero and Teh 2006): each RBM is trained on the
 * hidden probabilities (or samples) of the one below, computed batch by batch from the raw data
 * as each mini-batch is drawn, so no layer's activations for the whole data set are held. The
 * top RBM also sees the labels as a softmax group when the DBN is labelled. After pretraining,
 * each lower RBM becomes a directed layer whose recognition and generative weights are untied
 * copies of its W.
 */
public final class DbnTrainer {

    private final Backend backend;
    private final RbmTrainer rbmTrainer;

    @Inject
    public DbnTrainer(Backend backend, RbmTrainer rbmTrainer) {
        this.backend = backend;
        this.rbmTrainer = rbmTrainer;
    }

    /** Convenience for callers without an injector. */
    public DbnTrainer(Backend backend) {
        this(backend, new RbmTrainer(backend));
    }

    /**
     * Pretrains a DBN on the rows of {@code data}.
     *
     * @param labels class of each row, needed exactly when {@code config.labels() > 0}
     * @throws IllegalArgumentException for data of a bad width or value, or labels out of range
     */
    public Dbn pretrain(DbnConfig config, Matrix data, int[] labels, TrainingListener... listeners) {
        RbmConfig first = config.layers().get(0);
        DataChecks.check(backend, data, data.cols(), domain(first), "training data");
        Matrix oneHot = labelMatrix(config.labels(), data, labels);
        int n = config.layers().size();
        BatchSource source = BatchSource.of(backend, data);
        List<DirectedLayer> lower = new ArrayList<>();
        RandomStream upward = RandomStream.of(first.seed()).split(77);
        for (int i = 0; i < n - 1; i++) {
            RbmConfig c = config.layers().get(i);
            Rbm rbm = rbmTrainer.train(c, null, source, null, null, List.of(listeners), "layer" + (i + 1));
            lower.add(new DirectedLayer(rbm.visible(), rbm.hidden(), rbm.weights(), rbm.hiddenBias(), rbm.weights(),
                    rbm.visibleBias()));
            source = new UpwardSource(backend, source, new RbmEngine(backend, rbm), config.sampleUpward(),
                    new RandomCursor(upward.split(i)));
        }
        BatchSource labelSource = oneHot == null ? null : BatchSource.of(backend, oneHot);
        Rbm top = rbmTrainer.train(config.layers().get(n - 1), null, source, labelSource, null, List.of(listeners),
                "layer" + n);
        return new Dbn(first.visibleUnits(), data.cols(), lower, top, null, config);
    }

    static DataChecks.Domain domain(RbmConfig first) {
        return first.visibleUnits() == VisibleUnits.GAUSSIAN ? DataChecks.Domain.REAL
                : first.strictBinary() ? DataChecks.Domain.BINARY : DataChecks.Domain.UNIT_INTERVAL;
    }

    /** Checks the labels against the data and the class count and returns them one-hot (null when unlabelled). */
    Matrix labelMatrix(int classes, Matrix data, int[] labels) {
        if (classes == 0) {
            if (labels != null) {
                throw new IllegalArgumentException("labels were given but the configuration has no label units; "
                        + "set DbnConfig.labels to the number of classes");
            }
            return null;
        }
        if (labels == null) {
            throw new IllegalArgumentException("the configuration has " + classes + " label units but no labels were "
                    + "given");
        }
        if (labels.length != data.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + data.rows() + " training cases");
        }
        return Labels.oneHot(backend, labels, classes);
    }

    /** The cases of a source passed up through one trained layer, batch by batch. */
    static final class UpwardSource implements BatchSource {
        private final Backend backend;
        private final BatchSource below;
        private final RbmEngine layer;
        private final boolean sample;
        private final RandomCursor rng;
        private final Workspace work;

        UpwardSource(Backend backend, BatchSource below, RbmEngine layer, boolean sample, RandomCursor rng) {
            this.backend = backend;
            this.below = below;
            this.layer = layer;
            this.sample = sample;
            this.rng = rng;
            this.work = new Workspace(backend);
        }

        @Override
        public int rows() {
            return below.rows();
        }

        @Override
        public int cols() {
            return layer.hidden();
        }

        @Override
        public void fill(int[] order, int offset, Matrix out) {
            Matrix in = work.get("below", out.rows(), below.cols());
            below.fill(order, offset, in);
            if (sample) {
                Matrix p = work.get("probs", out.rows(), layer.hidden());
                layer.hiddenProbabilities(in, p);
                layer.sampleHidden(p, rng, out);
            } else {
                layer.hiddenProbabilities(in, out);
            }
        }
    }
}
