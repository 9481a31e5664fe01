package io.github.dbn4j.spark;

import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TrainingListener;
import java.util.List;

/**
 * How a data-parallel run proceeds: the backend its executors use, how many mini-batches each
 * slice runs between two averagings, where the driver checkpoints, and who listens.
 *
 * <p>The result of a run depends only on the seed of the configuration, the data, the number of
 * non-empty partitions and {@link #batchesPerRound()}.
 */
public final class SparkTrainingOptions {

    private final String backend;
    private final Precision precision;
    private final int batchesPerRound;
    private final String checkpointDir;
    private final int checkpointEvery;
    private final boolean resume;
    private final List<TrainingListener> listeners;
    final int faultRound;
    final int faultSlice;

    private SparkTrainingOptions(String backend, Precision precision, int batchesPerRound, String checkpointDir,
                                 int checkpointEvery, boolean resume, List<TrainingListener> listeners,
                                 int faultRound, int faultSlice) {
        if (precision == null) {
            throw new IllegalArgumentException("precision is null: use float32 or float64");
        }
        if (batchesPerRound < 0) {
            throw new IllegalArgumentException("batchesPerRound must be at least 1 (or 0 for a whole epoch), got "
                    + batchesPerRound);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1 round, got " + checkpointEvery);
        }
        if (resume && checkpointDir == null) {
            throw new IllegalArgumentException("resume needs a checkpoint directory");
        }
        this.backend = backend;
        this.precision = precision;
        this.batchesPerRound = batchesPerRound;
        this.checkpointDir = checkpointDir;
        this.checkpointEvery = checkpointEvery;
        this.resume = resume;
        this.listeners = List.copyOf(listeners);
        this.faultRound = faultRound;
        this.faultSlice = faultSlice;
    }

    /**
     * The defaults: the backend each executor selects by the usual rules
     * ({@link io.github.dbn4j.api.Backends#select}), float32, a whole epoch of the largest slice
     * per round, no checkpoints.
     */
    public static SparkTrainingOptions defaults() {
        return new SparkTrainingOptions(null, Precision.FLOAT32, 0, null, 1, false, List.of(), -1, -1);
    }

    /** The backend name (null or blank: the usual selection rules, on each executor). */
    public String backend() {
        return backend;
    }

    public Precision precision() {
        return precision;
    }

    /** Mini-batches each slice runs between two averagings; 0 for a whole epoch of the largest slice. */
    public int batchesPerRound() {
        return batchesPerRound;
    }

    /** The Hadoop file-system directory of the driver's checkpoints, or null for none. */
    public String checkpointDir() {
        return checkpointDir;
    }

    /** Rounds between two checkpoints. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Whether to continue from the newest checkpoint in {@link #checkpointDir()}. */
    public boolean resume() {
        return resume;
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    public SparkTrainingOptions withBackend(String name, Precision p) {
        return new SparkTrainingOptions(name, p, batchesPerRound, checkpointDir, checkpointEvery, resume, listeners,
                faultRound, faultSlice);
    }

    public SparkTrainingOptions withBatchesPerRound(int k) {
        return new SparkTrainingOptions(backend, precision, k, checkpointDir, checkpointEvery, resume, listeners,
                faultRound, faultSlice);
    }

    /** Checkpoints to a Hadoop path every {@code rounds} rounds. */
    public SparkTrainingOptions withCheckpoints(String dir, int rounds) {
        return new SparkTrainingOptions(backend, precision, batchesPerRound, dir, rounds, resume, listeners,
                faultRound, faultSlice);
    }

    public SparkTrainingOptions withResume(boolean r) {
        return new SparkTrainingOptions(backend, precision, batchesPerRound, checkpointDir, checkpointEvery, r,
                listeners, faultRound, faultSlice);
    }

    public SparkTrainingOptions withListeners(TrainingListener... l) {
        return new SparkTrainingOptions(backend, precision, batchesPerRound, checkpointDir, checkpointEvery, resume,
                List.of(l), faultRound, faultSlice);
    }

    /** For tests: the first attempt of slice {@code slice}'s task in global round {@code round} fails. */
    SparkTrainingOptions withFault(int round, int slice) {
        return new SparkTrainingOptions(backend, precision, batchesPerRound, checkpointDir, checkpointEvery, resume,
                listeners, round, slice);
    }
}
