package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingLoop;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.internal.DataChecks;
import io.github.dbn4j.core.internal.Workspace;
import jakarta.inject.Inject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an RBM by contrastive divergence (CD-k) or persistent contrastive divergence (PCD-k)
 * on mini-batches, with momentum, L2 weight decay and a sparsity penalty, following Hinton's
 * practical guide (2010) and Tieleman (2008).
 *
 * <p>Per mini-batch {@code v0}: {@code ph0 = p(h|v0)}, {@code h0 ~ ph0} by {@code u < p}; the
 * negative phase runs k Gibbs steps, from {@code h0} (CD, the last visible step uses
 * probabilities, or samples with {@link RbmConfig#sampledNegative()}) or from the persistent
 * fantasy particles (PCD, sampled visible states); the
 * update is the difference of data and model correlations with hidden probabilities.
 *
 * <p><b>Centered training</b> ({@link RbmConfig#centered()}, the default). Plain CD statistics
 * {@code <v h'>} carry the mean activations along: while the hidden units sit near 1/2, an update of
 * W moves every visible unit's input by the learning rate times the number of active hidden units,
 * so a wide layer (2,000 units at learning rate 0.1) overshoots, the reconstruction swings, and
 * the layer can end with every hidden unit off, an absorbing state in which it learns nothing.
 * Centering (Montavon and Müller 2012; Melchior, Fischer and Wiskott 2016) takes the gradient of
 * the energy {@code -(v - mu)' W (h - lambda) - b'v - c'h}, with {@code mu} the data means and
 * {@code lambda} a moving average of the hidden activations: the weight statistics become
 * covariances ({@code dW - mu dc' - db lambda'}), which have no common mode to amplify. The model
 * stays an ordinary RBM: the trainer keeps its parameters in the ordinary form
 * ({@code b - W lambda}, {@code c - W' mu}), so sampling, free energies and model files do not
 * change, and moving an offset needs no change of parameters.
 *
 * <p>Every random choice (initial weights, shuffling, samples, monitoring) comes from the
 * configuration's seed through separate sub-streams, so a run is identical on a backend
 * whatever its thread count, and agrees across backends up to rounding.
 */
public final class RbmTrainer {

    /** The logger, made on first use: a run that logs nothing never starts SLF4J (and its warnings). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(RbmTrainer.class);
    }

    /** The stage name of a single RBM's training. */
    public static final String STAGE = "rbm";
    /** Rows of the training data used for the per-epoch free energy and pseudo-likelihood. */
    public static final int MONITOR_ROWS = 1000;
    /**
     * How far the hidden offsets of centered training move toward each mini-batch's mean hidden
     * activation (an exponential moving average, as Melchior et al. 2016 slide their offsets).
     */
    static final double OFFSET_RATE = 0.05;

    private final Backend backend;

    @Inject
    public RbmTrainer(Backend backend) {
        this.backend = backend;
    }

    /**
     * Trains on rows of values, one case per row, as the options say (held-out rows for the
     * free-energy gap, control, listeners): the entry point for data held in Java arrays.
     *
     * @throws IllegalArgumentException naming the row that is null, empty or of another length,
     *                                  or the value outside the visible units' domain
     */
    public Rbm train(RbmConfig config, double[][] data, TrainingOptions options) {
        return train(config, TrainingOptions.matrix(backend, data, "training data"), options);
    }

    /** As {@link #train(RbmConfig, double[][], TrainingOptions)}, from floats. */
    public Rbm train(RbmConfig config, float[][] data, TrainingOptions options) {
        return train(config, TrainingOptions.matrix(backend, data, "training data"), options);
    }

    /**
     * Trains on the rows of {@code data}, a matrix on this trainer's backend, as the options say:
     * held-out rows for the free-energy gap, a {@link TrainingControl} (checkpoints under stage
     * {@value #STAGE}, resuming, stop requests, the divergence policy) and listeners.
     *
     * @throws IllegalArgumentException naming the row and column of a value outside the visible
     *                                  units' domain, or if the held-out rows are of another width
     */
    public Rbm train(RbmConfig config, Matrix data, TrainingOptions options) {
        return train(config, null, BatchSource.of(backend, data), null, STAGE, options);
    }

    /**
     * The general form, for layer-wise, streaming and continued training and for label units:
     * trains on the cases of a {@link BatchSource}, starting from {@code initial} when it is not
     * null. The cases of a source with a {@link BatchSource#matrix() matrix} (one made by
     * {@link BatchSource#of}) are checked as a matrix given to
     * {@link #train(RbmConfig, Matrix, TrainingOptions)} is; those of any other source are the
     * caller's to check. Under a {@link TrainingControl} that resumes, the stage's saved state
     * replaces {@code initial}.
     *
     * @param config  the configuration
     * @param initial the model to continue training, or null to start afresh; its visible units
     *                must match the width of the data
     * @param data    the training cases
     * @param labels  one-hot label rows (see {@code Labels}), one per training case, for an RBM
     *                with a softmax group of label units beside the visible units; or null
     * @param stage   the stage name reported to listeners, in checkpoints and in errors
     * @param options held-out rows for the free-energy gap (not supported with labels), control
     *                and listeners
     * @return the trained model
     * @throws IllegalArgumentException if the data, held-out rows, labels or initial model do not
     *                                  fit the configuration or one another
     */
    public Rbm train(RbmConfig config, Rbm initial, BatchSource data, BatchSource labels, String stage,
                     TrainingOptions options) {
        Matrix heldOut = options.heldOutOn(backend);
        int width = initial == null ? data.cols() : initial.visible();
        if (data.matrix() != null) {
            DataChecks.check(backend, data.matrix(), width, domain(config), "training data");
        }
        if (heldOut != null) {
            DataChecks.check(backend, heldOut, width, domain(config), "held-out data");
        }
        int l = labels == null ? 0 : labels.cols();
        if (labels != null && labels.rows() != data.rows()) {
            throw new IllegalArgumentException(stage + ": " + labels.rows() + " label rows for " + data.rows()
                    + " training cases");
        }
        if (labels != null && heldOut != null) {
            throw new IllegalArgumentException(stage + ": held-out monitoring is not supported with label units");
        }
        if (initial != null && (initial.visible() != data.cols() || initial.hidden() != config.hidden()
                || initial.visibleUnits() != config.visibleUnits() || initial.labels() != l)) {
            throw new IllegalArgumentException(stage + ": the initial model is " + initial + " but the data has "
                    + data.cols() + " columns and the configuration asks for " + config.hidden() + " hidden "
                    + config.visibleUnits() + " units");
        }
        if (data.rows() < 1) {
            throw new IllegalArgumentException(stage + ": no training cases");
        }
        List<TrainingListener> listeners = options.listeners();
        Run run = new Run(config, data, labels, heldOut, listeners, stage, 0, true);
        run.initialise(initial);
        TrainingLoop.run(run, listeners, options.control());
        return run.model();
    }

    /**
     * One slice of a data-parallel run by parameter averaging (the {@code dbn-spark} module's
     * workers): the mini-batch steps of {@link #train(RbmConfig, Rbm, BatchSource, BatchSource, String,
     * TrainingOptions) train} on the cases of one slice, driven from outside. A run goes:
     * <ol>
     *   <li>every slice gives its {@link Slice#columnSums() column sums} and label counts, from which
     *       the caller forms the means and frequencies of all the data;</li>
     *   <li>every slice {@link Slice#start starts} from the same model, made from those;</li>
     *   <li>each round, every slice {@link Slice#run runs} some mini-batches, the caller averages the
     *       slices' {@linkplain Slice#saveShared shared states} (parameters, velocities, offsets and
     *       the learning rate) and {@linkplain Slice#load loads} the average into every slice, each of
     *       which keeps its {@linkplain Slice#saveOwn own state} (stream positions, persistent
     *       chains, its source's state).</li>
     * </ol>
     * A slice may be remade between the steps from the states it saved. Slice 0 draws from the
     * streams {@code train} draws from, so a run of one slice averaged after every epoch ends with
     * the model {@code train} gives, bit for bit; slice {@code i > 0} shuffles and samples from
     * streams of its own.
     *
     * @param index the slice's number, from 0
     */
    public Slice slice(RbmConfig config, BatchSource data, BatchSource labels, String stage, int index) {
        if (index < 0) {
            throw new IllegalArgumentException(stage + ": slice index " + index + " is negative");
        }
        if (labels != null && labels.rows() != data.rows()) {
            throw new IllegalArgumentException(stage + ": " + labels.rows() + " label rows for " + data.rows()
                    + " training cases");
        }
        return new Slice(new Run(config, data, labels, null, List.of(), stage, index, false));
    }

    /**
     * One slice of a data-parallel run; see {@link #slice}. Not thread-safe. Besides its states, a
     * slice needs the means of all the data: {@link #start} it before {@link #load} in every round
     * but the first, and after loading its own state in the first.
     */
    public final class Slice implements ParallelSlice {
        private final Run run;

        private Slice(Run run) {
            this.run = run;
        }

        /** The slice's mini-batches per epoch (the last one may be smaller). */
        @Override
        public int batches() {
            return run.batchCount();
        }

        /** The slice's cases. */
        public int rows() {
            return run.source.rows();
        }

        /** The column sums of the slice's cases, in the order the single-machine trainer sums them. */
        public double[] columnSums() {
            run.monitor();
            return StartingPoint.columnSums(backend, run.source);
        }

        /** How many of the slice's cases carry each label, or null without labels. */
        public double[] labelCounts() {
            return run.labels > 0 ? StartingPoint.labelCounts(backend, run.labelSource) : null;
        }

        /**
         * Makes the starting model from the column means and label frequencies of all the data
         * (the same on every slice), and the slice's persistent chains. A slice remade for a later
         * round starts from the same means, then {@linkplain #load loads} the round's states.
         */
        public void start(double[] means, double[] labelFrequencies) {
            if (means.length != run.visible) {
                throw new IllegalArgumentException(run.name() + ": " + means.length + " column means for "
                        + run.visible + " visible units");
            }
            run.initialise(null, means, labelFrequencies);
        }

        /**
         * Loads an averaged shared state, and the slice's own state when {@code own} is not null.
         * Before the first {@link #start}, a slice loads only its own state.
         */
        @Override
        public void load(TrainingState shared, TrainingState own) {
            if (shared != null) {
                run.engine.load(shared);
                run.update.load(shared);
                run.setRate(shared.getDouble("lr"));
            }
            if (own != null) {
                if (run.config.persistent() && own.has("chainV")) {
                    if (run.chainV == null) {
                        throw own.problem("it holds persistent chains, but the slice has not started");
                    }
                    own.get("chainV", backend, run.chainV);
                    if (run.labels > 0) {
                        own.get("chainL", backend, run.chainL);
                    }
                }
                run.init.seek(own.getLong("rng/init"));
                run.sampling.seek(own.getLong("rng/sampling"));
                run.monitorRng.seek(own.getLong("rng/monitor"));
                run.source.loadState(own.scoped("source"));
                if (run.labelSource != null) {
                    run.labelSource.loadState(own.scoped("labelSource"));
                }
            }
        }

        /**
         * Runs mini-batches {@code first .. first + count - 1} of {@code epoch} (from 0) on the slice's
         * cases, in the epoch's order, and returns their summed reconstruction cost.
         *
         * @throws TrainingDivergedException naming the epoch and batch where a value became non-finite
         */
        @Override
        public double run(int epoch, int first, int count) {
            return run.runBatches(epoch, first, count);
        }

        @Override
        public double[] costs() {
            return run.costSums();
        }

        /** Writes the state that slices average: parameters, velocities, offsets, the learning rate. */
        @Override
        public void saveShared(TrainingState s) {
            run.engine.save(s);
            run.update.save(s);
            s.putDouble("lr", run.rate());
        }

        /** Writes the slice's own state: stream positions, persistent chains, its sources' states. */
        @Override
        public void saveOwn(TrainingState s) {
            if (run.config.persistent() && run.chainV != null) {
                s.put("chainV", backend, run.chainV);
                if (run.labels > 0) {
                    s.put("chainL", backend, run.chainL);
                }
            }
            s.putLong("rng/init", run.init.position()).putLong("rng/sampling", run.sampling.position())
                    .putLong("rng/monitor", run.monitorRng.position());
            run.source.saveState(s.scoped("source"));
            if (run.labelSource != null) {
                run.labelSource.saveState(s.scoped("labelSource"));
            }
        }

        /**
         * The metrics of an epoch on this slice's first cases (a driver's sample), as
         * {@code train} reports them, for a mean reconstruction cost per case measured elsewhere.
         */
        public EpochMetrics metrics(int epoch, double costPerCase, double seconds) {
            return run.monitor().metrics(epoch, costPerCase, run.config.momentum(epoch), seconds);
        }

        /** The health checks of {@code train} on this slice's first cases. */
        public List<TrainingWarning> health(int epoch) {
            return run.monitor().health(epoch + 1);
        }

        /** The model as it stands. */
        public Rbm model() {
            return run.model();
        }
    }

    /**
     * The reconstruction cost per case of a model that knows only each unit's mean over the rows:
     * {@link LearningHealth#bernoulliNoInformationCost} for Bernoulli units, half the summed
     * variances for Gaussian units.
     */
    static double noInformationCost(double[] rows, int n, int width, VisibleUnits units) {
        double[] mean = new double[width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                mean[j] += rows[i * width + j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= n;
        }
        if (units == VisibleUnits.BERNOULLI) {
            return LearningHealth.bernoulliNoInformationCost(mean);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                double d = rows[i * width + j] - mean[j];
                total += d * d;
            }
        }
        return total / (2.0 * n);
    }

    static DataChecks.Domain domain(RbmConfig config) {
        if (config.visibleUnits() == VisibleUnits.GAUSSIAN) {
            return DataChecks.Domain.REAL;
        }
        return config.strictBinary() ? DataChecks.Domain.BINARY : DataChecks.Domain.UNIT_INTERVAL;
    }

    /** Buffers of one mini-batch size, allocated once and reused by every batch of that size. */
    private final class BatchBuffers {
        final Matrix v0;
        final Matrix ph0;
        final Matrix h0;
        final Matrix x1;
        final Matrix vm;
        final Matrix vs;
        final Matrix phk;
        final Matrix hk;
        final Matrix l0;
        final Matrix lm;
        final Matrix ls;
        final Matrix ones;

        BatchBuffers(int rows, int visible, int hidden, int labels) {
            v0 = backend.create(rows, visible);
            ph0 = backend.create(rows, hidden);
            h0 = backend.create(rows, hidden);
            x1 = backend.create(rows, visible);
            vm = backend.create(rows, visible);
            vs = backend.create(rows, visible);
            phk = backend.create(rows, hidden);
            hk = backend.create(rows, hidden);
            l0 = labels > 0 ? backend.create(rows, labels) : null;
            lm = labels > 0 ? backend.create(rows, labels) : null;
            ls = labels > 0 ? backend.create(rows, labels) : null;
            ones = backend.create(1, rows);
            backend.fill(ones, 1.0);
        }
    }

    /** One training call: its state, buffers and random streams. */
    private final class Run extends TrainingLoop.MiniBatchStage {
        final RbmConfig config;
        final BatchSource source;
        final BatchSource labelSource;
        final int labels;
        final List<TrainingListener> listeners;
        final int visible;
        final int hidden;
        final RbmEngine engine;
        final RandomCursor init;
        final RandomStream shuffle;
        final RandomCursor sampling;
        final RbmUpdate update; // velocities, offsets and the parameter step
        final Matrix heldOut;
        final RandomCursor monitorRng;
        private RbmMonitor watch; // metrics and health checks of every epoch, made on first use
        BatchBuffers full;
        BatchBuffers tail;
        // PCD state
        Matrix chainV;
        Matrix chainPh;
        Matrix chainH;
        Matrix chainVm;
        Matrix chainL;
        Matrix chainLp;
        Matrix chainOnes;
        // loop state
        int epoch;       // the epoch of the schedule (its weight rate comes from lr, which a halving or a load may change)
        int steps;       // this epoch's Gibbs steps
        int[] order;
        final Workspace work = new Workspace(backend);
        double momentum;
        double previous = Double.NaN;
        boolean converged;

        final int index;

        /**
         * A run; {@code index} > 0 gives slice {@code index} of a data-parallel run its own shuffling
         * and sampling streams; {@code monitorNow} reads the monitored cases at once (a whole run),
         * else on first use.
         */
        Run(RbmConfig config, BatchSource source, BatchSource labelSource, Matrix heldOut,
            List<TrainingListener> listeners, String stage, int index, boolean monitorNow) {
            super(stage, config.epochs(), source.rows(), config.batchSize(), config.learningRate());
            this.config = config;
            this.source = source;
            this.labelSource = labelSource;
            this.labels = labelSource == null ? 0 : labelSource.cols();
            this.listeners = listeners;
            this.visible = source.cols();
            this.hidden = config.hidden();
            this.engine = RbmEngine.zeros(backend, config.visibleUnits(), visible, hidden, labels);
            RandomStream root = RandomStream.of(config.seed());
            this.init = new RandomCursor(root.split(1));
            this.index = index;
            this.shuffle = index == 0 ? root.split(2) : root.split(2).split(index);
            this.sampling = new RandomCursor(index == 0 ? root.split(3) : root.split(3).split(index));
            this.update = new RbmUpdate(backend, engine, config, visible, hidden, labels);
            this.heldOut = heldOut;
            this.monitorRng = new RandomCursor(root.split(4));
            if (monitorNow) {
                monitor(); // reads the first cases, before the starting point is computed
            }
        }

        void initialise(Rbm initial) {
            initialise(initial, StartingPoint.columnMeans(backend, source),
                    labels > 0 ? StartingPoint.labelFrequencies(backend, labelSource) : null);
        }

        /** The starting point from the data's column means and label frequencies (of all slices). */
        void initialise(Rbm initial, double[] means, double[] labelFrequencies) {
            update.start(means, labelFrequencies);
            if (initial != null) {
                backend.set(engine.weights, initial.weights());
                backend.set(engine.visibleBias, initial.visibleBias());
                backend.set(engine.hiddenBias, initial.hiddenBias());
                if (labels > 0) {
                    backend.set(engine.labelWeights, initial.labelWeights());
                    backend.set(engine.labelBias, initial.labelBias());
                }
            } else {
                backend.fillGaussian(init.stream(), init.take(engine.weights.size()), engine.weights);
                backend.scale(config.initialWeightStd(), engine.weights, engine.weights);
                if (!config.zeroInitialBiases()) {
                    backend.set(engine.visibleBias, StartingPoint.visibleBias(config.visibleUnits(), means));
                }
                if (labels > 0) {
                    backend.fillGaussian(init.stream(), init.take(engine.labelWeights.size()), engine.labelWeights);
                    backend.scale(config.initialWeightStd(), engine.labelWeights, engine.labelWeights);
                    if (!config.zeroInitialBiases()) {
                        backend.set(engine.labelBias, StartingPoint.labelBias(labelFrequencies));
                    }
                }
            }
            if (config.persistent()) {
                int p = config.persistentChains();
                chainV = backend.create(p, visible);
                chainPh = backend.create(p, hidden);
                chainH = backend.create(p, hidden);
                chainVm = backend.create(p, visible);
                chainOnes = backend.create(1, p);
                backend.fill(chainOnes, 1.0);
                // start the fantasy particles from the visible biases alone: v ~ p(v | h = 0); the
                // slices of a data-parallel run other than the first draw theirs from their own stream
                RandomCursor chains = index == 0 ? init : sampling;
                backend.fill(chainH, 0.0);
                engine.visibleMeans(chainH, chainVm);
                engine.sampleVisible(chainVm, chains, chainV);
                if (labels > 0) {
                    chainL = backend.create(p, labels);
                    chainLp = backend.create(p, labels);
                    engine.labelProbabilities(chainH, chainLp);
                    engine.sampleLabels(chainLp, chains, chainL);
                }
            }
        }

        @Override
        public void beginEpoch(int epoch) {
            schedule(epoch);
            clearCosts();
        }

        /** The epoch's order of cases, momentum and Gibbs steps, and the epoch its weight rate is for. */
        void schedule(int epoch) {
            order = config.fixedBatches() ? work.identity(source.rows())
                    : shuffle.permutation(source.rows(), (long) epoch * source.rows());
            momentum = config.momentum(epoch);
            steps = config.cdSteps(epoch);
            this.epoch = epoch;
        }

        @Override
        public String batch(int epoch, int b) {
            int start = b * config.batchSize();
            int rows = Math.min(config.batchSize(), source.rows() - start);
            BatchBuffers buf = buffers(rows);
            source.fill(order, start, buf.v0);
            if (labels > 0) {
                labelSource.fill(order, start, buf.l0);
            }
            double cost = step(buf, momentum);
            costs[0] += cost;
            // a non-finite weight makes the next batch's cost non-finite; the full check of W runs per epoch
            if (!Double.isFinite(cost)) {
                return "the reconstruction cost";
            }
            return biasesFinite() ? null : "a bias";
        }

        @Override
        public String checkEpoch() {
            return engine.isFinite() ? null : "a weight";
        }

        @Override
        public EpochMetrics endEpoch(int epoch, double seconds) {
            double cost = costs[0] / source.rows();
            EpochMetrics metrics = monitor().metrics(epoch, cost, momentum, seconds);
            // the epoch's metrics reach the listeners; nothing is logged on a healthy run
            converged = config.tolerance() > 0 && Math.abs(cost - previous) < config.tolerance();
            if (converged) {
                Log.LOG.debug("{}: cost changed by less than {} after epoch {}; stopping", name(), config.tolerance(),
                        epoch + 1);
            }
            previous = cost;
            return metrics;
        }

        @Override
        public boolean finished() {
            return converged;
        }

        @Override
        public List<TrainingWarning> health(EpochMetrics metrics) {
            return monitor().health(metrics.epoch());
        }

        @Override
        public void save(TrainingState s) {
            engine.save(s);
            update.save(s);
            if (config.persistent()) {
                s.put("chainV", backend, chainV);
                if (labels > 0) {
                    s.put("chainL", backend, chainL);
                }
            }
            s.putLong("rng/init", init.position()).putLong("rng/sampling", sampling.position())
                    .putLong("rng/monitor", monitorRng.position());
            saveProgress(s);
            s.putDouble("previous", previous);
            source.saveState(s.scoped("source"));
            if (labelSource != null) {
                labelSource.saveState(s.scoped("labelSource"));
            }
        }

        @Override
        public void load(TrainingState s) {
            engine.load(s);
            update.load(s);
            if (config.persistent()) {
                s.get("chainV", backend, chainV);
                if (labels > 0) {
                    s.get("chainL", backend, chainL);
                }
            }
            init.seek(s.getLong("rng/init"));
            sampling.seek(s.getLong("rng/sampling"));
            monitorRng.seek(s.getLong("rng/monitor"));
            loadProgress(s);
            previous = s.getDouble("previous");
            source.loadState(s.scoped("source"));
            if (labelSource != null) {
                labelSource.loadState(s.scoped("labelSource"));
            }
        }

        @Override
        public Rbm model() {
            return engine.toRbm(lr == config.learningRate() ? config : config.withLearningRate(lr));
        }

        double rate() {
            return lr;
        }

        void setRate(double rate) {
            lr = rate;
        }

        RbmMonitor monitor() {
            if (watch == null) {
                watch = new RbmMonitor(backend, engine, config, name(), source, labelSource, heldOut, monitorRng);
            }
            return watch;
        }

        boolean biasesFinite() {
            return backend.isFinite(engine.visibleBias) && backend.isFinite(engine.hiddenBias)
                    && (labels == 0 || backend.isFinite(engine.labelBias));
        }

        BatchBuffers buffers(int rows) {
            if (rows == config.batchSize()) {
                if (full == null) {
                    full = new BatchBuffers(rows, visible, hidden, labels);
                }
                return full;
            }
            if (tail == null || tail.v0.rows() != rows) {
                tail = new BatchBuffers(rows, visible, hidden, labels);
            }
            return tail;
        }

        /** One CD / PCD update from the mini-batch in {@code buf.v0}; returns its summed reconstruction cost. */
        double step(BatchBuffers buf, double momentum) {
            engine.hiddenProbabilities(buf.v0, buf.l0, buf.ph0);
            engine.sampleHidden(buf.ph0, sampling, buf.h0);
            engine.visibleInput(buf.h0, buf.x1);

            Matrix vNeg;
            Matrix lNeg;
            Matrix phNeg;
            double cost;
            if (!config.persistent()) {
                // CD-k from h0; the first visible means come from x1, with the cost, in one pass
                cost = engine.reconstructionCost(buf.v0, buf.x1, buf.vm);
                if (labels > 0) {
                    engine.labelProbabilities(buf.h0, buf.lm);
                }
                for (int s = 1; s < steps; s++) {
                    engine.sampleVisible(buf.vm, sampling, buf.vs);
                    if (labels > 0) {
                        engine.sampleLabels(buf.lm, sampling, buf.ls);
                    }
                    engine.hiddenProbabilities(buf.vs, buf.ls, buf.phk);
                    engine.sampleHidden(buf.phk, sampling, buf.hk);
                    engine.visibleMeans(buf.hk, buf.vm);
                    if (labels > 0) {
                        engine.labelProbabilities(buf.hk, buf.lm);
                    }
                }
                if (config.sampledNegative()) {
                    // the last visible states sampled too, and the negative statistics taken from them
                    engine.sampleVisible(buf.vm, sampling, buf.vs);
                    if (labels > 0) {
                        engine.sampleLabels(buf.lm, sampling, buf.ls);
                    }
                    vNeg = buf.vs;
                    lNeg = buf.ls;
                } else {
                    vNeg = buf.vm;
                    lNeg = buf.lm;
                }
                engine.hiddenProbabilities(vNeg, lNeg, buf.phk);
                phNeg = buf.phk;
            } else {
                cost = engine.reconstructionCost(buf.v0, buf.x1);
                for (int s = 0; s < steps; s++) {
                    engine.hiddenProbabilities(chainV, chainL, chainPh);
                    engine.sampleHidden(chainPh, sampling, chainH);
                    engine.visibleMeans(chainH, chainVm);
                    engine.sampleVisible(chainVm, sampling, chainV);
                    if (labels > 0) {
                        engine.labelProbabilities(chainH, chainLp);
                        engine.sampleLabels(chainLp, sampling, chainL);
                    }
                }
                engine.hiddenProbabilities(chainV, chainL, chainPh);
                vNeg = chainV;
                lNeg = chainL;
                phNeg = chainPh;
            }
            update.apply(buf.v0, buf.ph0, buf.l0, buf.ones, vNeg, lNeg, phNeg,
                    config.persistent() ? chainOnes : buf.ones, config.weightRate(lr, epoch), momentum);
            return cost;
        }
    }
}
