package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
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
        DbnConfig one = new DbnConfig(List.of(config), classes, false);
        stats = Stats.NONE;
        layerStats.clear();
        Run run = new Run(one, data, options, "rbm");
        try {
            return run.layers().get(0);
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
        Run run = new Run(config, data, options, null);
        try {
            List<Rbm> rbms = run.layers();
            List<DirectedLayer> lower = new ArrayList<>();
            for (int i = 0; i < rbms.size() - 1; i++) {
                Rbm r = rbms.get(i);
                lower.add(new DirectedLayer(r.visible(), r.hidden(), r.weights(), r.hiddenBias(), r.weights(),
                        r.visibleBias()));
            }
            return new Dbn(config.layers().get(0).visibleUnits(), run.width, lower, rbms.get(rbms.size() - 1),
                    null, config);
        } finally {
            run.close();
        }
    }

    /** One training call: the checked data, the slices and the driver's state. */
    private final class Run {
        final DbnConfig config;
        final SparkTrainingOptions options;
        final String singleStage;
        final JavaRDD<Case> data;
        final boolean cached;
        final Layout layout;
        final int width;
        final Backend driverBackend;
        final HadoopCheckpoints checkpoints;
        final List<Case> sample;
        TrainingState resumed;

        Run(DbnConfig config, JavaRDD<Case> input, SparkTrainingOptions options, String singleStage) {
            this.config = config;
            this.options = options;
            this.singleStage = singleStage;
            if (input == null) {
                throw new IllegalArgumentException("the training data is null");
            }
            this.cached = input.getStorageLevel().equals(StorageLevel.NONE());
            this.data = cached ? input.persist(StorageLevel.MEMORY_ONLY()) : input;
            RbmConfig first = config.layers().get(0);
            this.layout = Layout.check(this.data, first, config.labels());
            this.width = layout.width;
            this.driverBackend = Backends.create(options.backend(), options.precision());
            this.checkpoints = options.checkpointDir() == null ? null
                    : new HadoopCheckpoints(sc.hadoopConfiguration(), options.checkpointDir(), KEEP);
            this.sample = data.take(RbmTrainer.MONITOR_ROWS);
            if (options.resume()) {
                resumed = checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                        "nothing to resume: no checkpoint in " + options.checkpointDir()));
                check(resumed);
            }
        }

        void close() {
            if (cached) {
                data.unpersist(false);
            }
        }

        void check(TrainingState s) {
            long slices = s.getLong("driver/slices");
            long k = s.getLong("driver/k");
            if (slices != layout.slices() || k != options.batchesPerRound()) {
                throw s.problem("it was written by a run of " + slices + " slices and " + k + " batches a round "
                        + "(0: an epoch); this run has " + layout.slices() + " and " + options.batchesPerRound()
                        + ": the same partitions and K are needed to continue it");
            }
        }

        List<Rbm> layers() {
            List<Rbm> done = new ArrayList<>();
            int start = 0;
            if (resumed != null) {
                start = resumed.getInt("driver/layer", 0, config.layers().size() - 1);
                for (int i = 0; i < start; i++) {
                    done.add(finished(resumed.scoped("layer" + (i + 1)), config.layers().get(i),
                            i == 0 ? width : config.layers().get(i - 1).hidden()));
                }
            }
            for (int i = start; i < config.layers().size(); i++) {
                boolean top = i == config.layers().size() - 1;
                String stage = singleStage != null ? singleStage : "layer" + (i + 1);
                LayerSpec spec = new LayerSpec(config.layers().get(i), stage, width, top ? config.labels() : 0,
                        done, options.backend(), options.precision());
                done.add(new LayerRun(this, spec, i, done).train());
                resumed = null;
            }
            return done;
        }

        Rbm finished(TrainingState l, RbmConfig c, int visible) {
            int hidden = c.hidden();
            double lr = l.getDouble("lr");
            return new Rbm(c.visibleUnits(), visible, hidden, l.values("W", visible * hidden),
                    l.values("vbias", visible), l.values("hbias", hidden),
                    lr == c.learningRate() ? c : c.withLearningRate(lr));
        }
    }

    /** The training of one layer: its rounds, its averaged state and each slice's own state. */
    private final class LayerRun {
        final Run run;
        final LayerSpec spec;
        final int layer;
        final List<Rbm> below;
        final int slices;
        final int[] batches;
        final int k;
        final int roundsPerEpoch;
        final long cases;
        final RbmTrainer.Slice monitor;
        /** The layer's specification, broadcast once for all its rounds. */
        final Broadcast<LayerSpec> specB;
        double[] means;
        double[] frequencies;
        StateData shared;
        StateData[] own;
        long round;
        double epochCost;
        double previous = Double.NaN;
        long epochStart = System.nanoTime();

        LayerRun(Run run, LayerSpec spec, int layer, List<Rbm> below) {
            this.run = run;
            this.spec = spec;
            this.layer = layer;
            this.below = List.copyOf(below);
            this.slices = run.layout.slices();
            this.batches = new int[slices];
            int most = 0;
            for (int p = 0; p < slices; p++) {
                batches[p] = (run.layout.rows[p] + spec.config.batchSize() - 1) / spec.config.batchSize();
                most = Math.max(most, batches[p]);
            }
            this.k = run.options.batchesPerRound() == 0 ? most : Math.min(run.options.batchesPerRound(), most);
            this.roundsPerEpoch = (most + k - 1) / k;
            this.cases = run.layout.total;
            this.monitor = spec.slice(run.driverBackend, run.sample, 0);
            this.specB = sc.broadcast(spec);
        }

        Rbm train() {
            layerStats.add(Stats.NONE);
            try {
                return rounds();
            } finally {
                specB.destroy();
            }
        }

        private Rbm rounds() {
            if (run.resumed != null && run.resumed.getLong("driver/layer") == layer) {
                load(run.resumed);
            } else {
                begin();
            }
            long rounds = (long) spec.config.epochs() * roundsPerEpoch;
            boolean stop = false;
            while (round < rounds && !stop) {
                int epoch = (int) (round / roundsPerEpoch);
                int j = (int) (round % roundsPerEpoch);
                if (j == 0) {
                    epochStart = System.nanoTime();
                    epochCost = 0;
                }
                step(epoch, j);
                round++;
                for (TrainingListener l : run.options.listeners()) {
                    l.onBatch(spec.stage, epoch + 1, j + 1, roundsPerEpoch);
                }
                if (j == roundsPerEpoch - 1) {
                    stop = endEpoch(epoch);
                }
                if (run.checkpoints != null && (round % run.options.checkpointEvery() == 0 || round == rounds
                        || stop)) {
                    run.checkpoints.write(save(stop ? rounds : round));
                }
            }
            monitor.load(shared.toState(spec.stage), null);
            return monitor.model();
        }

        /** The column sums and label counts of every slice, and the starting point made from them. */
        void begin() {
            Broadcast<LayerSpec> specB = this.specB;
            int[] slice = run.layout.slice;
            RoundSum sum = run.data.mapPartitionsWithIndex((partition, it) -> {
                int index = slice[partition];
                if (index < 0) {
                    return Collections.emptyIterator();
                }
                List<Case> cases = list(it);
                LayerSpec s = specB.value();
                Backend backend = ExecutorBackends.get(s.backend, s.precision);
                RbmTrainer.Slice sl = s.slice(backend, cases, index);
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
            int visible = layer == 0 ? run.width : below.get(below.size() - 1).hidden();
            means = new double[visible];
            for (int j = 0; j < visible; j++) {
                means[j] = extra[j] / cases;
            }
            if (spec.classes > 0) {
                frequencies = new double[spec.classes];
                for (int j = 0; j < spec.classes; j++) {
                    frequencies[j] = extra[visible + j] / cases;
                }
            }
            own = new StateData[slices];
            for (int p = 0; p < slices; p++) {
                own[p] = sum.own.get(p);
            }
            monitor.start(means, frequencies);
            round = 0;
        }

        /** One round: every slice's batches {@code j K ..} of {@code epoch}, then the weighted average. */
        void step(int epoch, int j) {
            int[] first = new int[slices];
            int[] count = new int[slices];
            double[] weight = new double[slices];
            long seen = 0;
            long[] seenBy = new long[slices];
            int b = spec.config.batchSize();
            for (int p = 0; p < slices; p++) {
                first[p] = j * k;
                count[p] = Math.max(0, Math.min(k, batches[p] - first[p]));
                seenBy[p] = count[p] == 0 ? 0
                        : Math.min((long) run.layout.rows[p], (long) (first[p] + count[p]) * b) - (long) first[p] * b;
                seen += seenBy[p];
            }
            for (int p = 0; p < slices; p++) {
                weight[p] = seenBy[p] == 0 ? 0.0 : seenBy[p] == seen ? 1.0 : (double) seenBy[p] / seen;
            }
            long t0 = System.nanoTime();
            RoundInput in = new RoundInput(means, frequencies, shared, own, epoch, first, count, weight,
                    round, run.options.faultRound, run.options.faultSlice);
            long down = shared == null ? 0 : shared.size();
            for (StateData o : own) {
                down += o.size();
            }
            Broadcast<RoundInput> inB = sc.broadcast(in);
            Broadcast<LayerSpec> specB = this.specB;
            int[] slice = run.layout.slice;
            RoundSum sum = run.data.mapPartitionsWithIndex((partition, it) -> {
                int index = slice[partition];
                if (index < 0) {
                    return Collections.emptyIterator();
                }
                return List.of(inB.value().run(specB.value(), index, list(it))).iterator();
            }, true).treeAggregate(new RoundSum(slices), RoundSum::add, RoundSum::merge);
            inB.destroy();
            if (!sum.errors.isEmpty()) {
                Map.Entry<Integer, String> e = sum.errors.firstEntry();
                throw new TrainingDivergedException(spec.stage, epoch + 1, j + 1, e.getValue() + " (slice "
                        + e.getKey() + ")", spec.config.learningRate(), null);
            }
            shared = RoundSum.unflatten(sum.layout, sum.shared.total());
            for (int p = 0; p < slices; p++) {
                own[p] = sum.own.get(p);
            }
            epochCost += sum.extra.total()[0];
            double seconds = (System.nanoTime() - t0) / 1e9;
            stats = stats.plus(seen, seconds, sum.slowest, down, sum.valuesUp);
            layerStats.set(layerStats.size() - 1, layerStats.get(layerStats.size() - 1).plus(seen, seconds, sum.slowest,
                    down, sum.valuesUp));
        }

        /** The epoch's metrics and health checks on the driver's sample; true to stop. */
        boolean endEpoch(int epoch) {
            monitor.load(shared.toState(spec.stage), null);
            double cost = epochCost / cases;
            EpochMetrics metrics = monitor.metrics(epoch, cost, (System.nanoTime() - epochStart) / 1e9);
            boolean stop = false;
            for (TrainingListener l : run.options.listeners()) {
                if (l.onEpoch(metrics) == TrainingListener.Decision.STOP) {
                    stop = true;
                }
            }
            for (TrainingWarning w : monitor.health(epoch)) {
                LOG.warn("{}", w);
                for (TrainingListener l : run.options.listeners()) {
                    l.onWarning(w);
                }
            }
            if (spec.config.tolerance() > 0 && Math.abs(cost - previous) < spec.config.tolerance()) {
                stop = true;
            }
            previous = cost;
            return stop;
        }

        TrainingState save(long nextRound) {
            TrainingState s = new TrainingState();
            s.putLong("driver/slices", slices).putLong("driver/k", run.options.batchesPerRound())
                    .putLong("driver/layer", layer).putLong("driver/round", nextRound)
                    .putDouble("driver/epochCost", epochCost).putDouble("driver/previous", previous);
            s.putArray("driver/means", means, means.length);
            if (frequencies != null) {
                s.putArray("driver/frequencies", frequencies, frequencies.length);
            }
            for (int i = 0; i < below.size(); i++) {
                Rbm r = below.get(i);
                s.scoped("layer" + (i + 1)).putArray("W", r.weights(), r.visible(), r.hidden())
                        .putArray("vbias", r.visibleBias(), r.visible()).putArray("hbias", r.hiddenBias(), r.hidden())
                        .putDouble("lr", r.config().map(RbmConfig::learningRate).orElse(Double.NaN));
            }
            if (shared != null) {
                s.scoped("shared").putAll(shared.toState("shared"));
            }
            for (int p = 0; p < slices; p++) {
                s.scoped("slice" + p).putAll(own[p].toState("slice"));
            }
            TrainingState m = new TrainingState();
            monitor.saveOwn(m);
            s.scoped("monitor").putAll(m);
            return s;
        }

        void load(TrainingState s) {
            round = s.getLong("driver/round");
            epochCost = s.getDouble("driver/epochCost");
            previous = s.getDouble("driver/previous");
            int visible = layer == 0 ? run.width : below.get(below.size() - 1).hidden();
            means = s.values("driver/means", visible);
            frequencies = spec.classes > 0 ? s.values("driver/frequencies", spec.classes) : null;
            shared = s.hasScope("shared") ? StateData.of(s.scoped("shared").copy()) : null;
            own = new StateData[slices];
            for (int p = 0; p < slices; p++) {
                own[p] = StateData.of(s.scoped("slice" + p).copy());
            }
            monitor.start(means, frequencies);
            monitor.load(shared == null ? null : shared.toState(spec.stage), s.scoped("monitor").copy());
        }
    }

    /** What a round's tasks read: the layer, the averaged state, and each slice's own state and batches. */
    static final class RoundInput implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final double[] means;
        final double[] frequencies;
        final StateData shared;
        final StateData[] own;
        final int epoch;
        final int[] first;
        final int[] count;
        final double[] weight;
        final long round;
        final int faultRound;
        final int faultSlice;

        RoundInput(double[] means, double[] frequencies, StateData shared, StateData[] own, int epoch,
                   int[] first, int[] count, double[] weight, long round, int faultRound, int faultSlice) {
            this.means = means;
            this.frequencies = frequencies;
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

        /** Slice {@code index}'s batches of the round, from the broadcast layer and state alone. */
        RoundSum.Part run(LayerSpec spec, int index, List<Case> cases) {
            long t0 = System.nanoTime();
            TaskContext task = TaskContext.get();
            if (round == faultRound && index == faultSlice && task != null && task.attemptNumber() == 0) {
                throw new IllegalStateException("a fault injected into round " + round + ", slice " + index);
            }
            Backend backend = ExecutorBackends.get(spec.backend, spec.precision);
            RbmTrainer.Slice slice = spec.slice(backend, cases, index);
            TrainingState mine = own[index].toState("slice " + index);
            if (shared == null) {
                slice.load(null, mine);
                slice.start(means, frequencies);
            } else {
                slice.start(means, frequencies);
                slice.load(shared.toState("the averaged state"), mine);
            }
            double cost;
            try {
                cost = slice.run(epoch, first[index], count[index]);
            } catch (TrainingDivergedException e) {
                return new RoundSum.Part(index, null, new double[] {0}, null, null, e.getMessage(), 0);
            }
            TrainingState sharedOut = new TrainingState();
            slice.saveShared(sharedOut);
            TrainingState ownOut = new TrainingState();
            slice.saveOwn(ownOut);
            StateData s = StateData.of(sharedOut);
            return new RoundSum.Part(index, RoundSum.flatten(s, weight[index]), new double[] {cost},
                    StateData.of(ownOut), RoundSum.layoutOf(s), null, (System.nanoTime() - t0) / 1e9);
        }
    }

    static List<Case> list(Iterator<Case> it) {
        List<Case> cases = new ArrayList<>();
        it.forEachRemaining(cases::add);
        return cases;
    }
}
