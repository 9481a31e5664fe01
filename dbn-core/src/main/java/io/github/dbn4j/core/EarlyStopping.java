package io.github.dbn4j.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Stops a stage when a metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row. Each stage is watched separately.
 */
public final class EarlyStopping implements TrainingListener, Checkpointable {

    private final String metric;
    private final boolean maximize;
    private final int patience;
    private final double minDelta;
    private final Map<String, double[]> state = new HashMap<>(); // stage -> {best, epochs without improvement}

    /**
     * @param metric   a name from {@link Metrics}, or {@code cost} for the stage's main cost
     * @param maximize whether larger is better (log-likelihoods) or smaller (costs, errors)
     */
    public EarlyStopping(String metric, boolean maximize, int patience, double minDelta) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric must be named");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be at least 0, got " + minDelta);
        }
        this.metric = metric;
        this.maximize = maximize;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public Decision onEpoch(EpochMetrics m) {
        double value = metric.equals("cost") ? m.cost() : m.get(metric);
        if (Double.isNaN(value)) {
            return Decision.CONTINUE;
        }
        double score = maximize ? value : -value;
        double[] s = state.computeIfAbsent(m.stage(), k -> new double[] {Double.NEGATIVE_INFINITY, 0});
        if (score > s[0] + minDelta) {
            s[0] = score;
            s[1] = 0;
            return Decision.CONTINUE;
        }
        s[1]++;
        return s[1] >= patience ? Decision.STOP : Decision.CONTINUE;
    }

    @Override
    public void saveState(TrainingState s) {
        s.putText("stages", String.join("\n", state.keySet()));
        int i = 0;
        for (double[] v : state.values()) {
            s.putArray("stage" + i++, v.clone(), v.length);
        }
    }

    @Override
    public void loadState(TrainingState s) {
        String stages = s.getText("stages");
        Map<String, double[]> loaded = new HashMap<>();
        if (!stages.isEmpty()) {
            String[] names = stages.split("\n", -1);
            for (int i = 0; i < names.length; i++) {
                loaded.put(names[i], s.values("stage" + i, 2));
            }
        }
        state.clear();
        state.putAll(loaded);
    }
}
