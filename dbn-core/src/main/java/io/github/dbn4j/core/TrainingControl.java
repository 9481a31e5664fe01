package io.github.dbn4j.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a training run is run, beside what it learns: checkpoints (where, how often), resuming
 * from one, stopping on request, and what to do when training diverges. One control serves a
 * whole pipeline (pretraining, wake-sleep, fine-tuning); each trainer takes it as an argument.
 *
 * <p>A checkpoint holds the state of the stage in progress (written by the trainer), the name of
 * that stage, and the state of every {@link Checkpointable} registered here (listeners, and the
 * outer levels of a pipeline). A run resumed from a checkpoint ends bit for bit where the
 * uninterrupted run with the same seed and backend ends.
 *
 * <p>{@link #requestStop()} may be called from any thread; the trainer saves at the next batch
 * boundary and throws {@link TrainingInterruptedException}. Everything else belongs to the
 * training thread.
 */
public final class TrainingControl {

    /** A control with no checkpoints, no stop requested and the stop-on-divergence policy. */
    public TrainingControl() {
    }

    /** What a trainer does when a parameter or cost becomes non-finite. */
    public enum OnDivergence {
        /** Roll back to the start of the epoch, save that state (with checkpoints on) and throw. */
        STOP,
        /** Roll back to the start of the epoch, halve the learning rate and train the epoch again. */
        HALVE_LEARNING_RATE
    }

    /** The name of the checkpoint entry that tells which stage was in progress. */
    public static final String STAGE = "stage";
    /** The scope of the trainer's own state in a checkpoint. */
    public static final String RUN = "run";

    /** The logger, made on first use: a run that logs nothing never starts SLF4J (and its warnings). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(TrainingControl.class);
    }

    private CheckpointStore store;
    private int everyEpochs;
    private OnDivergence onDivergence = OnDivergence.STOP;
    private int maxHalvings = 10;
    private TrainingState resume;
    private boolean resumePending;
    private final Map<String, Checkpointable> parts = new LinkedHashMap<>();
    private volatile boolean stopRequested;
    private String lastCheckpoint;

    /** No checkpoints, no resume, stop on divergence. */
    public static TrainingControl none() {
        return new TrainingControl();
    }

    /**
     * Checkpoints into {@code store} after every {@code everyEpochs} epochs of a stage (0: only on
     * a stop request, at the end of each stage and on divergence).
     */
    public TrainingControl checkpoints(CheckpointStore checkpointStore, int epochs) {
        if (checkpointStore == null) {
            throw new IllegalArgumentException("checkpoint store is null");
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("checkpoint interval must be at least 0 epochs, got " + epochs);
        }
        this.store = checkpointStore;
        this.everyEpochs = epochs;
        return this;
    }

    /** What to do on divergence; with halving, at most {@code maxTimes} halvings per stage. */
    public TrainingControl onDivergence(OnDivergence policy, int maxTimes) {
        if (policy == null) {
            throw new IllegalArgumentException("divergence policy is null");
        }
        if (maxTimes < 1) {
            throw new IllegalArgumentException("the learning rate may be halved at least once, got " + maxTimes);
        }
        this.onDivergence = policy;
        this.maxHalvings = maxTimes;
        return this;
    }

    /** Resumes from {@code state} (a checkpoint): registered parts are loaded, the stage continues. */
    public TrainingControl resumeFrom(TrainingState state) {
        if (state == null) {
            throw new IllegalArgumentException("resume state is null");
        }
        state.getText(STAGE);
        this.resume = state;
        this.resumePending = true;
        for (Map.Entry<String, Checkpointable> e : parts.entrySet()) {
            load(e.getKey(), e.getValue());
        }
        return this;
    }

    /**
     * Adds state saved with every checkpoint under {@code name}; when resuming (and the resumed
     * stage has not begun yet), it is loaded now if the checkpoint has it, or when the resume
     * state is given.
     */
    public TrainingControl register(String name, Checkpointable part) {
        if (name == null || name.isBlank() || name.equals(RUN) || name.equals(STAGE) || name.contains("/")) {
            throw new IllegalArgumentException("bad part name '" + name + "'");
        }
        if (parts.putIfAbsent(name, part) != null) {
            throw new IllegalArgumentException("a part named '" + name + "' is already registered");
        }
        if (resumePending) {
            load(name, part);
        }
        return this;
    }

    /** Removes a part (an outer level whose stages are over). */
    public void unregister(String name) {
        parts.remove(name);
    }

    private void load(String name, Checkpointable part) {
        if (resume.hasScope(name)) {
            part.loadState(resume.scoped(name));
        }
    }

    /** The checkpoint being resumed from while its stage has not yet been reached, else null. */
    public TrainingState pendingResume() {
        return resumePending ? resume : null;
    }

    /** The stage the pending resume state is in, or null. */
    public String pendingStage() {
        return resumePending ? resume.getText(STAGE) : null;
    }

    /**
     * Called by a trainer as its stage begins: the stage's saved state when resuming into it,
     * otherwise null.
     *
     * @throws IllegalStateException if a resume is pending for another stage (the caller should
     *                               have skipped the stages before it)
     */
    public TrainingState beginStage(String stage) {
        if (!resumePending) {
            return null;
        }
        String at = resume.getText(STAGE);
        if (!at.equals(stage)) {
            throw resume.problem("the checkpoint is in stage '" + at + "', but training began stage '" + stage
                    + "'");
        }
        resumePending = false;
        return resume.scoped(RUN);
    }

    public boolean checkpointing() {
        return store != null;
    }

    public OnDivergence divergencePolicy() {
        return onDivergence;
    }

    public int maxHalvings() {
        return maxHalvings;
    }

    /** Whether to checkpoint after {@code epochsDone} epochs of a stage. */
    public boolean due(int epochsDone, boolean stageDone) {
        return store != null && (stageDone || stopRequested || (everyEpochs > 0 && epochsDone % everyEpochs == 0));
    }

    /** Asks the trainer to save and stop at the next batch boundary. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Writes a checkpoint of stage {@code stage}, whose trainer writes its state through
     * {@code trainer}; does nothing without a store.
     *
     * @return where it was written, or null without a store
     */
    public String save(String stage, Consumer<TrainingState> trainer) {
        if (store == null) {
            return null;
        }
        TrainingState s = new TrainingState();
        s.putText(STAGE, stage);
        for (Map.Entry<String, Checkpointable> e : parts.entrySet()) {
            e.getValue().saveState(s.scoped(e.getKey()));
        }
        trainer.accept(s.scoped(RUN));
        lastCheckpoint = store.write(s);
        Log.LOG.debug("{}: checkpoint {}", stage, lastCheckpoint);
        return lastCheckpoint;
    }

    /** Where the last checkpoint was written, or null. */
    public String lastCheckpoint() {
        return lastCheckpoint;
    }
}
