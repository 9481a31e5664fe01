package io.github.dbn4j.examples;

import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar per epoch (stage, epoch, batch, last cost) on a
 * terminal, one plain line per epoch otherwise (logs, pipes, CI).
 */
final class ConsoleProgress implements TrainingListener {

    private final PrintStream err;
    private final boolean terminal;
    private ProgressBar bar;
    private String barKey;
    private double lastCost = Double.NaN;

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
                bar.setExtraMessage(String.format(Locale.ROOT, " cost %.4g", lastCost));
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
        err.println(sb);
        err.flush();
        return Decision.CONTINUE;
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            barKey = null;
        }
    }
}
