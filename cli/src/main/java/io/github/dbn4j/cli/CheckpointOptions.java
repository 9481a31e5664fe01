package io.github.dbn4j.cli;

import io.github.dbn4j.core.Checkpointable;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.io.CheckpointFiles;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Checkpoint, resume and divergence options of the training commands. */
final class CheckpointOptions {

    /** The options that may accompany {@code --resume} (the others come from the checkpoint). */
    static final java.util.Set<String> ALLOWED_WITH_RESUME = java.util.Set.of("--resume", "--checkpoint-every",
            "--keep-checkpoints", "--no-checkpoints", "--on-divergence", "--max-halvings", "--data", "--test-data",
            "--no-fetch",
            "--mirror", "--help", "--version");

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
            description = "Save the complete training state after every N epochs of each stage, at the end of each "
                    + "stage, on Ctrl-C / SIGTERM and on divergence, in OUT/checkpoints (default: ${DEFAULT-VALUE}; "
                    + "0: only at stage ends, signals and divergence). Removed when the run finishes.")
    int every;

    @Option(names = "--keep-checkpoints", paramLabel = "K", defaultValue = "2",
            description = "Checkpoints kept (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--no-checkpoints", description = "Write no checkpoints (a killed run cannot be resumed).")
    boolean none;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run whose output directory is DIR from its newest checkpoint, "
                    + "with its settings; it ends exactly as the uninterrupted run would on the same backend.")
    Path resume;

    @Option(names = "--on-divergence", paramLabel = "ACTION", defaultValue = "stop",
            description = "When a parameter or cost becomes non-finite: stop (keep the last good state in a "
                    + "checkpoint) or halve (roll back the epoch, halve the learning rate, train it again) "
                    + "(default: ${DEFAULT-VALUE}).")
    String onDivergence;

    @Option(names = "--max-halvings", paramLabel = "N", defaultValue = "10",
            description = "With --on-divergence halve: halvings allowed per stage (default: ${DEFAULT-VALUE}).")
    int maxHalvings;

    TrainingControl.OnDivergence policy() {
        return switch (onDivergence) {
            case "stop" -> TrainingControl.OnDivergence.STOP;
            case "halve" -> TrainingControl.OnDivergence.HALVE_LEARNING_RATE;
            default -> throw new IllegalArgumentException("--on-divergence must be stop or halve, got '"
                    + onDivergence + "'");
        };
    }

    void check() {
        policy();
        if (every < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be at least 0, got " + every);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("--keep-checkpoints must be at least 1, got " + keep);
        }
        if (maxHalvings < 1) {
            throw new IllegalArgumentException("--max-halvings must be at least 1, got " + maxHalvings);
        }
        if (none && resume == null && every != 1) {
            throw new IllegalArgumentException("--checkpoint-every has no effect with --no-checkpoints");
        }
    }

    /** With {@code --resume}, rejects the options that would change the run (its settings come from the checkpoint). */
    void checkResume(picocli.CommandLine.Model.CommandSpec spec) {
        if (resume == null) {
            return;
        }
        for (picocli.CommandLine.Model.OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!ALLOWED_WITH_RESUME.contains(option.longestName())) {
                throw new IllegalArgumentException(option.longestName() + " cannot be given with --resume: the run "
                        + "goes on with the settings in its checkpoint" + (option.longestName().equals("--out")
                        ? " and writes into the directory it resumes" : ""));
            }
        }
    }

    /** The newest checkpoint of the run in {@code --resume DIR}, or a clear error. */
    io.github.dbn4j.core.TrainingState latest() {
        Path ckDir = resume.resolve(DbnPipeline.CHECKPOINTS);
        if (!java.nio.file.Files.isDirectory(ckDir)) {
            throw new IllegalArgumentException(resume + " holds no checkpoints (no " + ckDir + "): nothing to resume");
        }
        return new io.github.dbn4j.core.io.CheckpointFiles(ckDir, keep).latest().orElseThrow(
                () -> new IllegalArgumentException("no checkpoint in " + ckDir + ": nothing to resume"));
    }

    /**
     * The newest checkpoint of {@code --resume}, which must be one of {@code command}'s: of training
     * stage {@code stage}, with the command's settings saved.
     */
    io.github.dbn4j.core.TrainingState latestOf(String stage, String command) {
        io.github.dbn4j.core.TrainingState state = latest();
        String saved = state.getText(io.github.dbn4j.core.TrainingControl.STAGE);
        if (!saved.equals(stage) || !state.hasScope(SETTINGS)) {
            throw new IllegalArgumentException(state.origin() + " is not a checkpoint of " + command + " (stage '"
                    + saved + "'); resume it with the command that wrote it");
        }
        return state;
    }

    /** The checkpoint scope of a command's settings. */
    static final String SETTINGS = "settings";

    /** A run's control and its checkpoint store (null with {@code --no-checkpoints}). */
    record Checkpointing(TrainingControl control, CheckpointFiles store) {
    }

    /**
     * What a training command runs with: progress on the console, the history of its epochs, and
     * the control and checkpoint store of {@link #control}, with the history (and {@code parts})
     * in every checkpoint, resumed from {@code resume} when it is not null.
     */
    record Session(MetricsHistory history, ConsoleProgress progress, TrainingControl control, CheckpointFiles store) {
    }

    /** Starts a {@link Session} of a run writing into {@code out}; see {@link #control}. */
    Session session(Path out, Consumer<TrainingState> settings, TrainingState resume, java.io.PrintStream err,
                    java.util.Map<String, Checkpointable> parts) {
        MetricsHistory history = new MetricsHistory();
        ConsoleProgress progress = new ConsoleProgress(err);
        Checkpointing checkpointing = control(out, settings);
        TrainingControl control = checkpointing.control();
        control.register("history", history);
        parts.forEach(control::register);
        if (resume != null) {
            control.resumeFrom(resume);
        }
        return new Session(history, progress, control, checkpointing.store());
    }

    /**
     * The control of a run writing into {@code out}: the divergence policy, the checkpoints in
     * {@code out/checkpoints} unless {@code --no-checkpoints}, and the command's settings saved with
     * each checkpoint under {@value #SETTINGS} (a resume applies them before the data is loaded, so
     * nothing is loaded back here).
     */
    Checkpointing control(Path out, Consumer<TrainingState> settings) {
        TrainingControl control = TrainingControl.none().onDivergence(policy(), maxHalvings);
        CheckpointFiles store = null;
        if (!none) {
            store = new CheckpointFiles(out.resolve(DbnPipeline.CHECKPOINTS), keep);
            control.checkpoints(store, every);
        }
        control.register(SETTINGS, new Checkpointable() {
            @Override
            public void saveState(TrainingState state) {
                settings.accept(state);
            }

            @Override
            public void loadState(TrainingState state) {
                // applied before the data was loaded
            }
        });
        return new Checkpointing(control, store);
    }
}
