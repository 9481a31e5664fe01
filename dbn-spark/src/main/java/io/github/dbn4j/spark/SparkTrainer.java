package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains RBMs and pretrains DBNs on a Spark cluster by synchronous parameter averaging, with
 * dbn-core's own trainer on every executor.
 *
 * <p>Each non-empty partition of the data is a slice. A round: the driver broadcasts the averaged
 * parameters, momentum buffers and centering offsets; every slice runs the next
 * {@link SparkTrainingOptions#batchesPerRound() K} mini-batches of its own epoch
 * ({@link RbmTrainer#slice}); the results are averaged, weighted by the cases each slice saw, in
 * a fixed tree over the slice indices ({@code treeAggregate}), so the average does not depend on
 * the order tasks finish in. Each slice keeps its own random-stream positions and persistent chains
 * in the driver's state between rounds, so a retried task recomputes its result exactly, and the
 * model depends only on the seed, the data, the number of slices and K. An epoch is one pass of
 * the largest slice: {@code ceil(max batches / K)} rounds.
 *
 * <p>Greedy pretraining passes each slice's cases up through the trained lower layers on the
 * executor, batch by batch, as {@link io.github.dbn4j.core.dbn.DbnTrainer} does: no layer's
 * outputs are collected on the driver. With one slice and K a whole epoch, the model is the one the
 * single-machine trainer gives on the same backend, bit for bit.
 *
 * <p>The driver computes each epoch's metrics and health checks on the first 1,000 cases, as the
 * single-machine trainer does, and checkpoints its whole state to a Hadoop path every N rounds.
 */
public final class SparkTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    /** Checkpoints kept. */
    static final int KEEP = 2;

    private final JavaSparkContext sc;
    private Stats stats = Stats.NONE;
    private final List<Stats> layerStats = new ArrayList<>();

    /**
     * What the rounds of the last training call cost: the figures of docs/SCALING.md.
     *
     * @param rounds        rounds run
     * @param cases         training cases the slices went through
     * @param seconds       wall time of the rounds, from the broadcast to the averaged state
     * @param slowestTasks  the sum over rounds of the slowest slice's time for its batches and states
     * @param valuesDown    real values broadcast by the driver (each executor fetches them once a round)
     * @param valuesUp      real values the slices sent back
     */
    public record Stats(long rounds, long cases, double seconds, double slowestTasks, long valuesDown,
                        long valuesUp) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0);

        Stats plus(long cases, double seconds, double slowest, long down, long up) {
            return new Stats(rounds + 1, this.cases + cases, this.seconds + seconds, slowestTasks + slowest,
                    valuesDown + down, valuesUp + up);
        }

        /** Training cases per second of the rounds. */
        public double casesPerSecond() {
            return cases / seconds;
        }

        /** The share of a round's time not spent in its slowest task: scheduling, moving and averaging states. */
        public double overheadShare() {
            return 1 - slowestTasks / seconds;
        }
    }

    /** The cost of the rounds of the last {@link #trainRbm} or {@link #pretrain} call. */
    public Stats stats() {
        return stats;
    }

    /** The cost of the rounds of each layer trained by the last call (those it resumed past are absent). */
    public List<Stats> layerStats() {
        return List.copyOf(layerStats);
    }

    public SparkTrainer(JavaSparkContext sc) {
        if (sc == null) {
            throw new IllegalArgumentException("the Spark context is null");
        }
        this.sc = sc;
    }

    /**
     * Trains one RBM on the cases (with {@code classes} label units beside the visible units when
     * {@code classes > 0}).
     *
     * @throws IllegalArgumentException before any training for a case of the wrong width, a value
     *                                  outside the visible units' domain, a label outside
     *                                  {@code [0, classes)}, or no cases at all
     */
    public Rbm trainRbm(RbmConfig config, JavaRDD<Case> data, int classes, SparkTrainingOptions options) {
        stats = Stats.NONE;
        layerStats.clear();
        Run run = new Run(data, options, config.visibleUnits(), config.strictBinary(), classes);
        try {
            return run.layers(new DbnConfig(List.of(config), classes, false), "rbm").get(0);
        } finally {
            run.close();
        }
    }

    /**
     * Greedy layer-wise pretraining of a DBN; the top layer sees the labels when
     * {@code config.labels() > 0}. Checks as {@link #trainRbm}.
     *
     * @throws IllegalArgumentException for a configuration that samples the hidden states passed up
     *                                  (not supported on Spark)
     */
    public Dbn pretrain(DbnConfig config, JavaRDD<Case> data, SparkTrainingOptions options) {
        if (config.sampleUpward()) {
            throw new IllegalArgumentException("sampled upward passes are not supported on Spark: use hidden "
                    + "probabilities (DbnConfig.sampleUpward false)");
        }
        stats = Stats.NONE;
        layerStats.clear();
        RbmConfig first = config.layers().get(0);
        Run run = new Run(data, options, first.visibleUnits(), first.strictBinary(), config.labels());
        try {
            List<Rbm> rbms = run.layers(config, null);
            List<DirectedLayer> lower = new ArrayList<>();
            for (int i = 0; i < rbms.size() - 1; i++) {
                Rbm r = rbms.get(i);
                lower.add(new DirectedLayer(r.visible(), r.hidden(), r.weights(), r.hiddenBias(), r.weights(),
                        r.visibleBias()));
            }
            return new Dbn(first.visibleUnits(), run.layout.width, lower, rbms.get(rbms.size() - 1), null, config);
        } finally {
            run.close();
        }
    }

    /**
     * Back-propagation fine-tuning of {@code dbn} unrolled into a classifier of {@code classes}
     * outputs ({@link Dbn#unroll(int, long)} with the configuration's seed), as
     * {@link io.github.dbn4j.core.dbn.FineTuner} does on one machine; with validation cases (held
     * by the driver, so a set of a size one machine evaluates), the classifier of the lowest
     * validation error is kept and training stops after {@code config.patience()} epochs without
     * improvement.
     *
     * @param validation validation cases, or null
     * @throws IllegalArgumentException before any training for a case of the wrong width, a value
     *                                  that is not finite, or a label outside {@code [0, classes)}
     */
    public Dbn fineTune(Dbn dbn, int classes, FineTuneConfig config, JavaRDD<Case> data, List<Case> validation,
                        SparkTrainingOptions options) {
        stats = Stats.NONE;
        layerStats.clear();
        Run run = new Run(data, options, VisibleUnits.GAUSSIAN, false, classes);
        try {
            if (run.layout.width != dbn.inputs()) {
                throw new IllegalArgumentException("training data: cases of " + run.layout.width
                        + " values for a DBN of " + dbn.inputs() + " inputs");
            }
            FineTuneRounds rounds = new FineTuneRounds(run, new FineTuneSpec(dbn.unroll(classes, config.seed()),
                    config, options.backend(), options.precision()), validation);
            return dbn.withClassifier(rounds.train());
        } finally {
            run.close();
        }
    }

    /**
     * The up-down algorithm ({@link WakeSleepTrainer}) on {@code dbn}, from its pretrained (or
     * earlier fine-tuned) parameters, under the stage name {@code WakeSleepTrainer.STAGE}. With one
     * slice and a round per epoch it is {@code WakeSleepTrainer.train} bit for bit.
     *
     * @throws IllegalArgumentException before any training for a case of the wrong width, a value
     *                                  outside the input units' domain, or a label outside the
     *                                  DBN's label units
     */
    public Dbn upDown(Dbn dbn, WakeSleepConfig config, JavaRDD<Case> data, SparkTrainingOptions options) {
        stats = Stats.NONE;
        layerStats.clear();
        Run run = new Run(data, options, dbn.inputUnits(), false, dbn.labels());
        try {
            if (run.layout.width != dbn.inputs()) {
                throw new IllegalArgumentException("training data: cases of " + run.layout.width
                        + " values for a DBN of " + dbn.inputs() + " inputs");
            }
            Dbn trained = new WakeSleepRounds(run, new WakeSleepSpec(dbn, config, WakeSleepTrainer.STAGE,
                    options.backend(), options.precision())).train();
            return dbn.withLayers(trained.lower(), trained.top());
        } finally {
            run.close();
        }
    }

    /** One training call: the checked data and what every stage shares. */
    private final class Run {
        final SparkTrainingOptions options;
        final JavaRDD<Case> data;
        final boolean cached;
        final Layout layout;
        final Backend driverBackend;
        final HadoopCheckpoints checkpoints;
        final List<Case> sample;
        TrainingState resumed;

        Run(JavaRDD<Case> input, SparkTrainingOptions options, VisibleUnits units, boolean strict, int classes) {
            this.options = options;
            if (input == null) {
                throw new IllegalArgumentException("the training data is null");
            }
            this.cached = input.getStorageLevel().equals(StorageLevel.NONE());
            this.data = cached ? input.persist(StorageLevel.MEMORY_ONLY()) : input;
            this.layout = Layout.check(this.data, units, strict, classes);
            this.driverBackend = Backends.create(options.backend(), options.precision());
            this.checkpoints = options.checkpointDir() == null ? null
                    : new HadoopCheckpoints(sc.hadoopConfiguration(), options.checkpointDir(), KEEP);
            this.sample = data.take(RbmTrainer.MONITOR_ROWS);
            if (options.resume()) {
                resumed = checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                        "nothing to resume: no checkpoint in " + options.checkpointDir()));
                long slices = resumed.getLong("driver/slices");
                long k = resumed.getLong("driver/k");
                if (slices != layout.slices() || k != options.batchesPerRound()) {
                    throw resumed.problem("it was written by a run of " + slices + " slices and " + k
                            + " batches a round (0: an epoch); this run has " + layout.slices() + " and "
                            + options.batchesPerRound() + ": the same partitions and K are needed to continue it");
                }
            }
        }

        void close() {
            if (cached) {
                data.unpersist(false);
            }
        }

        /** Whether the checkpoint to resume from was written in {@code stage}. */
        boolean resumes(String stage) {
            return resumed != null && resumed.getText("driver/stage").equals(stage);
        }

        List<Rbm> layers(DbnConfig config, String singleStage) {
            List<Rbm> done = new ArrayList<>();
            int start = 0;
            if (resumed != null) {
                if (!resumed.getText("driver/stage").startsWith(singleStage != null ? singleStage : "layer")) {
                    throw resumed.problem("it was written in stage " + resumed.getText("driver/stage")
                            + ", not by this kind of training");
                }
                start = resumed.getInt("driver/layer", 0, config.layers().size() - 1);
                int visible = layout.width;
                for (int i = 0; i < start; i++) {
                    RbmConfig c = config.layers().get(i);
                    TrainingState l = resumed.scoped("layer" + (i + 1));
                    double lr = l.getDouble("lr");
                    done.add(new Rbm(c.visibleUnits(), visible, c.hidden(), l.values("W", visible * c.hidden()),
                            l.values("vbias", visible), l.values("hbias", c.hidden()),
                            lr == c.learningRate() ? c : c.withLearningRate(lr)));
                    visible = c.hidden();
                }
            }
            for (int i = start; i < config.layers().size(); i++) {
                boolean top = i == config.layers().size() - 1;
                String stage = singleStage != null ? singleStage : "layer" + (i + 1);
                LayerSpec spec = new LayerSpec(config.layers().get(i), stage, layout.width,
                        top ? config.labels() : 0, done, options.backend(), options.precision());
                done.add(new LayerRounds(this, spec, i, done).train());
            }
            return done;
        }
    }

    /**
     * The rounds of one stage: its averaged state, each slice's own state, the loop of rounds,
     * checkpoints and resuming; the stage's kind says how it starts and what ends an epoch.
     */
    private abstract class Rounds<M> {
        final Run run;
        final SliceSpec spec;
        final int epochs;
        final int slices;
        final int[] batches;
        final int k;
        final int roundsPerEpoch;
        final int batchSize;
        final long cases;
        /** The stage's specification, broadcast once for all its rounds. */
        final Broadcast<SliceSpec> specB;
        double[][] start;
        StateData shared;
        StateData[] own;
        long round;
        double[] epochCost;
        double previous = Double.NaN;
        long epochStart = System.nanoTime();

        Rounds(Run run, SliceSpec spec, int epochs, int batchSize) {
            this.run = run;
            this.spec = spec;
            this.epochs = epochs;
            this.slices = run.layout.slices();
            this.batches = new int[slices];
            int most = 0;
            for (int p = 0; p < slices; p++) {
                batches[p] = (run.layout.rows[p] + batchSize - 1) / batchSize;
                most = Math.max(most, batches[p]);
            }
            this.k = run.options.batchesPerRound() == 0 ? most : Math.min(run.options.batchesPerRound(), most);
            this.roundsPerEpoch = (most + k - 1) / k;
            this.batchSize = batchSize;
            this.cases = run.layout.total;
            this.specB = sc.broadcast(spec);
        }

        /** Before the first round: what the slices start from, and their first own states (none by default). */
        void begin() {
            own = new StateData[slices];
        }

        /** The driver's work after an epoch whose mean costs per case (one per kind) were {@code cost}; true to stop. */
        abstract boolean endEpoch(int epoch, double[] cost, double seconds);

        /** The stage's result from the averaged state. */
        abstract M result();

        /** Writes what the stage keeps on the driver besides the common state. */
        abstract void saveStage(TrainingState s);

        /** Restores what {@link #saveStage} wrote. */
        abstract void loadStage(TrainingState s);

        M train() {
            layerStats.add(Stats.NONE);
            try {
                return rounds();
            } finally {
                specB.destroy();
            }
        }

        private M rounds() {
            if (run.resumes(spec.stage())) {
                load(run.resumed);
            } else {
                begin();
                round = 0;
            }
            run.resumed = null;
            long total = (long) epochs * roundsPerEpoch;
            boolean stop = false;
            while (round < total && !stop) {
                int epoch = (int) (round / roundsPerEpoch);
                int j = (int) (round % roundsPerEpoch);
                if (j == 0) {
                    epochStart = System.nanoTime();
                    epochCost = null;
                }
                step(epoch, j);
                round++;
                for (TrainingListener l : run.options.listeners()) {
                    l.onBatch(spec.stage(), epoch + 1, j + 1, roundsPerEpoch);
                }
                if (j == roundsPerEpoch - 1) {
                    double[] cost = new double[epochCost.length];
                    for (int c = 0; c < cost.length; c++) {
                        cost[c] = epochCost[c] / cases;
                    }
                    stop = endEpoch(epoch, cost, (System.nanoTime() - epochStart) / 1e9);
                    previous = cost[0];
                }
                if (run.checkpoints != null && (round % run.options.checkpointEvery() == 0 || round == total
                        || stop)) {
                    run.checkpoints.write(save(stop ? total : round));
                }
            }
            return result();
        }

        /** One round: every slice's batches {@code j K ..} of {@code epoch}, then the weighted average. */
        void step(int epoch, int j) {
            int[] first = new int[slices];
            int[] count = new int[slices];
            double[] weight = new double[slices];
            long seen = 0;
            long[] seenBy = new long[slices];
            for (int p = 0; p < slices; p++) {
                first[p] = j * k;
                count[p] = Math.max(0, Math.min(k, batches[p] - first[p]));
                seenBy[p] = count[p] == 0 ? 0 : Math.min((long) run.layout.rows[p], (long) (first[p] + count[p])
                        * batchSize) - (long) first[p] * batchSize;
                seen += seenBy[p];
            }
            for (int p = 0; p < slices; p++) {
                weight[p] = seenBy[p] == 0 ? 0.0 : seenBy[p] == seen ? 1.0 : (double) seenBy[p] / seen;
            }
            long t0 = System.nanoTime();
            RoundInput in = new RoundInput(start, shared, own, epoch, first, count, weight, round,
                    run.options.faultRound, run.options.faultSlice);
            long down = shared == null ? 0 : shared.size();
            for (StateData o : own) {
                down += o == null ? 0 : o.size();
            }
            Broadcast<RoundInput> inB = sc.broadcast(in);
            Broadcast<SliceSpec> spB = specB;
            int[] slice = run.layout.slice;
            RoundSum sum = run.data.mapPartitionsWithIndex((partition, it) -> {
                int index = slice[partition];
                if (index < 0) {
                    return Collections.emptyIterator();
                }
                return List.of(inB.value().run(spB.value(), index, list(it))).iterator();
            }, true).treeAggregate(new RoundSum(slices), RoundSum::add, RoundSum::merge);
            inB.destroy();
            if (!sum.errors.isEmpty()) {
                Map.Entry<Integer, String> e = sum.errors.firstEntry();
                throw new TrainingDivergedException(spec.stage(), epoch + 1, j + 1, e.getValue() + " (slice "
                        + e.getKey() + ")", Double.NaN, null);
            }
            shared = RoundSum.unflatten(sum.layout, sum.shared.total());
            for (int p = 0; p < slices; p++) {
                own[p] = sum.own.get(p);
            }
            double[] costs = sum.extra.total();
            if (epochCost == null) {
                epochCost = costs;
            } else {
                for (int c = 0; c < costs.length; c++) {
                    epochCost[c] += costs[c];
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            stats = stats.plus(seen, seconds, sum.slowest, down, sum.valuesUp);
            layerStats.set(layerStats.size() - 1, layerStats.get(layerStats.size() - 1).plus(seen, seconds, sum.slowest,
                    down, sum.valuesUp));
        }

        /** Listeners get the metrics and warnings; true when one of them asks to stop. */
        boolean report(EpochMetrics metrics, List<TrainingWarning> warnings) {
            boolean stop = false;
            for (TrainingListener l : run.options.listeners()) {
                if (l.onEpoch(metrics) == TrainingListener.Decision.STOP) {
                    stop = true;
                }
            }
            for (TrainingWarning w : warnings) {
                LOG.warn("{}", w);
                for (TrainingListener l : run.options.listeners()) {
                    l.onWarning(w);
                }
            }
            return stop;
        }

        TrainingState save(long nextRound) {
            TrainingState s = new TrainingState();
            s.putText("driver/stage", spec.stage());
            s.putLong("driver/slices", slices).putLong("driver/k", run.options.batchesPerRound())
                    .putLong("driver/round", nextRound).putDouble("driver/previous", previous);
            if (epochCost != null) {
                s.putArray("driver/epochCost", epochCost, epochCost.length);
            }
            if (start != null) {
                for (int i = 0; i < start.length; i++) {
                    if (start[i] != null) {
                        s.putArray("driver/start" + i, start[i], start[i].length);
                    }
                }
            }
            if (shared != null) {
                s.scoped("shared").putAll(shared.toState("shared"));
            }
            for (int p = 0; p < slices; p++) {
                if (own[p] != null) {
                    s.scoped("slice" + p).putAll(own[p].toState("slice"));
                }
            }
            saveStage(s);
            return s;
        }

        void load(TrainingState s) {
            round = s.getLong("driver/round");
            epochCost = s.has("driver/epochCost") ? s.array("driver/epochCost").values() : null;
            previous = s.getDouble("driver/previous");
            shared = s.hasScope("shared") ? StateData.of(s.scoped("shared").copy()) : null;
            own = new StateData[slices];
            for (int p = 0; p < slices; p++) {
                own[p] = s.hasScope("slice" + p) ? StateData.of(s.scoped("slice" + p).copy()) : null;
            }
            loadStage(s);
        }
    }

    /** One layer's pretraining: the column-sums job first, the RBM's metrics on the driver's sample. */
    private final class LayerRounds extends Rounds<Rbm> {
        final LayerSpec layer;
        final int index;
        final List<Rbm> below;
        final RbmTrainer.Slice monitor;

        LayerRounds(Run run, LayerSpec spec, int index, List<Rbm> below) {
            super(run, spec, spec.config.epochs(), spec.config.batchSize());
            this.layer = spec;
            this.index = index;
            this.below = List.copyOf(below);
            this.monitor = spec.rbmSlice(run.driverBackend, run.sample, 0);
        }

        int visible() {
            return index == 0 ? run.layout.width : below.get(below.size() - 1).hidden();
        }

        /** The column sums and label counts of every slice, and the starting point made from them. */
        @Override
        void begin() {
            Broadcast<SliceSpec> spB = specB;
            int[] slice = run.layout.slice;
            RoundSum sum = run.data.mapPartitionsWithIndex((partition, it) -> {
                int index = slice[partition];
                if (index < 0) {
                    return Collections.emptyIterator();
                }
                LayerSpec s = (LayerSpec) spB.value();
                RbmTrainer.Slice sl = s.rbmSlice(s.executorBackend(), list(it), index);
                double[] sums = sl.columnSums();
                double[] counts = sl.labelCounts();
                double[] extra = new double[sums.length + (counts == null ? 0 : counts.length) + 1];
                System.arraycopy(sums, 0, extra, 0, sums.length);
                if (counts != null) {
                    System.arraycopy(counts, 0, extra, sums.length, counts.length);
                }
                TrainingState own = new TrainingState();
                sl.saveOwn(own);
                return List.of(new RoundSum.Part(index, null, extra, StateData.of(own), null, null, 0)).iterator();
            }, true).treeAggregate(new RoundSum(slices), RoundSum::add, RoundSum::merge);
            double[] extra = sum.extra.total();
            double[] means = new double[visible()];
            for (int j = 0; j < means.length; j++) {
                means[j] = extra[j] / cases;
            }
            double[] frequencies = null;
            if (layer.classes > 0) {
                frequencies = new double[layer.classes];
                for (int j = 0; j < layer.classes; j++) {
                    frequencies[j] = extra[means.length + j] / cases;
                }
            }
            start = new double[][] {means, frequencies};
            own = new StateData[slices];
            for (int p = 0; p < slices; p++) {
                own[p] = sum.own.get(p);
            }
            monitor.start(means, frequencies);
        }

        @Override
        boolean endEpoch(int epoch, double[] cost, double seconds) {
            monitor.load(shared.toState(spec.stage()), null);
            EpochMetrics metrics = monitor.metrics(epoch, cost[0], seconds);
            boolean stop = report(metrics, monitor.health(epoch));
            return stop || layer.config.tolerance() > 0 && Math.abs(cost[0] - previous) < layer.config.tolerance();
        }

        @Override
        Rbm result() {
            monitor.load(shared.toState(spec.stage()), null);
            return monitor.model();
        }

        @Override
        void saveStage(TrainingState s) {
            s.putLong("driver/layer", index);
            for (int i = 0; i < below.size(); i++) {
                Rbm r = below.get(i);
                s.scoped("layer" + (i + 1)).putArray("W", r.weights(), r.visible(), r.hidden())
                        .putArray("vbias", r.visibleBias(), r.visible()).putArray("hbias", r.hiddenBias(), r.hidden())
                        .putDouble("lr", r.config().map(RbmConfig::learningRate).orElse(Double.NaN));
            }
            TrainingState m = new TrainingState();
            monitor.saveOwn(m);
            s.scoped("monitor").putAll(m);
        }

        @Override
        void loadStage(TrainingState s) {
            double[] means = s.values("driver/start0", visible());
            double[] frequencies = layer.classes > 0 ? s.values("driver/start1", layer.classes) : null;
            start = new double[][] {means, frequencies};
            monitor.start(means, frequencies);
            monitor.load(shared == null ? null : shared.toState(spec.stage()), s.scoped("monitor").copy());
        }
    }

    /** Back-propagation fine-tuning: validation, the best model and patience on the driver. */
    private final class FineTuneRounds extends Rounds<Classifier> {
        final FineTuneSpec tune;
        final FineTuner.Slice monitor;

        FineTuneRounds(Run run, FineTuneSpec spec, List<Case> validation) {
            super(run, spec, spec.config.epochs(), spec.config.batchSize());
            this.tune = spec;
            Backend b = run.driverBackend;
            Matrix xVal = null;
            int[] yVal = null;
            if (validation != null && !validation.isEmpty()) {
                int width = spec.sizes[0];
                double[] v = new double[validation.size() * width];
                yVal = new int[validation.size()];
                for (int i = 0; i < validation.size(); i++) {
                    Case c = validation.get(i);
                    if (c.values() == null || c.values().length != width) {
                        throw new IllegalArgumentException("validation case " + i + ": "
                                + (c.values() == null ? "no values" : c.values().length + " values") + ", the DBN has "
                                + width + " inputs");
                    }
                    System.arraycopy(c.values(), 0, v, i * width, width);
                    yVal[i] = c.label();
                }
                xVal = b.create(validation.size(), width);
                b.set(xVal, v);
            }
            this.monitor = new FineTuner(b).slice(spec.initial(), spec.config,
                    CaseSource.values(b, run.sample, spec.sizes[0]),
                    CaseSource.labels(b, run.sample, spec.sizes[spec.sizes.length - 1]), xVal, yVal, 0);
        }

        @Override
        boolean endEpoch(int epoch, double[] cost, double seconds) {
            monitor.load(shared.toState(spec.stage()), null);
            EpochMetrics metrics = monitor.metrics(epoch, cost[0], seconds);
            return report(metrics, monitor.health(metrics)) || monitor.finished();
        }

        @Override
        Classifier result() {
            if (shared != null) {
                monitor.load(shared.toState(spec.stage()), null);
            }
            return monitor.model();
        }

        @Override
        void saveStage(TrainingState s) {
            // the best model so far is kept by the driver's slice: keep its parameters and the patience count
            TrainingState m = new TrainingState();
            monitor.saveBest(m);
            s.scoped("monitor").putAll(m);
        }

        @Override
        void loadStage(TrainingState s) {
            if (shared != null) {
                monitor.load(shared.toState(spec.stage()), null);
            }
            monitor.loadBest(s.scoped("monitor").copy());
        }
    }

    /** Up-down: the wake, sleep and top-level costs and the learning checks, reported by the driver. */
    private final class WakeSleepRounds extends Rounds<Dbn> {
        final WakeSleepSpec ws;
        final WakeSleepTrainer.Slice monitor;

        WakeSleepRounds(Run run, WakeSleepSpec spec) {
            super(run, spec, spec.config.epochs(), spec.config.batchSize());
            this.ws = spec;
            Backend b = run.driverBackend;
            this.monitor = new WakeSleepTrainer(b).slice(spec.dbn(), spec.config,
                    CaseSource.values(b, run.sample, spec.inputs),
                    spec.labels > 0 ? CaseSource.labels(b, run.sample, spec.labels) : null, spec.stage(), 0);
        }

        @Override
        boolean endEpoch(int epoch, double[] cost, double seconds) {
            monitor.load(shared.toState(spec.stage()), null);
            EpochMetrics metrics = monitor.metrics(epoch, cost, seconds);
            return report(metrics, monitor.health(metrics));
        }

        @Override
        Dbn result() {
            if (shared != null) {
                monitor.load(shared.toState(spec.stage()), null);
            }
            return monitor.model();
        }

        @Override
        void saveStage(TrainingState s) {
        }

        @Override
        void loadStage(TrainingState s) {
        }
    }

    /** What a round's tasks read: the starting point, the averaged state, and each slice's own state and batches. */
    static final class RoundInput implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final double[][] start;
        final StateData shared;
        final StateData[] own;
        final int epoch;
        final int[] first;
        final int[] count;
        final double[] weight;
        final long round;
        final int faultRound;
        final int faultSlice;

        RoundInput(double[][] start, StateData shared, StateData[] own, int epoch, int[] first, int[] count,
                   double[] weight, long round, int faultRound, int faultSlice) {
            this.start = start;
            this.shared = shared;
            this.own = own;
            this.epoch = epoch;
            this.first = first;
            this.count = count;
            this.weight = weight;
            this.round = round;
            this.faultRound = faultRound;
            this.faultSlice = faultSlice;
        }

        /** Slice {@code index}'s batches of the round, from the broadcast stage and state alone. */
        RoundSum.Part run(SliceSpec spec, int index, List<Case> cases) {
            long t0 = System.nanoTime();
            TaskContext task = TaskContext.get();
            if (round == faultRound && index == faultSlice && task != null && task.attemptNumber() == 0) {
                throw new IllegalStateException("a fault injected into round " + round + ", slice " + index);
            }
            ParallelSlice slice = spec.slice(spec.executorBackend(), cases, index, start);
            slice.load(shared == null ? null : shared.toState("the averaged state"),
                    own[index] == null ? null : own[index].toState("slice " + index));
            try {
                slice.run(epoch, first[index], count[index]);
            } catch (TrainingDivergedException e) {
                return new RoundSum.Part(index, null, new double[] {0}, null, null, e.getMessage(), 0);
            }
            TrainingState sharedOut = new TrainingState();
            slice.saveShared(sharedOut);
            TrainingState ownOut = new TrainingState();
            slice.saveOwn(ownOut);
            StateData s = StateData.of(sharedOut);
            return new RoundSum.Part(index, RoundSum.flatten(s, weight[index]), slice.costs(),
                    StateData.of(ownOut), RoundSum.layoutOf(s), null, (System.nanoTime() - t0) / 1e9);
        }
    }

    static List<Case> list(Iterator<Case> it) {
        List<Case> cases = new ArrayList<>();
        it.forEachRemaining(cases::add);
        return cases;
    }
}
