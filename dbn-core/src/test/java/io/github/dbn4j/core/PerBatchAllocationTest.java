package io.github.dbn4j.core;

import io.github.dbn4j.core.internal.Labels;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.vae.VaeConfig;
import io.github.dbn4j.core.vae.VaeOutput;
import io.github.dbn4j.core.vae.VaeTrainer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training loops allocate nothing per mini-batch: on every backend and precision, the heap
 * bytes this thread allocates between two consecutive batches of an epoch (its first batch and
 * the epoch's own bookkeeping excluded) are zero for CD-1, PCD-1 with labels, wake-sleep,
 * back-propagation and a VAE's Adam steps (with and without a flow, Bernoulli and Gaussian outputs),
 * but for rare one-off work of the runtime. Every buffer is sized once per shape.
 */
class PerBatchAllocationTest {

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String b : List.of("ejml", "nd4j", "commons")) {
            if (TestBackends.names().contains(b)) {
                for (Precision p : b.equals("commons") ? List.of(Precision.FLOAT64)
                        : List.of(Precision.FLOAT32, Precision.FLOAT64)) {
                    for (String loop : List.of("cd1", "pcd1-labels", "wake-sleep", "fine-tune", "vae", "vae-iaf",
                            "vae-gaussian")) {
                        all.add(Arguments.of(b, p, loop));
                    }
                }
            }
        }
        return all.stream();
    }

    /** Heap bytes allocated between consecutive onBatch calls, after the first batch of each epoch. */
    static final class Probe implements TrainingListener {
        final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final List<Long> perBatch = new ArrayList<>();
        long last = -1;

        @Override
        public void onBatch(String stage, int epoch, int batch, int batches) {
            long now = mx.getCurrentThreadAllocatedBytes();
            if (batch > 1 && last >= 0) {
                perBatch.add(now - last);
            }
            last = mx.getCurrentThreadAllocatedBytes();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void noHeapAllocationPerMiniBatch(String name, Precision precision, String loop) {
        Backend b = TestBackends.get(name, precision);
        Patterns.Labelled d = Patterns.tinyShapes(400, 0.15, 3);
        Matrix x = b.fromArray(d.rows(), 36, d.pixels());
        RbmConfig rbm = RbmConfig.defaults(20).withBatchSize(20).withEpochs(3).withWeightDecay(1e-4)
                .withSparsity(0.1, 0.01);
        Probe probe = new Probe();
        switch (loop) {
            case "cd1" -> new RbmTrainer(b).train(rbm, x, TrainingOptions.defaults().withListeners(probe));
            case "pcd1-labels" -> new RbmTrainer(b).train(rbm.withPersistentChains(20), null, BatchSource.of(b, x),
                    BatchSource.of(b, Labels.oneHot(b, d.labels(), 4)), RbmTrainer.STAGE,
                    TrainingOptions.defaults().withListeners(probe));
            case "wake-sleep" -> {
                Dbn dbn = new DbnTrainer(b).pretrain(DbnConfig.of(rbm.withEpochs(1), 4, 20, 20, 30), x, d.labels());
                new WakeSleepTrainer(b).train(dbn, WakeSleepConfig.defaults().withEpochs(3).withBatchSize(20), x,
                        d.labels(), probe);
            }
            case "fine-tune" -> {
                Dbn dbn = new DbnTrainer(b).pretrain(DbnConfig.of(rbm.withEpochs(1), 0, 20, 20), x, null);
                Classifier c = dbn.unroll(4, 1);
                new FineTuner(b).train(c, FineTuneConfig.defaults().withEpochs(3).withBatchSize(20), x, d.labels(),
                        null, null, probe);
            }
            case "vae", "vae-iaf", "vae-gaussian" -> {
                VaeConfig vae = VaeConfig.defaults().withHidden(List.of(16), List.of(16)).withLatent(4)
                        .withIaf(loop.equals("vae-iaf") ? 2 : 0, 8).withBatchSize(20).withEpochs(3)
                        .withOutput(loop.equals("vae-gaussian") ? VaeOutput.GAUSSIAN : VaeOutput.BERNOULLI);
                new VaeTrainer(b).train(vae, x, null, TrainingControl.none(), probe);
            }
            default -> throw new IllegalArgumentException(loop);
        }
        assertThat(probe.perBatch).hasSizeGreaterThan(45);
        long nonZero = probe.perBatch.stream().filter(v -> v != 0).count();
        assertThat(nonZero).as("batches after which the heap grew at all (bytes per batch: %s); the rare ones "
                + "are the runtime's one-off work (class loading, compilation)", probe.perBatch)
                .isLessThanOrEqualTo(probe.perBatch.size() / 10);
        long total = probe.perBatch.stream().mapToLong(Long::longValue).sum();
        assertThat(total).as("all bytes allocated between batches, %s", probe.perBatch).isLessThan(16_384);
    }
}
