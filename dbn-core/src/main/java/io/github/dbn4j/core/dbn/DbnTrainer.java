package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.Checkpointable;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.internal.DataChecks;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.internal.Workspace;
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

    /** A trainer on {@code backend}, whose layers an {@link RbmTrainer} on the same backend trains. */
    @Inject
    public DbnTrainer(Backend backend) {
        this.backend = backend;
        this.rbmTrainer = new RbmTrainer(backend);
    }

    /**
     * Pretrains a DBN on the rows of {@code data}.
     *
     * @param labels class of each row, needed exactly when {@code config.labels() > 0}
     * @throws IllegalArgumentException for data of a bad width or value, or labels out of range
     */
    public Dbn pretrain(DbnConfig config, Matrix data, int[] labels, TrainingListener... listeners) {
        return pretrain(config, data, labels, TrainingControl.none(), listeners);
    }

    /**
     * Pretrains under a {@link TrainingControl}: checkpoints hold the finished layers (scope
     * {@value #PROGRESS}) beside the state of the layer in training, and a resumed run skips the
     * finished layers.
     */
    public Dbn pretrain(DbnConfig config, Matrix data, int[] labels, TrainingControl control,
                        TrainingListener... listeners) {
        RbmConfig first = config.layers().get(0);
        DataChecks.check(backend, data, data.cols(), domain(first), "training data");
        Matrix oneHot = labelMatrix(config.labels(), data, labels);
        int n = config.layers().size();
        RandomStream upward = RandomStream.of(first.seed()).split(77);
        List<RandomCursor> cursors = new ArrayList<>();
        Progress progress = new Progress(config, data.cols(), cursors);
        control.register(PROGRESS, progress);
        try {
            BatchSource source = BatchSource.of(backend, data);
            List<DirectedLayer> lower = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                BatchSource labelSource = i == n - 1 && oneHot != null ? BatchSource.of(backend, oneHot) : null;
                Rbm rbm;
                if (i < progress.done.size()) {
                    rbm = progress.done.get(i);
                } else {
                    if (("layer" + (i + 1)).equals(control.pendingStage())) {
                        // resuming into this layer: the upward streams stand where they stood when it began
                        if (progress.positions.length != cursors.size()) {
                            throw control.pendingResume().problem("it records " + progress.positions.length
                                    + " upward stream positions for layer " + (i + 1) + ", which needs "
                                    + cursors.size());
                        }
                        for (int j = 0; j < cursors.size(); j++) {
                            cursors.get(j).seek(progress.positions[j]);
                        }
                    }
                    progress.positions = positions(cursors);
                    rbm = rbmTrainer.train(config.layers().get(i), null, source, labelSource, "layer" + (i + 1),
                            TrainingOptions.defaults().withControl(control).withListeners(listeners));
                    if (i < n - 1) {
                        progress.done.add(rbm);
                    }
                }
                if (i == n - 1) {
                    return new Dbn(first.visibleUnits(), data.cols(), lower, rbm, null, config);
                }
                lower.add(new DirectedLayer(rbm.visible(), rbm.hidden(), rbm.weights(), rbm.hiddenBias(),
                        rbm.weights(), rbm.visibleBias()));
                RandomCursor cursor = new RandomCursor(upward.split(i));
                cursors.add(cursor);
                source = new UpwardSource(backend, source, new RbmEngine(backend, rbm), config.sampleUpward(), cursor);
            }
            throw new AssertionError("unreachable");
        } finally {
            control.unregister(PROGRESS);
        }
    }

    /**
     * The cases of {@code below} passed up through a trained layer as its hidden probabilities,
     * batch by batch: the source greedy pretraining gives the layer above (with
     * {@link DbnConfig#sampleUpward()} off).
     */
    public static BatchSource upward(Backend backend, BatchSource below, Rbm layer) {
        return new UpwardSource(backend, below, new RbmEngine(backend, layer), false,
                new RandomCursor(RandomStream.of(0)));
    }

    /** The checkpoint scope of the finished layers. */
    public static final String PROGRESS = "pretrain";

    private static long[] positions(List<RandomCursor> cursors) {
        long[] p = new long[cursors.size()];
        for (int j = 0; j < p.length; j++) {
            p[j] = cursors.get(j).position();
        }
        return p;
    }

    /** The finished lower layers, and the upward stream positions when the current layer began. */
    private static final class Progress implements Checkpointable {
        final DbnConfig config;
        final int inputs;
        final List<RandomCursor> cursors;
        final List<Rbm> done = new ArrayList<>();
        long[] positions = new long[0];

        Progress(DbnConfig config, int inputs, List<RandomCursor> cursors) {
            this.config = config;
            this.inputs = inputs;
            this.cursors = cursors;
        }

        @Override
        public void saveState(TrainingState s) {
            s.putLong("layers", done.size());
            for (int i = 0; i < done.size(); i++) {
                Rbm r = done.get(i);
                TrainingState l = s.scoped("layer" + (i + 1));
                l.putArray("W", r.weights(), r.visible(), r.hidden()).putArray("vbias", r.visibleBias(), r.visible())
                        .putArray("hbias", r.hiddenBias(), r.hidden());
                l.putDouble("lr", r.config().orElseThrow().learningRate());
            }
            s.putLong("streams", positions.length);
            for (int j = 0; j < positions.length; j++) {
                s.putLong("stream" + j, positions[j]);
            }
        }

        @Override
        public void loadState(TrainingState s) {
            int k = s.getInt("layers", 0, config.layers().size() - 1);
            done.clear();
            int visible = inputs;
            for (int i = 0; i < k; i++) {
                RbmConfig c = config.layers().get(i);
                TrainingState l = s.scoped("layer" + (i + 1));
                int hidden = c.hidden();
                double lr = l.getDouble("lr");
                done.add(new Rbm(c.visibleUnits(), visible, hidden, l.values("W", visible * hidden),
                        l.values("vbias", visible), l.values("hbias", hidden),
                        lr == c.learningRate() ? c : c.withLearningRate(lr)));
                visible = hidden;
            }
            positions = new long[s.getInt("streams", 0, config.layers().size())];
            for (int j = 0; j < positions.length; j++) {
                positions[j] = s.getLong("stream" + j);
            }
        }
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
        public void saveState(TrainingState state) {
            state.putLong("position", rng.position());
            below.saveState(state.scoped("below"));
        }

        @Override
        public void loadState(TrainingState state) {
            rng.seek(state.getLong("position"));
            below.loadState(state.scoped("below"));
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
