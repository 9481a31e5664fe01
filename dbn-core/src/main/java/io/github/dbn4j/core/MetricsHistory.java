package io.github.dbn4j.core;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every epoch's metrics, e.g. for learning curves. */
public final class MetricsHistory implements TrainingListener, Checkpointable {

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

    @Override
    public void saveState(TrainingState state) {
        state.putLong("count", epochs.size());
        for (int i = 0; i < epochs.size(); i++) {
            EpochMetrics m = epochs.get(i);
            TrainingState e = state.scoped(Integer.toString(i));
            e.putText("stage", m.stage()).putLong("epoch", m.epoch()).putLong("epochs", m.epochs())
                    .putDouble("cost", m.cost()).putDouble("seconds", m.seconds()).putValues("values", m.values());
        }
    }

    @Override
    public void loadState(TrainingState state) {
        int count = state.getInt("count", 0, Integer.MAX_VALUE);
        List<EpochMetrics> loaded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TrainingState e = state.scoped(Integer.toString(i));
            loaded.add(new EpochMetrics(e.getText("stage"), e.getInt("epoch", 1, Integer.MAX_VALUE),
                    e.getInt("epochs", 1, Integer.MAX_VALUE), e.getDouble("cost"), e.getValues("values"),
                    e.getDouble("seconds")));
        }
        epochs.clear();
        epochs.addAll(loaded);
    }
}
