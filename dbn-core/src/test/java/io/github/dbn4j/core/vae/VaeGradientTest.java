package io.github.dbn4j.core.vae;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written back-propagation of the negative ELBO against central finite differences, in
 * float64 on every backend: the encoder, the decoder (Bernoulli and Gaussian outputs), and the flow
 * (with one and with two IAF steps, the second in the reversed order), for every parameter; masked
 * IAF weights get no gradient.
 */
class VaeGradientTest {

    static Stream<Arguments> cases() {
        return TestBackends.float64().flatMap(n -> Stream.of(Arguments.of(n, 0, VaeOutput.BERNOULLI),
                Arguments.of(n, 1, VaeOutput.BERNOULLI), Arguments.of(n, 2, VaeOutput.BERNOULLI),
                Arguments.of(n, 0, VaeOutput.GAUSSIAN), Arguments.of(n, 1, VaeOutput.GAUSSIAN)));
    }

    @ParameterizedTest(name = "{0}, {1} IAF steps, {2}")
    @MethodSource("cases")
    void backpropagationMatchesFiniteDifferences(String name, int steps, VaeOutput output) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        VaeArchitecture arch = VaeTestModels.small(steps, output);
        Vae vae = VaeTestModels.random(arch, 5 + steps, 0.6);
        Matrix x = VaeTestModels.data(b, 4, 7, 9, false);
        Matrix eps = VaeTestModels.noise(b, 4, 3, 10);
        VaeEngine engine = new VaeEngine(b, vae);
        engine.gradient(x, eps);
        List<String> names = engine.names();
        double h = 1e-6;
        int checked = 0;
        for (int i = 0; i < names.size(); i++) {
            String param = names.get(i);
            double[] analytic = b.toArray(engine.gradients().get(i));
            double[] mask = mask(arch, param);
            double[] values = vae.values(param);
            double[] numeric = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                if (mask != null && mask[k] == 0) {
                    assertThat(analytic[k]).as("%s %s[%d]: masked, no gradient", name, param, k).isZero();
                    continue;
                }
                double keep = values[k];
                values[k] = keep + h;
                double up = meanCost(b, vae, param, values, x, eps);
                values[k] = keep - h;
                double down = meanCost(b, vae, param, values, x, eps);
                values[k] = keep;
                numeric[k] = (up - down) / (2 * h);
                checked++;
            }
            assertAllClose(analytic, numeric, 1e-5, 1e-8, name + ", " + steps + " IAF steps, " + param);
        }
        assertThat(checked).isGreaterThan(100);
    }

    private static double[] mask(VaeArchitecture arch, String param) {
        for (int t = 0; t < arch.iafSteps(); t++) {
            if (param.equals("iaf" + t + ".W_z")) {
                return arch.inputMask(t);
            }
            if (param.equals("iaf" + t + ".W_m") || param.equals("iaf" + t + ".W_s")) {
                return arch.outputMask(t);
            }
        }
        return null;
    }

    private static double meanCost(Backend b, Vae vae, String param, double[] values, Matrix x, Matrix eps) {
        Map<String, double[]> p = new LinkedHashMap<>();
        for (String n : vae.names()) {
            p.put(n, n.equals(param) ? values : vae.values(n));
        }
        Vae changed = new Vae(vae.architecture(), p);
        return new VaeEngine(b, changed).loss(x, eps).negativeElbo() / x.rows();
    }
}
