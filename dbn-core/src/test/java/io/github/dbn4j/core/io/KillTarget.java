package io.github.dbn4j.core.io;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.pipeline.DbnTraining;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link KillAndResumeTest} kills: a small seeded DBN run (pretraining with sampled
 * upward passes, sparsity and a PCD top, wake-sleep, back-propagation with validation) that
 * checkpoints after every epoch and resumes from its newest checkpoint when there is one. It
 * prints {@code BATCH stage epoch batch} after every batch. With a positive fifth argument N it
 * stops in the middle of writing its N-th checkpoint, prints {@code MIDWRITE} and waits to be
 * killed; with a sixth argument {@code stage:epoch:batch} it waits to be killed after that batch,
 * printing {@code PAUSED} (so that the kill lands exactly there, however slowly the parent reads).
 * It prints {@code RESUME stage} when it resumes. At the end it writes the model.
 *
 * <p>Arguments: backend, precision, checkpoint directory, model file, N, [stage:epoch:batch].
 */
public final class KillTarget {

    private KillTarget() {
    }

    static DbnTraining.Plan plan() {
        RbmConfig base = RbmConfig.defaults(20).withBatchSize(20).withEpochs(3).withLearningRate(0.1)
                .withMomentum(0.5, 0.9, 1).withWeightDecay(2e-4).withSeed(21);
        DbnConfig dbn = new DbnConfig(List.of(base.withSparsity(0.1, 0.01), base, base.withHidden(30)
                .withPersistentChains(20)), 4, true);
        return new DbnTraining.Plan(dbn, WakeSleepConfig.defaults().withEpochs(3).withBatchSize(20)
                .withLearningRate(0.05).withTopGibbsSteps(2).withSeed(22), FineTuneConfig.defaults().withEpochs(4)
                .withBatchSize(20).withPatience(2).withSeed(23), 4);
    }

    /** Trains the plan under {@code control} on the shapes data. */
    static Dbn train(Backend b, TrainingControl control, TrainingListener... listeners) {
        Patterns.Labelled train = Patterns.tinyShapes(240, 0.15, 1);
        Patterns.Labelled val = Patterns.tinyShapes(200, 0.15, 2);
        Matrix x = b.fromArray(train.rows(), 36, train.pixels());
        Matrix xv = b.fromArray(val.rows(), 36, val.pixels());
        return new DbnTraining(b).run(plan(), x, train.labels(), xv, val.labels(), control, (p, d) -> { },
                List.of(listeners));
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Backend b = TestBackends.get(args[0], Precision.parse(args[1]));
        int pauseAt = Integer.parseInt(args[4]);
        int[] writes = {0};
        CheckpointFiles store = new CheckpointFiles(Path.of(args[2]), 3, stream -> ++writes[0] == pauseAt
                ? new PauseHalfway(stream, out) : stream);
        TrainingControl control = TrainingControl.none().checkpoints(store, 1);
        store.latest().ifPresent(state -> {
            out.println("RESUME " + state.getText(TrainingControl.STAGE));
            control.resumeFrom(state);
        });
        String pauseAfter = args.length > 5 ? args[5] : "";
        Dbn dbn = train(b, control, new TrainingListener() {
            @Override
            public void onBatch(String stage, int epoch, int batch, int batches) {
                out.println("BATCH " + stage + " " + epoch + " " + batch);
                if (pauseAfter.equals(stage + ":" + epoch + ":" + batch)) {
                    waitToBeKilled(out, "PAUSED");
                }
                out.flush();
            }
        });
        ModelFiles.write(Path.of(args[3]), dbn);
        out.println("DONE");
        out.flush();
    }

    static void waitToBeKilled(PrintStream signal, String line) {
        signal.println(line);
        signal.flush();
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the first 200 bytes of a checkpoint, flushes them to the file, and waits to be killed. */
    static final class PauseHalfway extends FilterOutputStream {
        private final PrintStream signal;
        private int written;

        PauseHalfway(OutputStream out, PrintStream signal) {
            super(out);
            this.signal = signal;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            if (written >= 200) {
                out.flush();
                waitToBeKilled(signal, "MIDWRITE");
            }
        }
    }
}
