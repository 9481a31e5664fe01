package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingInterruptedException;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.io.CheckpointFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Up-down judged on validation cases keeps the DBN of its best epoch, as Hinton, Osindero and Teh (2006) did. */
class WakeSleepValidationTest {

    static final int EPOCHS = 6;

    /** A rate large enough that the validation error does not fall in every epoch. */
    static final WakeSleepConfig CONFIG = WakeSleepConfig.defaults().withEpochs(EPOCHS).withBatchSize(20)
            .withLearningRate(0.5);

    final DbnTestData.Pretrained p = DbnTestData.Pretrained.small(30);
    final Matrix xv = p.b().fromArray(DbnTestData.TEST.rows(), 36, DbnTestData.TEST.pixels());
    final int[] yv = DbnTestData.TEST.labels();

    double error(Dbn dbn) {
        return Evaluation.of(yv, new DbnEngine(p.b(), dbn).classify(xv), 4).errorRate();
    }

    Dbn judged(TrainingControl control, MetricsHistory history) {
        return new WakeSleepTrainer(p.b()).train(p.dbn(), CONFIG, p.x(), p.y(), xv, yv, WakeSleepTrainer.STAGE,
                control, history);
    }

    @Test
    void theDbnOfTheEpochOfTheLowestValidationErrorIsReturned() {
        MetricsHistory history = new MetricsHistory();
        Dbn best = judged(TrainingControl.none(), history);
        List<EpochMetrics> epochs = history.epochs();
        assertThat(epochs).hasSize(EPOCHS);
        int argmin = 0;
        for (int e = 0; e < EPOCHS; e++) {
            if (epochs.get(e).get(WakeSleepTrainer.VALIDATION_ERROR) < epochs.get(argmin)
                    .get(WakeSleepTrainer.VALIDATION_ERROR)) {
                argmin = e;
            }
        }
        assertThat(argmin).as("the best epoch is not the last, so keeping it matters").isLessThan(EPOCHS - 1);
        double lowest = epochs.get(argmin).get(WakeSleepTrainer.VALIDATION_ERROR);
        assertThat(error(best)).as("the returned DBN's validation error").isEqualTo(lowest);
        Dbn stoppedThere = p.upDown(CONFIG.withEpochs(argmin + 1));
        assertThat(best).as("the DBN a run of %d epochs ends with", argmin + 1).isEqualTo(stoppedThere);
        Dbn last = p.upDown(CONFIG);
        assertThat(error(last)).isEqualTo(epochs.get(EPOCHS - 1).get(WakeSleepTrainer.VALIDATION_ERROR))
                .isGreaterThan(lowest);
    }

    /** Stopped in the last epoch, after the best one: the resumed run must take the best DBN from the checkpoint. */
    @Test
    void aResumedRunReturnsTheSameBestDbn(@TempDir Path dir) {
        Dbn want = judged(TrainingControl.none(), new MetricsHistory());
        CheckpointFiles store = new CheckpointFiles(dir, 3);
        TrainingControl first = TrainingControl.none().checkpoints(store, 1);
        ResumeTest.StopAt stop = new ResumeTest.StopAt(first, WakeSleepTrainer.STAGE, EPOCHS, 3);
        assertThatThrownBy(() -> new WakeSleepTrainer(p.b()).train(p.dbn(), CONFIG, p.x(), p.y(), xv, yv,
                WakeSleepTrainer.STAGE, first, stop)).isInstanceOf(TrainingInterruptedException.class);
        TrainingState saved = store.latest().orElseThrow();
        Dbn got = judged(TrainingControl.none().checkpoints(store, 1).resumeFrom(saved), new MetricsHistory());
        assertThat(got).isEqualTo(want);
    }

    @Test
    void validationCasesNeedLabelUnitsAndOneLabelEach() {
        WakeSleepTrainer t = new WakeSleepTrainer(p.b());
        assertThatThrownBy(() -> t.train(p.dbn(), CONFIG, p.x(), p.y(), xv, new int[3], WakeSleepTrainer.STAGE,
                TrainingControl.none())).hasMessageContaining("200 cases and 3 labels");
        assertThatThrownBy(() -> t.train(p.dbn(), CONFIG, p.x(), p.y(), xv, null, WakeSleepTrainer.STAGE,
                TrainingControl.none())).hasMessageContaining("no labels");
        int[] wrong = yv.clone();
        wrong[7] = 4;
        assertThatThrownBy(() -> t.train(p.dbn(), CONFIG, p.x(), p.y(), xv, wrong, WakeSleepTrainer.STAGE,
                TrainingControl.none())).hasMessageContaining("4");
    }
}
