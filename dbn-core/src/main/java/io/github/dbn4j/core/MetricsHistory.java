package io.github.dbn4j.core;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every epoch's metrics, e.g. for learning curves. */
public final class MetricsHistory implements TrainingListener {

    private final List<EpochMetrics> epochs = new ArrayList<>();

    @Override
    public Decision onEpoch(EpochMetrics metrics) {
        epochs.add(metrics);
        return Decision.CONTINUE;
    }

    /** Every epoch seen so far, in order. */
    public List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    /** The epochs of one stage. */
    public List<EpochMetrics> stage(String stage) {
        return epochs.stream().filter(e -> e.stage().equals(stage)).toList();
    }
}
