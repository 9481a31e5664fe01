package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import java.util.ArrayList;
import java.util.List;

/** What an executor needs to make a slice of back-propagation fine-tuning: the starting classifier. */
final class FineTuneSpec extends SliceSpec {

    private static final long serialVersionUID = 1L;

    final int[] sizes;
    final List<double[]> weights = new ArrayList<>();
    final List<double[]> biases = new ArrayList<>();
    final FineTuneConfig config;

    FineTuneSpec(Classifier initial, FineTuneConfig config, String backend, Precision precision) {
        super(FineTuner.STAGE, backend, precision);
        this.sizes = initial.sizes();
        for (int i = 0; i < sizes.length - 1; i++) {
            weights.add(initial.weights(i));
            biases.add(initial.biases(i));
        }
        this.config = config;
    }

    Classifier initial() {
        return new Classifier(sizes, weights, biases);
    }

    @Override
    ParallelSlice slice(Backend backend, List<Case> cases, int index, double[][] start) {
        return new FineTuner(backend).slice(initial(), config, CaseSource.values(backend, cases, sizes[0]),
                CaseSource.labels(backend, cases, sizes[sizes.length - 1]), null, null, index);
    }
}
