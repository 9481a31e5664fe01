package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingLoop;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.internal.Costs;
import io.github.dbn4j.core.internal.DataChecks;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.internal.Workspace;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The up-down algorithm of Hinton, Osindero and Teh (2006, appendix B), a contrastive version of
 * wake-sleep. Per mini-batch:
 * <ol>
 *   <li>wake: a sampled upward pass with the recognition weights; each generative layer learns to
 *       predict the states below from the states above (delta rule);</li>
 *   <li>top: contrastive divergence in the associative memory, the labels clamped on the data
 *       side, {@code topGibbsSteps} alternating Gibbs iterations, or as many as the epoch's step of
 *       {@link WakeSleepConfig#topGibbsSteps(int) the Gibbs schedule} gives (label probabilities, not
 *       samples, as in the paper);</li>
 *   <li>sleep: a sampled downward pass with the generative weights from the top-level negative
 *       states; each recognition layer learns to predict the states above from those below.</li>
 * </ol>
 * With {@link WakeSleepConfig#momentum() momentum}, every parameter's change is the step above, less
 * the weight cost, plus the momentum times its last change.
 * Costs per epoch: {@value #WAKE_COST} (generative prediction of each layer's wake states,
 * cross-entropy summed over layers, per case), {@value #SLEEP_COST} (recognition prediction of
 * the sleep states) and {@value #TOP_COST} (the top-level reconstruction of the penultimate states).
 *
 * <p>After every epoch the trainer checks what the network still knows ({@link LearningHealth}), on
 * the first {@link RbmTrainer#MONITOR_ROWS} training cases passed up deterministically by the
 * recognition weights: each directed layer's generative prediction of the layer below, and the top
 * memory's reconstruction of the penultimate layer, against the cost of knowing only each unit's
 * mean, and whether the units above have stuck on or off. Up-down at too large a learning rate can
 * drive the penultimate layer to one state for every input, a network that then classifies at
 * chance while its costs stay finite; the warning says so after the epoch it happens.
 */
public final class WakeSleepTrainer {

    public static final String STAGE = "wake-sleep";
    public static final String WAKE_COST = "wake_cost";
    public static final String SLEEP_COST = "sleep_cost";
    public static final String TOP_COST = "top_cost";
    /** The generative classification error of the validation cases after an epoch, when there are some. */
    public static final String VALIDATION_ERROR = "validation_error";

    private final Backend backend;

    @Inject
    public WakeSleepTrainer(Backend backend) {
        this.backend = backend;
    }

    /**
     * Fine-tunes the generative parameters of {@code dbn} on {@code data}.
     *
     * @param labels class of each row, needed exactly when the DBN has label units
     * @return the DBN with updated recognition, generative and top-level parameters
     */
    public Dbn train(Dbn dbn, WakeSleepConfig config, Matrix data, int[] labels, TrainingListener... listeners) {
        return train(dbn, config, data, labels, TrainingControl.none(), listeners);
    }

    /**
     * Trains under a {@link TrainingControl} (checkpoints, resume, stop requests, divergence
     * policy); when resuming, the saved parameters replace those of {@code dbn}, which gives the
     * shapes.
     */
    public Dbn train(Dbn dbn, WakeSleepConfig config, Matrix data, int[] labels, TrainingControl control,
                     TrainingListener... listeners) {
        return train(dbn, config, data, labels, STAGE, control, listeners);
    }

    /**
     * As {@link #train(Dbn, WakeSleepConfig, Matrix, int[], TrainingControl, TrainingListener...)}
     * under another stage name: a second up-down phase of one run, such as retraining on all the
     * data after choosing the epochs on a validation set, checkpoints and reports apart from the first.
     */
    public Dbn train(Dbn dbn, WakeSleepConfig config, Matrix data, int[] labels, String stage,
                     TrainingControl control, TrainingListener... listeners) {
        return train(dbn, config, data, labels, null, null, stage, control, listeners);
    }

    /**
     * As {@link #train(Dbn, WakeSleepConfig, Matrix, int[], String, TrainingControl, TrainingListener...)},
     * judged on validation cases: after every epoch the DBN classifies {@code xVal} generatively (a
     * deterministic up-pass, then the label of the lowest free energy at the top), each epoch's
     * metrics give the error as {@value #VALIDATION_ERROR}, and the DBN of the epoch with the lowest
     * error (the earliest of equals) is returned, as Hinton, Osindero and Teh (2006) kept the network
     * that did best on their validation digits. Checkpoints keep that DBN, so a resumed run returns
     * the same one.
     *
     * @param xVal validation cases, or null to return the last epoch's DBN
     * @param yVal their classes, given exactly with {@code xVal}; the DBN must have label units
     */
    public Dbn train(Dbn dbn, WakeSleepConfig config, Matrix data, int[] labels, Matrix xVal, int[] yVal, String stage,
                     TrainingControl control, TrainingListener... listeners) {
        if (xVal != null || yVal != null) {
            if (dbn.labels() == 0) {
                throw new IllegalArgumentException("validation cases were given but the DBN has no label units to "
                        + "classify them with");
            }
            if (xVal == null || yVal == null || yVal.length != xVal.rows()) {
                throw new IllegalArgumentException("give the validation cases and one label per case together: got "
                        + (xVal == null ? "no cases" : xVal.rows() + " cases") + " and "
                        + (yVal == null ? "no labels" : yVal.length + " labels"));
            }
            DataChecks.check(backend, xVal, dbn.inputs(), dbn.inputUnits() == VisibleUnits.GAUSSIAN
                    ? DataChecks.Domain.REAL : DataChecks.Domain.UNIT_INTERVAL, "validation data");
            Labels.oneHot(backend, yVal, dbn.labels()); // checks every label's range
        }
        DataChecks.check(backend, data, dbn.inputs(), dbn.inputUnits() == VisibleUnits.GAUSSIAN
                ? DataChecks.Domain.REAL : DataChecks.Domain.UNIT_INTERVAL, "training data");
        Matrix oneHot = null;
        if (dbn.labels() > 0) {
            if (labels == null || labels.length != data.rows()) {
                throw new IllegalArgumentException("the DBN has " + dbn.labels() + " label units: give one label per "
                        + "training case (" + data.rows() + "), got " + (labels == null ? "none" : labels.length));
            }
            oneHot = Labels.oneHot(backend, labels, dbn.labels());
        } else if (labels != null) {
            throw new IllegalArgumentException("labels were given but the DBN has no label units");
        }
        Run run = new Run(dbn, config, BatchSource.of(backend, data), oneHot == null ? null
                : BatchSource.of(backend, oneHot), stage, 0);
        run.xVal = xVal;
        run.yVal = yVal;
        TrainingLoop.run(run, List.of(listeners), control);
        return run.best != null ? run.best.toDbn() : run.model();
    }

    /**
     * One slice of a data-parallel up-down run ({@link ParallelSlice}): the steps of
     * {@link #train(Dbn, WakeSleepConfig, Matrix, int[], TrainingListener...) train} on the cases of
     * one slice, every slice starting from {@code dbn}. The shared state is every layer's
     * recognition and generative parameters and the top-level memory, with their last changes under
     * {@linkplain WakeSleepConfig#momentum() momentum}; each slice keeps its own
     * sampling stream. Slice 0 shuffles and samples as {@code train} does, so one slice averaged
     * after every epoch is {@code train} bit for bit.
     *
     * @param labels the cases' labels one-hot, needed exactly when the DBN has label units
     */
    public Slice slice(Dbn dbn, WakeSleepConfig config, BatchSource data, BatchSource labels, String stage,
                       int index) {
        if (index < 0) {
            throw new IllegalArgumentException(stage + ": slice index " + index + " is negative");
        }
        if (data.cols() != dbn.inputs() || (labels == null) != (dbn.labels() == 0)
                || labels != null && (labels.rows() != data.rows() || labels.cols() != dbn.labels())) {
            throw new IllegalArgumentException(stage + ": " + data.rows() + " cases of " + data.cols() + " values"
                    + (labels == null ? " without labels" : " and " + labels.rows() + " labels of " + labels.cols()
                    + " classes") + " for a DBN of " + dbn.inputs() + " inputs and " + dbn.labels() + " label units");
        }
        return new Slice(new Run(dbn, config, data, labels, stage, index));
    }

    /** One slice of a data-parallel up-down run; see {@link #slice}. Not thread-safe. */
    public final class Slice implements ParallelSlice {
        private final Run run;

        private Slice(Run run) {
            this.run = run;
        }

        @Override
        public int batches() {
            return run.batchCount();
        }

        @Override
        public void load(TrainingState shared, TrainingState own) {
            if (shared != null) {
                run.loadShared(shared);
            }
            if (own != null) {
                run.rng.seek(own.getLong("rng"));
            }
        }

        @Override
        public double run(int epoch, int first, int count) {
            return run.runBatches(epoch, first, count);
        }

        /** The wake, sleep and top-level costs of the last {@link #run}, summed. */
        @Override
        public double[] costs() {
            return run.costSums();
        }

        @Override
        public void saveShared(TrainingState s) {
            run.saveShared(s);
        }

        @Override
        public void saveOwn(TrainingState s) {
            s.putLong("rng", run.rng.position());
        }

        /** The epoch's metrics for its wake, sleep and top-level costs per case. */
        public EpochMetrics metrics(int epoch, double[] perCase, double seconds) {
            return run.metrics(epoch, perCase, seconds);
        }

        /**
         * The learning checks of the DBN as it stands (after {@link #load}) on this slice's first
         * {@link RbmTrainer#MONITOR_ROWS} cases, as {@code train} makes them after every epoch.
         */
        public List<TrainingWarning> health(EpochMetrics metrics) {
            return run.health(metrics);
        }

        /** The DBN as it stands. */
        public Dbn model() {
            return run.model();
        }
    }

    /** Buffers of one batch size. */
    private final class Buffers {
        final int rows;
        final Matrix v0;
        final Matrix l0;
        final Matrix[] wake;     // wake states of layers 1..n (index i+1 above layer i)
        final Matrix[] predX;    // generative pre-activations predicting layer i
        final Matrix[] predP;    // ... and their probabilities
        final Matrix[] sleep;    // sleep states of layers 0..n
        final Matrix[] recX;     // recognition pre-activations predicting layer i+1 from sleep states
        final Matrix[] recP;
        final Matrix phTop;
        final Matrix hTop;
        final Matrix negPenP;
        final Matrix negPen;
        final Matrix negLab;
        final Matrix negHid;
        final Matrix ones;  // 1 x rows: column sums as products
        final Matrix penX;

        Buffers(int rows, List<DbnEngine.Layer> layers, RbmEngine top) {
            this.rows = rows;
            int n = layers.size();
            v0 = backend.create(rows, n == 0 ? top.visible() : layers.get(0).below());
            l0 = top.labels() > 0 ? backend.create(rows, top.labels()) : null;
            wake = new Matrix[n + 1];
            sleep = new Matrix[n + 1];
            predX = new Matrix[n];
            predP = new Matrix[n];
            recX = new Matrix[n];
            recP = new Matrix[n];
            wake[0] = v0;
            for (int i = 0; i < n; i++) {
                DbnEngine.Layer l = layers.get(i);
                wake[i + 1] = backend.create(rows, l.above());
                sleep[i] = backend.create(rows, l.below());
                predX[i] = backend.create(rows, l.below());
                predP[i] = backend.create(rows, l.below());
                recX[i] = backend.create(rows, l.above());
                recP[i] = backend.create(rows, l.above());
            }
            phTop = backend.create(rows, top.hidden());
            hTop = backend.create(rows, top.hidden());
            negPenP = backend.create(rows, top.visible());
            negPen = backend.create(rows, top.visible());
            sleep[n] = negPen;
            negLab = top.labels() > 0 ? backend.create(rows, top.labels()) : null;
            negHid = backend.create(rows, top.hidden());
            ones = backend.create(1, rows);
            backend.fill(ones, 1.0);
            penX = backend.create(rows, top.visible());
        }
    }

    private final class Run extends TrainingLoop.MiniBatchStage {
        final Dbn model;
        final WakeSleepConfig config;
        final BatchSource data;
        final BatchSource oneHot;
        final DbnEngine engine;
        final RbmEngine top;
        final List<DbnEngine.Layer> layers;
        final RandomStream shuffle;
        final RandomCursor rng;
        final Matrix[] colBelow;
        final Matrix[] colAbove;
        final Workspace work = new Workspace(backend);
        final DbnEngine vel;  // every parameter's last change under momentum, zero at the start; null without
        Matrix xVal;          // validation cases, or null
        int[] yVal;
        DbnEngine best;       // the parameters of the epoch of the lowest validation error, once there is one
        double bestError = Double.POSITIVE_INFINITY;
        Buffers full;
        Buffers tail;
        int[] order;
        int gibbsSteps;
        double epochDecay; // this epoch's share of lr left by the config's decay (lr itself may be halved, or loaded)
        Matrix[] monitor;      // the health checks' cases (index 0) passed up by the recognition weights
        Matrix[] monitorDown;  // their generative predictions of the layer below
        Matrix monitorLabels;
        Matrix monitorTopH;
        Matrix monitorTopX;

        /** A run; {@code index} > 0 gives slice {@code index} of a data-parallel run its own streams. */
        Run(Dbn model, WakeSleepConfig config, BatchSource data, BatchSource oneHot, String stage, int index) {
            super(stage, config.epochs(), data.rows(), config.batchSize(), config.learningRate(), 3);
            this.model = model;
            this.config = config;
            this.data = data;
            this.oneHot = oneHot;
            this.engine = new DbnEngine(backend, model);
            this.top = engine.top;
            this.layers = engine.layers;
            RandomStream root = RandomStream.of(config.seed());
            this.shuffle = index == 0 ? root.split(1) : root.split(1).split(index);
            this.rng = new RandomCursor(index == 0 ? root.split(2) : root.split(2).split(index));
            vel = config.momentum() > 0 ? new DbnEngine(backend, model) : null;
            if (vel != null) {
                for (Matrix p : parameters(vel)) {
                    backend.fill(p, 0.0);
                }
            }
            colBelow = new Matrix[layers.size()];
            colAbove = new Matrix[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                colBelow[i] = backend.create(1, layers.get(i).below());
                colAbove[i] = backend.create(1, layers.get(i).above());
            }
        }

        @Override
        public void beginEpoch(int epoch) {
            order = config.fixedBatches() ? work.identity(data.rows())
                    : shuffle.permutation(data.rows(), (long) epoch * data.rows());
            gibbsSteps = config.topGibbsSteps(epoch);
            epochDecay = config.decayFactor(epoch);
            clearCosts();
        }

        @Override
        public String batch(int epoch, int b) {
            int start = b * config.batchSize();
            int rows = Math.min(config.batchSize(), data.rows() - start);
            Buffers buf = buffers(rows);
            data.fill(order, start, buf.v0);
            if (oneHot != null) {
                oneHot.fill(order, start, buf.l0);
            }
            step(buf, costs);
            return Double.isFinite(costs[0] + costs[1] + costs[2]) ? null : "a cost";
        }

        @Override
        public String checkEpoch() {
            for (double c : costs) {
                if (!Double.isFinite(c)) {
                    return "a cost";
                }
            }
            return null;
        }

        @Override
        public EpochMetrics endEpoch(int epoch, double seconds) {
            int n = data.rows();
            EpochMetrics m = metrics(epoch, new double[] {costs[0] / n, costs[1] / n, costs[2] / n}, seconds);
            if (xVal == null) {
                return m;
            }
            double error = Evaluation.of(yVal, engine.classify(xVal), top.labels()).errorRate();
            if (error < bestError) {
                bestError = error;
                if (best == null) {
                    best = new DbnEngine(backend, model);
                }
                copy(engine, best);
            }
            Map<String, Double> values = new LinkedHashMap<>(m.values());
            values.put(VALIDATION_ERROR, error);
            return new EpochMetrics(m.stage(), m.epoch(), m.epochs(), m.cost(), values, m.seconds());
        }

        /** Copies every parameter of {@code from} into {@code to}, of the same shapes. */
        void copy(DbnEngine from, DbnEngine to) {
            List<Matrix> a = parameters(from);
            List<Matrix> b = parameters(to);
            for (int i = 0; i < a.size(); i++) {
                backend.copy(a.get(i), b.get(i));
            }
        }

        /** The epoch's metrics for its wake, sleep and top costs per case. */
        EpochMetrics metrics(int epoch, double[] perCase, double seconds) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(WAKE_COST, perCase[0]);
            values.put(SLEEP_COST, perCase[1]);
            values.put(TOP_COST, perCase[2]);
            return new EpochMetrics(name(), epoch + 1, config.epochs(), perCase[0], values, seconds);
        }

        /** The parameters every slice averages (with their last changes under momentum), and the learning rate. */
        void saveShared(TrainingState s) {
            saveParameters(s);
            s.putDouble("lr", lr);
        }

        void loadShared(TrainingState s) {
            loadParameters(s);
            lr = s.getDouble("lr");
        }

        @Override
        public boolean finished() {
            return false;
        }

        @Override
        public List<TrainingWarning> health(EpochMetrics metrics) {
            int n = layers.size();
            if (monitor == null) {
                int m = Math.min(RbmTrainer.MONITOR_ROWS, data.rows());
                int[] first = new int[m];
                for (int i = 0; i < m; i++) {
                    first[i] = i;
                }
                monitor = new Matrix[n + 1];
                monitorDown = new Matrix[n];
                monitor[0] = backend.create(m, data.cols());
                data.fill(first, 0, monitor[0]);
                for (int i = 0; i < n; i++) {
                    monitor[i + 1] = backend.create(m, layers.get(i).above());
                    monitorDown[i] = backend.create(m, layers.get(i).below());
                }
                if (oneHot != null) {
                    monitorLabels = backend.create(m, oneHot.cols());
                    oneHot.fill(first, 0, monitorLabels);
                }
                monitorTopH = backend.create(m, top.hidden());
                monitorTopX = backend.create(m, top.visible());
            }
            int m = monitor[0].rows();
            for (int i = 0; i < n; i++) {
                DbnEngine.Layer l = layers.get(i);
                backend.gemm(false, false, 1.0, monitor[i], l.recW, 0.0, monitor[i + 1]);
                backend.addRowVector(monitor[i + 1], l.recB, monitor[i + 1]);
                backend.sigmoid(monitor[i + 1], monitor[i + 1]);
            }
            Map<TrainingWarning.Kind, List<String>> found = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                if (i == 0 && model.inputUnits() == VisibleUnits.GAUSSIAN) {
                    continue; // real-valued data has no Bernoulli no-information cost
                }
                DbnEngine.Layer l = layers.get(i);
                backend.gemm(false, true, 1.0, monitor[i + 1], l.genW, 0.0, monitorDown[i]);
                backend.addRowVector(monitorDown[i], l.genB, monitorDown[i]);
                check("directed layer " + (i + 1) + " (" + l.below() + " -> " + l.above() + ")", metrics.epoch(),
                        backend.crossEntropyOfLogits(monitor[i], monitorDown[i]) / m, monitor[i], monitor[i + 1], found);
            }
            if (top.visibleUnits() == VisibleUnits.BERNOULLI) {
                top.hiddenProbabilities(monitor[n], monitorLabels, monitorTopH);
                top.visibleInput(monitorTopH, monitorTopX);
                check("the top-level memory", metrics.epoch(), backend.crossEntropyOfLogits(monitor[n], monitorTopX) / m,
                        monitor[n], monitorTopH, found);
            }
            List<TrainingWarning> out = new ArrayList<>();
            found.forEach((kind, lines) -> out.add(new TrainingWarning(name(), metrics.epoch(), kind,
                    String.join("; ", lines))));
            return out;
        }

        /**
         * {@link LearningHealth#checkLayer} of a layer that predicts {@code below} from {@code above}: its
         * findings, named, added to {@code found} by kind (one warning per kind and epoch, so that a
         * report's runs of epochs stay one line per kind).
         */
        void check(String what, int epoch, double cost, Matrix below, Matrix above,
                   Map<TrainingWarning.Kind, List<String>> found) {
            int m = below.rows();
            double[] rows = backend.toArray(below);
            double[] means = new double[below.cols()];
            for (int k = 0; k < rows.length; k++) {
                means[k % means.length] += rows[k] / m;
            }
            for (TrainingWarning w : LearningHealth.checkLayer(name(), epoch, cost,
                    LearningHealth.bernoulliNoInformationCost(means), LearningHealth.bernoulliDataEntropy(rows, m,
                            below.cols()), backend.toArray(above), m, above.cols())) {
                found.computeIfAbsent(w.kind(), k -> new ArrayList<>()).add(what + ": " + w.message());
            }
        }

        @Override
        public void save(TrainingState s) {
            saveParameters(s);
            s.putLong("rng", rng.position());
            s.putLong("hasBest", best == null ? 0 : 1);
            if (best != null) {
                s.putDouble("bestError", bestError);
                save(best, s.scoped("best"));
            }
            saveProgress(s);
        }

        @Override
        public void load(TrainingState s) {
            loadParameters(s);
            rng.seek(s.getLong("rng"));
            best = null;
            bestError = Double.POSITIVE_INFINITY;
            if (s.has("hasBest") && s.getLong("hasBest") == 1) {
                bestError = s.getDouble("bestError");
                best = new DbnEngine(backend, model);
                load(best, s.scoped("best"));
            }
            loadProgress(s);
        }

        void saveParameters(TrainingState s) {
            save(engine, s);
            if (vel != null) {
                save(vel, s.scoped("velocity"));
            }
        }

        void loadParameters(TrainingState s) {
            load(engine, s);
            if (vel != null) {
                load(vel, s.scoped("velocity"));
            }
        }

        /** Every recognition, generative and top-level parameter of {@code e}, in one order. */
        List<Matrix> parameters(DbnEngine e) {
            List<Matrix> all = new ArrayList<>();
            for (DbnEngine.Layer l : e.layers) {
                all.addAll(List.of(l.recW, l.recB, l.genW, l.genB));
            }
            all.addAll(List.of(e.top.weightMatrix(), e.top.visibleBiasMatrix(), e.top.hiddenBiasMatrix()));
            if (e.top.labels() > 0) {
                all.addAll(List.of(e.top.labelWeightMatrix(), e.top.labelBiasMatrix()));
            }
            return all;
        }

        void save(DbnEngine e, TrainingState s) {
            for (int i = 0; i < e.layers.size(); i++) {
                DbnEngine.Layer l = e.layers.get(i);
                s.scoped("layer" + i).put("recW", backend, l.recW).put("recB", backend, l.recB)
                        .put("genW", backend, l.genW).put("genB", backend, l.genB);
            }
            e.top.save(s.scoped("top"));
        }

        void load(DbnEngine e, TrainingState s) {
            for (int i = 0; i < e.layers.size(); i++) {
                DbnEngine.Layer l = e.layers.get(i);
                TrainingState t = s.scoped("layer" + i);
                t.get("recW", backend, l.recW);
                t.get("recB", backend, l.recB);
                t.get("genW", backend, l.genW);
                t.get("genB", backend, l.genB);
            }
            e.top.load(s.scoped("top"));
        }

        @Override
        public Dbn model() {
            return engine.toDbn();
        }

        Buffers buffers(int rows) {
            if (rows == config.batchSize()) {
                if (full == null) {
                    full = new Buffers(rows, layers, top);
                }
                return full;
            }
            if (tail == null || tail.rows != rows) {
                tail = new Buffers(rows, layers, top);
            }
            return tail;
        }

        void step(Buffers buf, double[] costs) {
            int n = layers.size();
            boolean gaussianBottom = model.inputUnits() == VisibleUnits.GAUSSIAN;
            // wake: sampled upward pass with the recognition weights
            for (int i = 0; i < n; i++) {
                DbnEngine.Layer l = layers.get(i);
                backend.gemm(false, false, 1.0, buf.wake[i], l.recW, 0.0, buf.recP[i]);
                backend.addRowVector(buf.recP[i], l.recB, buf.recP[i]);
                backend.sigmoid(buf.recP[i], buf.recP[i]);
                engine.sample(buf.recP[i], rng, buf.wake[i + 1]);
            }
            Matrix pen = buf.wake[n];
            // top: positive phase with labels clamped, then alternating Gibbs
            top.hiddenProbabilities(pen, buf.l0, buf.phTop);
            top.sampleHidden(buf.phTop, rng, buf.hTop);
            for (int s = 0; s < gibbsSteps; s++) {
                top.visibleInput(buf.hTop, buf.penX);
                backend.copy(buf.penX, buf.negPenP);
                if (top.visibleUnits() == VisibleUnits.BERNOULLI) {
                    backend.sigmoid(buf.negPenP, buf.negPenP);
                }
                top.sampleVisible(buf.negPenP, rng, buf.negPen);
                if (buf.negLab != null) {
                    top.labelProbabilities(buf.hTop, buf.negLab);
                }
                top.hiddenProbabilities(buf.negPen, buf.negLab, buf.negHid);
                if (s < gibbsSteps - 1) {
                    top.sampleHidden(buf.negHid, rng, buf.hTop);
                }
            }
            costs[2] += crossEntropy(pen, buf.penX, top.visibleUnits() == VisibleUnits.GAUSSIAN);
            // sleep: sampled downward pass with the generative weights from the top-level negative states
            for (int i = n - 1; i >= 0; i--) {
                DbnEngine.Layer l = layers.get(i);
                backend.gemm(false, true, 1.0, buf.sleep[i + 1], l.genW, 0.0, buf.sleep[i]);
                backend.addRowVector(buf.sleep[i], l.genB, buf.sleep[i]);
                if (i > 0 || !gaussianBottom) {
                    backend.sigmoid(buf.sleep[i], buf.sleep[i]);
                }
                if (i > 0) {
                    backend.copy(buf.sleep[i], buf.predP[i]);
                    engine.sample(buf.predP[i], rng, buf.sleep[i]);
                }
            }
            // predictions: generative from wake states, recognition from sleep states
            for (int i = 0; i < n; i++) {
                DbnEngine.Layer l = layers.get(i);
                boolean linear = i == 0 && gaussianBottom;
                backend.gemm(false, true, 1.0, buf.wake[i + 1], l.genW, 0.0, buf.predX[i]);
                backend.addRowVector(buf.predX[i], l.genB, buf.predX[i]);
                if (linear) {
                    backend.copy(buf.predX[i], buf.predP[i]);
                    costs[0] += crossEntropy(buf.wake[i], buf.predX[i], true);
                } else {
                    // the cost and the probabilities from one pass over the exponentials
                    costs[0] += backend.crossEntropyOfLogits(buf.wake[i], buf.predX[i], buf.predP[i]);
                }
                backend.gemm(false, false, 1.0, buf.sleep[i], l.recW, 0.0, buf.recX[i]);
                backend.addRowVector(buf.recX[i], l.recB, buf.recX[i]);
                costs[1] += backend.crossEntropyOfLogits(buf.sleep[i + 1], buf.recX[i], buf.recP[i]);
            }
            // updates: straight into the parameters, or with momentum into each one's change, then added
            double r = lr * epochDecay;
            double scale = r / buf.rows;
            double m = config.momentum();
            double keep = m > 0 ? m : 1.0;
            for (int i = 0; i < n; i++) {
                DbnEngine.Layer l = layers.get(i);
                Matrix genW = m > 0 ? vel.layers.get(i).genW : l.genW;
                Matrix genB = m > 0 ? vel.layers.get(i).genB : l.genB;
                Matrix recW = m > 0 ? vel.layers.get(i).recW : l.recW;
                Matrix recB = m > 0 ? vel.layers.get(i).recB : l.recB;
                decayBefore(l.genW);
                decayBefore(l.recW);
                backend.sub(buf.wake[i], buf.predP[i], buf.predP[i]);      // wake error of layer i
                backend.gemm(true, false, scale, buf.predP[i], buf.wake[i + 1], keep, genW);
                backend.sumColumns(buf.predP[i], colBelow[i]);
                momentumOnly(m, genB);
                backend.axpy(scale, colBelow[i], genB);
                backend.sub(buf.sleep[i + 1], buf.recP[i], buf.recP[i]);   // sleep error of layer i+1
                backend.gemm(true, false, scale, buf.sleep[i], buf.recP[i], keep, recW);
                backend.sumColumns(buf.recP[i], colAbove[i]);
                momentumOnly(m, recB);
                backend.axpy(scale, colAbove[i], recB);
                step(l.genW, genW, r);
                step(l.genB, genB, 0);
                step(l.recW, recW, r);
                step(l.recB, recB, 0);
            }
            // the top-level memory: a CD step (its statistics written into the parameters, or their changes)
            Matrix w = m > 0 ? vel.top.weightMatrix() : top.weightMatrix();
            Matrix vb = m > 0 ? vel.top.visibleBiasMatrix() : top.visibleBiasMatrix();
            Matrix hb = m > 0 ? vel.top.hiddenBiasMatrix() : top.hiddenBiasMatrix();
            decayBefore(top.weightMatrix());
            top.cdStatistics(r, 1.0, 1.0, keep, pen, buf.phTop, buf.ones, buf.negPen, buf.negHid, buf.ones, w, vb, hb);
            step(top.weightMatrix(), w, r);
            step(top.visibleBiasMatrix(), vb, 0);
            step(top.hiddenBiasMatrix(), hb, 0);
            if (buf.l0 != null) {
                Matrix u = m > 0 ? vel.top.labelWeightMatrix() : top.labelWeightMatrix();
                Matrix lb = m > 0 ? vel.top.labelBiasMatrix() : top.labelBiasMatrix();
                decayBefore(top.labelWeightMatrix());
                top.cdStatistics(r, 1.0, 1.0, keep, buf.l0, buf.phTop, buf.ones, buf.negLab, buf.negHid, buf.ones,
                        u, lb, null);
                step(top.labelWeightMatrix(), u, r);
                step(top.labelBiasMatrix(), lb, 0);
            }
        }

        /** Without momentum, the weight cost shrinks {@code w} before its step is added. */
        void decayBefore(Matrix w) {
            if (config.weightDecay() > 0 && config.momentum() == 0) {
                backend.scale(1 - lr * epochDecay * config.weightDecay(), w, w);
            }
        }

        /** With momentum, a bias's change keeps {@code m} of the last before this batch's step is added. */
        void momentumOnly(double m, Matrix change) {
            if (m > 0) {
                backend.scale(m, change, change);
            }
        }

        /**
         * With momentum, adds the change to the parameter, the change first taking the weight cost at
         * rate {@code r} (0 for a bias); without, the step is already in the parameter.
         */
        void step(Matrix param, Matrix change, double r) {
            if (change == param) {
                return;
            }
            if (r > 0 && config.weightDecay() > 0) {
                backend.axpy(-r * config.weightDecay(), param, change);
            }
            backend.axpy(1.0, change, param);
        }

        /** Summed cross-entropy of binary targets given pre-activations (or half squared error if linear). */
        double crossEntropy(Matrix target, Matrix x, boolean linear) {
            return linear ? Costs.halfSquaredError(backend, target, x, work.get("ce", x.rows(), x.cols()))
                    : backend.crossEntropyOfLogits(target, x);
        }
    }
}
