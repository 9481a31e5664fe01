package io.github.dbn4j.core;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch and mini-batch loop shared by every trainer, with what a {@link TrainingControl}
 * asks for: resuming in the middle of an epoch, checkpoints after epochs and on a stop request,
 * and rolling back a diverged epoch (then stopping, or halving the learning rate and training the
 * epoch again).
 *
 * <p>A stage's state at the start of each epoch is kept in memory; it is the state a divergence
 * rolls back to, and it goes into a checkpoint taken in the middle of an epoch so that a resumed
 * run rolls back exactly as the uninterrupted one would.
 */
public final class TrainingLoop {

    /** The logger, made on first use: a run that logs nothing never starts SLF4J (and its warnings). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    }

    /**
     * What every mini-batch stage shares: its name, its epochs, the batches of its training cases,
     * and the learning rate that halving on divergence changes.
     */
    public abstract static class MiniBatchStage implements Stage {

        private final String name;
        private final int epochs;
        private final int batches;
        /** The learning rate, halved by {@link #setLearningRate} on divergence. */
        protected double lr;
        /** The epoch's summed costs, one per kind of cost the stage reports; cleared by {@link #clearCosts}. */
        protected final double[] costs;

        /**
         * A stage that sums one cost per epoch.
         *
         * @param rows      the training cases, in batches of {@code batchSize} (the last one smaller)
         * @param learningRate the starting learning rate
         */
        protected MiniBatchStage(String name, int epochs, int rows, int batchSize, double learningRate) {
            this(name, epochs, rows, batchSize, learningRate, 1);
        }

        /** A stage that sums {@code costKinds} costs per epoch. */
        protected MiniBatchStage(String name, int epochs, int rows, int batchSize, double learningRate,
                                 int costKinds) {
            this.name = name;
            this.epochs = epochs;
            this.batches = (rows + batchSize - 1) / batchSize;
            this.lr = learningRate;
            this.costs = new double[costKinds];
        }

        /**
         * Runs batches {@code first .. first + count - 1} of {@code epoch} after {@link #beginEpoch},
         * checking the epoch's parameters after the last, and returns the first cost's sum: a slice's
         * round in a data-parallel run.
         *
         * @throws IllegalArgumentException   for batches outside the epoch
         * @throws TrainingDivergedException naming the epoch and batch where a value became non-finite
         */
        public final double runBatches(int epoch, int first, int count) {
            if (first < 0 || count < 0 || first + count > batches) {
                throw new IllegalArgumentException(name + ": batches " + first + " to " + (first + count - 1)
                        + " of a slice of " + batches);
            }
            beginEpoch(epoch);
            for (int b = first; b < first + count; b++) {
                String bad = batch(epoch, b);
                if (bad == null && b == first + count - 1) {
                    bad = checkEpoch();
                }
                if (bad != null) {
                    throw new TrainingDivergedException(name, epoch + 1, b + 1, bad, lr, null);
                }
            }
            return costs[0];
        }

        /** The cost sums of the epoch so far (of the last {@link #runBatches}). */
        public final double[] costSums() {
            return costs.clone();
        }

        /** The number of mini-batches of an epoch. */
        public final int batchCount() {
            return batches;
        }

        /** Clears the cost sums, at the start of an epoch. */
        protected final void clearCosts() {
            Arrays.fill(costs, 0);
        }

        /** Writes the learning rate and the cost sums: the part of {@link #save} every stage shares. */
        protected final void saveProgress(TrainingState s) {
            s.putDouble("lr", lr);
            if (costs.length == 1) {
                s.putDouble("costSum", costs[0]);
            } else {
                s.putArray("costs", costs.clone(), costs.length);
            }
        }

        /** Restores what {@link #saveProgress} wrote. */
        protected final void loadProgress(TrainingState s) {
            lr = s.getDouble("lr");
            if (costs.length == 1) {
                costs[0] = s.getDouble("costSum");
            } else {
                System.arraycopy(s.values("costs", costs.length), 0, costs, 0, costs.length);
            }
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final int epochs() {
            return epochs;
        }

        @Override
        public final int batches() {
            return batches;
        }

        @Override
        public double learningRate() {
            return lr;
        }

        @Override
        public void setLearningRate(double learningRate) {
            lr = learningRate;
        }
    }

    /** One stage of training, driven by {@link #run}. */
    public interface Stage {

        /** The stage name used in metrics, checkpoints and errors, e.g. {@code layer2}. */
        String name();

        int epochs();

        int batches();

        /** Prepares epoch {@code epoch} (0-based): its case order, and accumulators cleared. */
        void beginEpoch(int epoch);

        /** Trains batch {@code batch} (0-based); returns null, or what became non-finite. */
        String batch(int epoch, int batch);

        /** After the last batch: null, or what is non-finite in a check too costly for every batch. */
        String checkEpoch();

        /** The epoch's metrics (after {@link #checkEpoch()} passed). */
        EpochMetrics endEpoch(int epoch, double seconds);

        /** Whether the stage's own criterion (tolerance, patience) ends it after the last epoch. */
        boolean finished();

        double learningRate();

        void setLearningRate(double learningRate);

        /** Writes everything that changes during training: parameters, buffers, streams, counters. */
        void save(TrainingState state);

        /** Restores what {@link #save} wrote (after {@link #beginEpoch} of the same epoch). */
        void load(TrainingState state);

        /** The model as it stands, for a divergence error. */
        Object model();

        /**
         * After {@link #endEpoch}: what the stage sees of its own learning ({@link LearningHealth});
         * none by default. Must not draw random numbers, so checks never change a run.
         */
        default List<TrainingWarning> health(EpochMetrics metrics) {
            return List.of();
        }
    }

    private TrainingLoop() {
    }

    /**
     * Runs {@code stage} to its end (its epochs, its own criterion, or a listener's stop).
     *
     * @throws TrainingDivergedException     when it diverges and may not (or may no longer) halve
     *                                       its learning rate; the stage is rolled back to the
     *                                       start of the failing epoch, which is checkpointed
     * @throws TrainingInterruptedException  on a stop request, after the checkpoint
     */
    public static void run(Stage stage, List<TrainingListener> listeners, TrainingControl control) {
        String name = stage.name();
        int epochs = stage.epochs();
        int batches = stage.batches();
        TrainingState resumed = control.beginStage(name);
        int epoch = 0;
        int first = 0;
        int halvings = 0;
        TrainingState start = null;
        if (resumed != null) {
            epoch = resumed.getInt("loop/epoch", 0, epochs);
            first = resumed.getInt("loop/batch", 0, batches - 1);
            halvings = resumed.getInt("loop/halvings", 0, Integer.MAX_VALUE);
            if (first > 0) {
                start = resumed.scoped("loop/start").copy();
            }
            if (resumed.getLong("loop/done") == 1) {
                stage.load(resumed.scoped("trainer"));
                return;
            }
        }
        while (epoch < epochs) {
            stage.beginEpoch(epoch);
            if (resumed != null) {
                stage.load(resumed.scoped("trainer"));
                resumed = null;
                if (first == 0) {
                    stage.beginEpoch(epoch); // saved at an epoch end: its accumulators belong to the epoch before
                }
            }
            if (first == 0) {
                start = new TrainingState();
                stage.save(start);
            }
            long t0 = System.nanoTime();
            String bad = null;
            int badBatch = batches;
            for (int b = first; b < batches; b++) {
                bad = stage.batch(epoch, b);
                if (bad != null) {
                    badBatch = b + 1;
                    break;
                }
                for (int i = 0; i < listeners.size(); i++) { // indexed: no iterator per batch
                    listeners.get(i).onBatch(name, epoch + 1, b + 1, batches);
                }
                if (b + 1 < batches && control.stopRequested()) {
                    String where = save(control, stage, epoch, b + 1, halvings, false, start);
                    throw new TrainingInterruptedException(name, epoch + 1, b + 1, where);
                }
            }
            first = 0;
            if (bad == null) {
                bad = stage.checkEpoch();
            }
            if (bad != null) {
                stage.load(start);
                if (control.divergencePolicy() == TrainingControl.OnDivergence.HALVE_LEARNING_RATE
                        && halvings < control.maxHalvings() && stage.learningRate() / 2 >= Double.MIN_NORMAL) {
                    halvings++;
                    double lr = stage.learningRate() / 2;
                    stage.setLearningRate(lr);
                    Log.LOG.warn("{}: {} became non-finite in epoch {}, batch {}; rolled back to the start of the epoch "
                            + "and halved the learning rate to {}", name, bad, epoch + 1, badBatch, lr);
                    for (TrainingListener l : listeners) {
                        l.onRollback(name, epoch + 1, badBatch, bad, lr);
                    }
                    continue;
                }
                String where = save(control, stage, epoch, 0, halvings, false, null);
                throw new TrainingDivergedException(name, epoch + 1, badBatch, bad, stage.learningRate(),
                        stage.model(), where, halvings);
            }
            EpochMetrics metrics = stage.endEpoch(epoch, (System.nanoTime() - t0) / 1e9);
            boolean stop = stage.finished();
            for (TrainingListener l : listeners) {
                stop |= l.onEpoch(metrics) == TrainingListener.Decision.STOP;
            }
            for (TrainingWarning w : stage.health(metrics)) {
                Log.LOG.warn("{}", w);
                for (TrainingListener l : listeners) {
                    l.onWarning(w);
                }
            }
            epoch++;
            boolean done = stop || epoch == epochs;
            if (control.due(epoch, done)) {
                String where = save(control, stage, epoch, 0, halvings, done, null);
                if (control.stopRequested() && !done) {
                    throw new TrainingInterruptedException(name, epoch, batches, where);
                }
            } else if (control.stopRequested() && !done) {
                throw new TrainingInterruptedException(name, epoch, batches, null);
            }
            if (stop) {
                break;
            }
        }
    }

    private static String save(TrainingControl control, Stage stage, int epoch, int batch, int halvings,
                               boolean done, TrainingState start) {
        return control.save(stage.name(), s -> {
            s.putLong("loop/epoch", epoch);
            s.putLong("loop/batch", batch);
            s.putLong("loop/halvings", halvings);
            s.putLong("loop/done", done ? 1 : 0);
            if (start != null) {
                s.scoped("loop/start").putAll(start);
            }
            stage.save(s.scoped("trainer"));
        });
    }
}
