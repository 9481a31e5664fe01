package io.github.dbn4j.core.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingInterruptedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.io.CheckpointFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A VAE run with a flow, stopped mid-epoch and at an epoch's end and resumed each time from its
 * newest checkpoint file, ends with exactly the parameters and metrics of the uninterrupted run:
 * Adam's moments and step, the binarisation stream and the noise positions all resume.
 */
class VaeResumeTest {

    static Stream<Arguments> backends() {
        List<Arguments> all = new ArrayList<>();
        TestBackends.float64().forEach(n -> all.add(Arguments.of(n, Precision.FLOAT64)));
        TestBackends.float32().forEach(n -> all.add(Arguments.of(n, Precision.FLOAT32)));
        return all.stream();
    }

    record Outcome(Vae vae, List<String> history) {
    }

    static Outcome run(Backend b, TrainingControl control, TrainingListener... extra) {
        Matrix x = VaeTestModels.data(b, 100, 16, 3, false);
        Matrix validation = VaeTestModels.data(b, 30, 16, 4, true);
        MetricsHistory history = new MetricsHistory();
        control.register("history", history);
        List<TrainingListener> listeners = new ArrayList<>(List.of(history));
        listeners.addAll(List.of(extra));
        VaeConfig config = VaeConfig.defaults().withHidden(List.of(12), List.of(10)).withLatent(4).withIaf(2, 6)
                .withBatchSize(20).withEpochs(4).withLearningRate(3e-3, 0.9).withSeed(8);
        Vae vae = new VaeTrainer(b).train(config, x, validation, control, listeners.toArray(TrainingListener[]::new));
        return new Outcome(vae, history.epochs().stream().map(VaeResumeTest::strip).toList());
    }

    static String strip(EpochMetrics m) {
        return m.stage() + " " + m.epoch() + " " + m.cost() + " " + m.values();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void aRunStoppedAndResumedEndsBitForBitAsTheUninterruptedOne(String name, Precision p, @TempDir Path dir) {
        Backend b = TestBackends.get(name, p);
        Outcome want = run(b, TrainingControl.none());
        CheckpointFiles store = new CheckpointFiles(dir, 3);
        TrainingState resume = null;
        for (int[] stop : new int[][] {{1, 2}, {2, 5}, {3, 3}}) {
            TrainingControl control = TrainingControl.none().checkpoints(store, 1);
            TrainingState from = resume;
            assertThatThrownBy(() -> {
                if (from != null) {
                    control.resumeFrom(from);
                }
                run(b, control, new TrainingListener() {
                    @Override
                    public void onBatch(String stage, int epoch, int batch, int batches) {
                        if (epoch == stop[0] && batch == stop[1]) {
                            control.requestStop();
                        }
                    }
                });
            }).isInstanceOf(TrainingInterruptedException.class);
            resume = store.latest().orElseThrow();
        }
        Outcome got = run(b, TrainingControl.none().checkpoints(store, 1).resumeFrom(resume));
        for (String n : want.vae().names()) {
            assertThat(got.vae().values(n)).as("%s %s after 3 interruptions", name, n)
                    .containsExactly(want.vae().values(n));
        }
        assertThat(got.history()).isEqualTo(want.history());
    }
}
