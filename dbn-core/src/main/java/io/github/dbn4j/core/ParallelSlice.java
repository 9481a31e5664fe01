package io.github.dbn4j.core;

/**
 * One slice of a data-parallel run by parameter averaging (the {@code dbn-spark} module's
 * workers): a trainer's mini-batch steps on one slice of the cases, driven from outside. Each
 * round the caller loads the averaged shared state (null in the first round) and the slice's own
 * state (null before its first round), runs some batches, and saves both: the shared states of
 * all slices are averaged, each slice's own state (stream positions, persistent chains, its
 * sources' states) stays its own. A slice may be remade between rounds from those states alone.
 */
public interface ParallelSlice {

    /** The slice's mini-batches per epoch (the last one may be smaller). */
    int batches();

    /** Loads the averaged shared state (or none, in the first round) and the slice's own (or none, at first). */
    void load(TrainingState shared, TrainingState own);

    /**
     * Runs mini-batches {@code first .. first + count - 1} of {@code epoch} (from 0) in the epoch's
     * order, and returns their summed cost.
     *
     * @throws TrainingDivergedException naming the epoch and batch where a value became non-finite
     */
    double run(int epoch, int first, int count);

    /**
     * The summed costs of the last {@link #run}, one per kind of cost the trainer reports (the
     * first is what {@code run} returned).
     */
    double[] costs();

    /** Writes the state that slices average (parameters, velocities, running means, the learning rate). */
    void saveShared(TrainingState s);

    /** Writes the slice's own state. */
    void saveOwn(TrainingState s);
}
