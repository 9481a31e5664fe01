package io.github.dbn4j.cli;

import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingInterruptedException;
import io.github.dbn4j.core.io.CheckpointFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The command-line side of a checkpointed training run, shared by {@code train-dbn},
 * {@code demo} and {@code train-rbm}: a stop request becomes a message and exit code 130, and a
 * divergence or an unwritable checkpoint says how to continue with {@code --resume}.
 */
final class ResumableRun {

    /** The exit code of a run stopped by Ctrl-C or SIGTERM after saving its checkpoint. */
    static final int INTERRUPTED = 130;

    private ResumableRun() {
    }

    /**
     * Runs {@code training}; empty when it was stopped on request (the message is printed).
     *
     * @param name  the command, for the {@code --resume} hint
     * @param store the checkpoints, or null without them
     */
    static <T> Optional<T> train(String name, Path out, CheckpointFiles store, ConsoleProgress progress,
                                 PrintStream err, Supplier<T> training) {
        try {
            return Optional.of(training.get());
        } catch (TrainingInterruptedException e) {
            progress.close();
            err.println("dbn4j: " + e.getMessage());
            if (e.checkpoint().isPresent()) {
                err.println("dbn4j: continue with: ./dbn4j " + name + " --resume " + out);
            }
            return Optional.empty();
        } catch (UncheckedIOException e) {
            progress.close();
            if (store == null || store.files().isEmpty()) {
                throw e;
            }
            throw new UncheckedIOException(e.getMessage() + ". Make room (or fix the directory), then continue with: "
                    + "./dbn4j " + name + " --resume " + out, e.getCause());
        } catch (TrainingDivergedException e) {
            progress.close();
            throw new IllegalStateException(e.getMessage() + (e.checkpoint().isPresent() ? ". To go on from there: "
                    + "./dbn4j " + name + " --resume " + out + " --on-divergence halve" : ""), e);
        }
    }

    /** Removes a finished run's checkpoints, and their directory when that leaves it empty. */
    static void deleteCheckpoints(CheckpointFiles store) {
        try {
            for (Path p : store.files()) {
                Files.deleteIfExists(p);
            }
            try (var left = Files.list(store.directory())) {
                if (left.findAny().isEmpty()) {
                    Files.delete(store.directory());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the checkpoints in " + store.directory() + ": " + e, e);
        }
    }

    /**
     * For a fresh run into {@code out}: refuses to start over the checkpoints of an unfinished run
     * unless {@code force}, in which case they are removed.
     */
    static void refuseUnfinished(Path out, boolean force, int keep) {
        Path ckDir = out.resolve(DbnPipeline.CHECKPOINTS);
        if (!Files.isDirectory(ckDir)) {
            return;
        }
        CheckpointFiles old = new CheckpointFiles(ckDir, keep);
        if (!old.files().isEmpty()) {
            if (!force) {
                throw new IllegalArgumentException(out + " holds the checkpoints of an unfinished run: resume it "
                        + "with --resume " + out + ", or use --force to start afresh");
            }
            deleteCheckpoints(old);
        }
    }
}
