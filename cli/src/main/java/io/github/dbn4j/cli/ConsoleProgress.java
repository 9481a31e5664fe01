package io.github.dbn4j.cli;

import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar per epoch (stage, epoch, batch, last cost, the time
 * left in the stage) on a terminal, and one line per epoch everywhere (logs, pipes, CI) with the
 * epoch's metrics and, for stages of more than one epoch, the estimated time left in the stage:
 * the mean time of its last (up to) five epochs times the epochs to go, so that a stage whose
 * epochs change in cost (the conjugate gradients' first epochs train one layer) is judged by its
 * recent pace.
 */
final class ConsoleProgress implements TrainingListener {

    private final PrintStream err;
    private final boolean terminal;
    private ProgressBar bar;
    private String barKey;
    private double lastCost = Double.NaN;
    private static final int PACE_EPOCHS = 5;
    private String timedStage;
    private final java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();
    private String left = "";

    ConsoleProgress(PrintStream err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    @Override
    public void onBatch(String stage, int epoch, int batch, int batches) {
        if (!terminal) {
            return;
        }
        String key = stage + "/" + epoch;
        if (!key.equals(barKey)) {
            close();
            barKey = key;
            bar = new ProgressBarBuilder().setTaskName(stage + " epoch " + epoch).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).build();
            if (!Double.isNaN(lastCost)) {
                bar.setExtraMessage(String.format(Locale.ROOT, " cost %.4g%s", lastCost, left));
            }
        }
        bar.stepTo(batch);
    }

    @Override
    public Decision onEpoch(EpochMetrics m) {
        close();
        lastCost = m.cost();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s epoch %d/%d (%.1f s)", m.stage(), m.epoch(),
                m.epochs(), m.seconds()));
        m.values().forEach((k, v) -> {
            if (!k.equals("momentum")) {
                sb.append(String.format(Locale.ROOT, " %s=%.5g", k, v));
            }
        });
        if (!m.stage().equals(timedStage)) {
            timedStage = m.stage();
            recent.clear();
        }
        recent.addLast(m.seconds());
        if (recent.size() > PACE_EPOCHS) {
            recent.removeFirst();
        }
        double pace = recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        int toGo = m.epochs() - m.epoch();
        left = toGo > 0 ? ", " + duration(pace * toGo) + " left in " + m.stage() : "";
        sb.append(left.isEmpty() ? "" : " (" + left.substring(2) + ")");
        err.println(sb);
        err.flush();
        return Decision.CONTINUE;
    }

    /** A duration for people: seconds, minutes, or hours and minutes. */
    static String duration(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 5400) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        long minutes = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            barKey = null;
        }
    }
}
