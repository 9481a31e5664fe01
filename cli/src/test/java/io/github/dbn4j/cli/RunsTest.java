package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.TrainingWarning.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsTest {

    private static TrainingWarning warning(String stage, int epoch, Kind kind) {
        return new TrainingWarning(stage, epoch, kind, kind + " after epoch " + epoch);
    }

    @Test
    void warningsOfConsecutiveEpochsMakeOneLineThatSaysWhetherTheyCleared() {
        MetricsHistory h = new MetricsHistory();
        for (int e = 1; e <= 6; e++) {
            h.onEpoch(new EpochMetrics("rbm", e, 6, 1.0, Map.of(), 0.1));
            if (e <= 3) {
                h.onWarning(warning("rbm", e, Kind.NO_INFORMATION));
            }
            if (e == 2 || e >= 5) {
                h.onWarning(warning("rbm", e, Kind.SATURATED));
            }
        }
        h.onEpoch(new EpochMetrics("fine-tune", 1, 2, 1.0, Map.of(), 0.1));
        h.onWarning(warning("fine-tune", 1, Kind.CHANCE));
        h.onEpoch(new EpochMetrics("fine-tune", 2, 2, 1.0, Map.of(), 0.1));
        h.onWarning(new TrainingWarning("samples", 0, Kind.LABELS_IGNORED, "samples ignore their labels"));

        assertThat(Runs.warnings(h)).containsExactly(
                "rbm, epochs 1-3 (cleared from epoch 4 of 6): NO_INFORMATION after epoch 3",
                "rbm, epoch 2 (cleared from epoch 3 of 6): SATURATED after epoch 2",
                "rbm, epochs 5-6: SATURATED after epoch 6",
                "fine-tune, epoch 1 (cleared from epoch 2 of 2): CHANCE after epoch 1",
                "samples: samples ignore their labels");
    }
}
