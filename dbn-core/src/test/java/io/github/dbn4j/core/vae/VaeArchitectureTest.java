package io.github.dbn4j.core.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes, names and autoregressive masks of a VAE, and the errors for bad ones. */
class VaeArchitectureTest {

    @Test
    void everyOutputOfAStepDependsOnlyOnTheLatentUnitsBeforeItInThatStepsOrder() {
        VaeArchitecture a = new VaeArchitecture(10, List.of(8), 5, List.of(8), 2, 12);
        for (int t = 0; t < 2; t++) {
            double[] in = a.inputMask(t);
            double[] out = a.outputMask(t);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double paths = 0;
                    for (int k = 0; k < 12; k++) {
                        paths += in[i * 12 + k] * out[k * 5 + j];
                    }
                    // step 0 orders 0, 1, ..., 4; step 1 the reverse
                    boolean before = t == 0 ? i < j : i > j;
                    assertThat(paths > 0).as("step %d: z%d -> output %d", t, i, j).isEqualTo(before);
                }
            }
        }
    }

    @Test
    void namesAndShapesFollowTheDocumentedOrder() {
        VaeArchitecture a = new VaeArchitecture(784, List.of(200, 100), 50, List.of(100, 200), 1, 64);
        Map<String, int[]> s = a.shapes();
        assertThat(s.keySet()).containsExactly("encoder.W0", "encoder.b0", "encoder.W1", "encoder.b1",
                "encoder.W_mu", "encoder.b_mu", "encoder.W_logvar", "encoder.b_logvar", "iaf0.W_z", "iaf0.W_h",
                "iaf0.b", "iaf0.W_m", "iaf0.b_m", "iaf0.W_s", "iaf0.b_s", "decoder.W0", "decoder.b0",
                "decoder.W1", "decoder.b1", "decoder.W_out", "decoder.b_out");
        assertThat(s.get("iaf0.W_h")).containsExactly(100, 64);
        assertThat(s.get("decoder.W_out")).containsExactly(200, 784);
        assertThat(a.parameterCount()).isEqualTo(784 * 200 + 200 + 200 * 100 + 100 + 2 * (100 * 50 + 50)
                + 50 * 64 + 100 * 64 + 64 + 2 * (64 * 50 + 50) + 50 * 100 + 100 + 100 * 200 + 200 + 200 * 784 + 784);
    }

    @Test
    void badShapesAndSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new VaeArchitecture(0, List.of(5), 2, List.of(5), 0, 0))
                .hasMessageContaining("0 inputs");
        assertThatThrownBy(() -> new VaeArchitecture(4, List.of(), 2, List.of(5), 0, 0))
                .hasMessageContaining("encoderHidden");
        assertThatThrownBy(() -> new VaeArchitecture(4, List.of(5), 2, List.of(5, 0), 0, 0))
                .hasMessageContaining("decoderHidden");
        assertThatThrownBy(() -> new VaeArchitecture(4, List.of(5), 2, List.of(5), 2, 0))
                .hasMessageContaining("iafHidden");
        assertThatThrownBy(() -> VaeConfig.defaults().withLearningRate(-1, 1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> VaeConfig.defaults().withLearningRate(1e-3, 1.5))
                .hasMessageContaining("learningRateDecay");
        VaeArchitecture a = VaeTestModels.small(1);
        Vae v = VaeTestModels.random(a, 1, 0.5);
        java.util.Map<String, double[]> p = new java.util.LinkedHashMap<>();
        for (String n : v.names()) {
            p.put(n, v.values(n));
        }
        double[] wz = p.get("iaf0.W_z");
        int masked = 0;
        while (a.inputMask(0)[masked] != 0) {
            masked++;
        }
        wz[masked] = 0.5;
        assertThatThrownBy(() -> new Vae(a, p)).hasMessageContaining("iaf0.W_z[" + masked + "]")
                .hasMessageContaining("mask");
        p.remove("iaf0.W_z");
        assertThatThrownBy(() -> new Vae(a, p)).hasMessageContaining("iaf0.W_z");
    }
}
