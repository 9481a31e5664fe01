package io.github.dbn4j.core;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every epoch's metrics, e.g. for learning curves, and every {@link TrainingWarning}. */
public final class MetricsHistory implements TrainingListener, Checkpointable {

    /** An empty history. */
    public MetricsHistory() {
    }

    private final List<EpochMetrics> epochs = new ArrayList<>();
    private final List<TrainingWarning> warnings = new ArrayList<>();

    @Override
    public void onWarning(TrainingWarning warning) {
        warnings.add(warning);
    }

    /** Every warning seen so far, in order. */
    public List<TrainingWarning> warnings() {
        return List.copyOf(warnings);
    }

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
        state.putLong("warnings", warnings.size());
        for (int i = 0; i < warnings.size(); i++) {
            TrainingWarning w = warnings.get(i);
            state.scoped("warning" + i).putText("stage", w.stage()).putLong("epoch", w.epoch())
                    .putText("kind", w.kind().name()).putText("message", w.message());
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
        warnings.clear();
        int n = state.has("warnings") ? state.getInt("warnings", 0, Integer.MAX_VALUE) : 0;
        for (int i = 0; i < n; i++) {
            TrainingState w = state.scoped("warning" + i);
            String kind = w.getText("kind");
            TrainingWarning.Kind k;
            try {
                k = TrainingWarning.Kind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(state.origin() + ": warning " + i + " has an unknown kind '" + kind
                        + "'", e);
            }
            warnings.add(new TrainingWarning(w.getText("stage"), w.getInt("epoch", 0, Integer.MAX_VALUE), k,
                    w.getText("message")));
        }
    }
}
