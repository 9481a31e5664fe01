package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.io.CheckpointFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The divergence guard: roll back and stop with the last good state on disk, or roll back and halve. */
class DivergenceTest {

    static Stream<String> backends() {
        return TestBackends.float64();
    }

    /** Gaussian visible units at a learning rate that diverges in epoch 11 of 20. */
    private static final RbmConfig WILD = RbmConfig.defaults(5).withVisibleUnits(VisibleUnits.GAUSSIAN)
            .withBatchSize(10).withEpochs(20).withLearningRate(100).withCentered(false);

    private static Rbm train(Backend b, TrainingControl control, TrainingListener... listeners) {
        double[] v = Patterns.randomBinary(60, 12, 1);
        for (int i = 0; i < v.length; i++) {
            v[i] = 4 * v[i] - 2;
        }
        Matrix data = b.fromArray(60, 12, v);
        return new RbmTrainer(b).train(WILD, null, BatchSource.of(b, data), null, "rbm",
                TrainingOptions.defaults().withControl(control).withListeners(listeners));
    }

    record Rollback(String stage, int epoch, int batch, String what, double lr) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void halvingRollsBackAndTrainsTheEpochAgainUntilItStaysFinite(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        List<Rollback> rollbacks = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onRollback(String stage, int epoch, int batch, String what, double lr) {
                rollbacks.add(new Rollback(stage, epoch, batch, what, lr));
            }
        };
        Rbm rbm = train(b, TrainingControl.none().onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE, 30),
                l);
        assertThat(rollbacks).isNotEmpty();
        assertThat(rollbacks.get(0).stage()).isEqualTo("rbm");
        assertThat(rollbacks.get(0).lr()).isEqualTo(WILD.learningRate() / 2);
        double lr = rbm.config().orElseThrow().learningRate();
        assertThat(lr).isEqualTo(WILD.learningRate() / Math.pow(2, rollbacks.size()));
        assertThat(java.util.Arrays.stream(rbm.weights()).allMatch(Double::isFinite)).isTrue();
        assertThat(train(b, TrainingControl.none().onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE,
                30))).as("deterministic").isEqualTo(rbm);
        assertThatThrownBy(() -> train(b, TrainingControl.none()
                .onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE, 1)))
                .as("the halvings are bounded").isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("after 1 halvings");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void stoppingKeepsTheLastGoodStateOnDiskAndAResumeWithHalvingEndsAsAnUninterruptedOne(String name,
                                                                                         @TempDir Path dir) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        CheckpointFiles store = new CheckpointFiles(dir, 2);
        TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> train(b, TrainingControl.none().checkpoints(store, 1)));
        assertThat(e.getMessage()).startsWith("rbm: ").contains("epoch " + e.epoch() + ", batch").contains(e.checkpoint().orElseThrow())
                .contains("smaller learning rate").contains("halve it by itself");
        TrainingState saved = store.latest().orElseThrow();
        assertThat(saved.getText(TrainingControl.STAGE)).isEqualTo("rbm");
        assertThat(saved.getLong("run/loop/epoch")).isEqualTo(e.epoch() - 1).isPositive();
        Rbm last = (Rbm) e.lastGoodModel().orElseThrow();
        assertThat(saved.values("run/trainer/W", 60)).isEqualTo(last.weights());

        Rbm resumed = train(b, TrainingControl.none().resumeFrom(saved)
                .onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE, 30));
        Rbm straight = train(b, TrainingControl.none().onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE,
                30));
        assertThat(resumed).isEqualTo(straight);
    }

    /**
     * A run stopped in the middle of an epoch after a halving resumes at the halved rate: the rest
     * of that epoch, loaded from the checkpoint, must not take the rate the configuration starts with.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aStopInTheEpochAfterAHalvingResumesAtTheHalvedRate(String name, @TempDir Path dir) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        CheckpointFiles store = new CheckpointFiles(dir, 2);
        TrainingControl control = TrainingControl.none().checkpoints(store, 1)
                .onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE, 30);
        int[] rolledBackIn = {0};
        TrainingListener stopAfterRollback = new TrainingListener() {
            @Override
            public void onRollback(String stage, int epoch, int batch, String what, double lr) {
                rolledBackIn[0] = epoch;
            }

            @Override
            public void onBatch(String stage, int epoch, int batch, int batches) {
                if (rolledBackIn[0] > 0 && epoch == rolledBackIn[0] + 1 && batch == 2) {
                    control.requestStop();
                }
            }
        };
        assertThatThrownBy(() -> train(b, control, stopAfterRollback))
                .isInstanceOf(io.github.dbn4j.core.TrainingInterruptedException.class);
        TrainingState saved = store.latest().orElseThrow();
        assertThat(saved.getLong("run/loop/batch")).as("stopped within an epoch").isEqualTo(2);
        assertThat(saved.getDouble("run/trainer/lr")).as("the checkpoint holds the halved rate")
                .isLessThan(WILD.learningRate());
        Rbm resumed = train(b, TrainingControl.none().resumeFrom(saved)
                .onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE, 30));
        Rbm straight = train(b, TrainingControl.none().onDivergence(TrainingControl.OnDivergence.HALVE_LEARNING_RATE,
                30));
        assertThat(resumed).isEqualTo(straight);
    }
}
