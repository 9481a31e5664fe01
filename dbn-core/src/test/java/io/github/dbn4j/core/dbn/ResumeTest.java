package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.pipeline.DbnTraining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.EarlyStopping;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingInterruptedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.io.CheckpointFiles;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A DBN run (pretraining with sparsity, sampled upward passes and a PCD top layer, wake-sleep,
 * back-propagation with validation early stopping) stopped at points in every phase, mid-epoch
 * and at epoch ends, and resumed each time from its newest checkpoint file, ends with exactly the
 * parameters and metrics of the uninterrupted run, on every backend and precision.
 */
class ResumeTest {

    /** Stop requests: stage, 1-based epoch, 1-based batch (12 batches of 20 per epoch). */
    static final Object[][] STOPS = {
        {"layer1", 1, 3},
        {"layer1", 2, 12},
        {"layer2", 2, 1},
        {"layer3", 1, 7},
        {"layer3", 3, 12},
        {"wake-sleep", 2, 5},
        {"fine-tune", 1, 11},
        {"fine-tune", 3, 2},
    };

    static Stream<Arguments> backends() {
        List<Arguments> all = new ArrayList<>();
        TestBackends.float64().forEach(n -> all.add(Arguments.of(n, Precision.FLOAT64)));
        TestBackends.float32().forEach(n -> all.add(Arguments.of(n, Precision.FLOAT32)));
        return all.stream();
    }

    static DbnTraining.Plan plan() {
        RbmConfig base = RbmConfig.defaults(20).withBatchSize(20).withEpochs(3).withLearningRate(0.1)
                .withMomentum(0.5, 0.9, 1).withWeightDecay(2e-4).withSeed(11);
        DbnConfig dbn = new DbnConfig(List.of(base.withSparsity(0.1, 0.01), base, base.withHidden(30)
                .withPersistentChains(20)), 4, true);
        return new DbnTraining.Plan(dbn, WakeSleepConfig.defaults().withEpochs(3).withBatchSize(20)
                .withLearningRate(0.05).withTopGibbsSteps(2).withMomentum(0.5).withSeed(12), FineTuneConfig.defaults().withEpochs(6)
                .withBatchSize(20).withPatience(2).withSeed(13), 4);
    }

    record Outcome(Dbn dbn, List<EpochMetrics> history) {
    }

    static Outcome run(Backend b, TrainingControl control, TrainingListener... extra) {
        Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        Matrix xv = b.fromArray(DbnTestData.TEST.rows(), 36, DbnTestData.TEST.pixels());
        MetricsHistory history = new MetricsHistory();
        EarlyStopping stopping = new EarlyStopping("cost", false, 50, 0);
        control.register("history", history).register("stopping", stopping);
        List<TrainingListener> listeners = new ArrayList<>(List.of(history, stopping));
        listeners.addAll(List.of(extra));
        Dbn dbn = new DbnTraining(b).run(plan(), x, DbnTestData.TRAIN.labels(), xv, DbnTestData.TEST.labels(),
                control, (phase, d) -> { }, listeners);
        return new Outcome(dbn, history.epochs());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void aRunStoppedInEveryPhaseAndResumedEndsBitForBitAsTheUninterruptedOne(String name, Precision p,
                                                                            @TempDir Path dir) {
        Backend b = TestBackends.get(name, p);
        Outcome want = run(b, TrainingControl.none());
        CheckpointFiles store = new CheckpointFiles(dir, 3);
        TrainingState resume = null;
        List<String> stoppedIn = new ArrayList<>();
        for (Object[] stop : STOPS) {
            TrainingControl control = TrainingControl.none().checkpoints(store, 2);
            StopAt at = new StopAt(control, (String) stop[0], (int) stop[1], (int) stop[2]);
            TrainingState from = resume;
            assertThatThrownBy(() -> {
                if (from != null) {
                    control.resumeFrom(from);
                }
                run(b, control, at);
            }).as("stop at %s", java.util.Arrays.toString(stop)).isInstanceOf(TrainingInterruptedException.class);
            resume = store.latest().orElseThrow();
            stoppedIn.add(resume.getText(TrainingControl.STAGE));
            assertThat(store.files()).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(stoppedIn).contains("layer1", "layer2", "layer3", "wake-sleep", "fine-tune");
        TrainingControl control = TrainingControl.none().checkpoints(store, 2).resumeFrom(resume);
        Outcome got = run(b, control);
        assertThat(got.dbn()).as("parameters after %d interruptions", STOPS.length).isEqualTo(want.dbn());
        assertThat(got.dbn().classifier()).isPresent();
        assertThat(strip(got.history())).isEqualTo(strip(want.history()));
    }

    /** The metrics without their wall times. */
    static List<String> strip(List<EpochMetrics> h) {
        return h.stream().map(m -> m.stage() + " " + m.epoch() + " " + m.cost() + " " + m.values()).toList();
    }

    /** Requests a stop after the given batch. */
    record StopAt(TrainingControl control, String stage, int epoch, int batch) implements TrainingListener {
        @Override
        public void onBatch(String s, int e, int bt, int batches) {
            if (s.equals(stage) && e == epoch && bt == batch) {
                control.requestStop();
            }
        }
    }
}
