package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.core.EpochMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain progress lines: metrics, and the time left in the stage at the pace of its recent epochs. */
class ConsoleProgressTest {

    @Test
    void eachEpochLineEstimatesTheTimeLeftInItsStage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.onEpoch(new EpochMetrics("fine-tune-cg", 1, 200, 0.5, Map.of("train_cross_entropy", 0.5), 20));
        p.onEpoch(new EpochMetrics("fine-tune-cg", 2, 200, 0.4, Map.of("train_cross_entropy", 0.4), 40));
        for (int e = 3; e <= 7; e++) { // five epochs of 60 s: the two fast first ones no longer count
            p.onEpoch(new EpochMetrics("fine-tune-cg", e, 200, 0.4, Map.of(), 60));
        }
        p.onEpoch(new EpochMetrics("layer1", 1, 2, 0.4, Map.of(), 3));
        p.onEpoch(new EpochMetrics("layer1", 2, 2, 0.4, Map.of(), 3));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("fine-tune-cg epoch 1/200 (20.0 s) train_cross_entropy=0.50000")
                .endsWith("(66 min left in fine-tune-cg)"); // 199 epochs of 20 s
        assertThat(lines[1]).endsWith("(1 h 39 min left in fine-tune-cg)"); // 198 epochs of 30 s
        assertThat(lines[6]).endsWith("(3 h 13 min left in fine-tune-cg)"); // 193 epochs of 60 s
        assertThat(lines[7]).endsWith("(3 s left in layer1)");
        assertThat(lines[8]).doesNotContain("left");
        assertThat(ConsoleProgress.duration(600)).isEqualTo("10 min");
    }
}
