package io.github.dbn4j.core.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.TestBackends;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The density of the approximate posterior. With a flow, by the change of variables:
 * {@code log q(z | x) = log N(eps) - log |det dz / deps|}, the Jacobian taken by finite
 * differences through the whole flow, so a wrong log-determinant or a mask that lets a unit see
 * itself is caught. Without one, through importance sampling: with a decoder that ignores
 * {@code z}, {@code p(x)} is known exactly and {@code log mean p(x|z) p(z) / q(z|x)} must find it.
 */
class VaeDensityTest {

    @Test
    void importanceSamplingFindsTheExactLikelihoodOfADecoderThatIgnoresZ() {
        int steps = 0;
        Backend b = TestBackends.get(TestBackends.reference(), Precision.FLOAT64);
        VaeArchitecture arch = VaeTestModels.small(steps);
        Vae random = VaeTestModels.random(arch, 21, 0.5);
        Map<String, double[]> p = new LinkedHashMap<>();
        for (String n : random.names()) {
            p.put(n, n.equals("decoder.W_out") ? new double[random.values(n).length] : random.values(n));
        }
        Vae vae = new Vae(arch, p);
        Matrix x = VaeTestModels.data(b, 3, 7, 22, true);
        double[] bias = vae.values("decoder.b_out");
        double[] xs = b.toArray(x);
        VaeEngine engine = new VaeEngine(b, vae);
        double[] got = engine.logLikelihood(x, 40_000, 1000, RandomStream.of(23), 0);
        for (int r = 0; r < 3; r++) {
            double exact = 0;
            for (int j = 0; j < 7; j++) {
                double logit = bias[j];
                exact += xs[r * 7 + j] * logit - Math.log1p(Math.exp(logit)); // log sigmoid(+-logit)
            }
            assertThat(got[r]).as("row %d with %d IAF steps", r, steps).isCloseTo(exact, within(0.02));
        }
    }

    @ParameterizedTest(name = "{0} IAF steps")
    @ValueSource(ints = {1, 2, 3})
    void theFlowsDensityIsTheChangeOfVariablesOfItsNoise(int steps) {
        Backend b = TestBackends.get(TestBackends.reference(), Precision.FLOAT64);
        VaeArchitecture arch = VaeTestModels.small(steps);
        VaeEngine engine = new VaeEngine(b, VaeTestModels.random(arch, 41 + steps, 0.8));
        Matrix x = VaeTestModels.data(b, 1, 7, 42, true);
        double[] eps = b.toArray(VaeTestModels.noise(b, 1, 3, 43));
        double[] at = engine.posteriorSample(x, b.fromArray(1, 3, eps));
        double logRatio = at[3];
        double logPrior = 0;
        double logNoise = 0;
        for (int j = 0; j < 3; j++) {
            logPrior -= 0.5 * at[j] * at[j] + 0.5 * Math.log(2 * Math.PI);
            logNoise -= 0.5 * eps[j] * eps[j] + 0.5 * Math.log(2 * Math.PI);
        }
        double[][] jac = new double[3][3];
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] up = eps.clone();
            double[] down = eps.clone();
            up[i] += h;
            down[i] -= h;
            double[] zu = engine.posteriorSample(x, b.fromArray(1, 3, up));
            double[] zd = engine.posteriorSample(x, b.fromArray(1, 3, down));
            for (int j = 0; j < 3; j++) {
                jac[j][i] = (zu[j] - zd[j]) / (2 * h);
            }
        }
        double det = jac[0][0] * (jac[1][1] * jac[2][2] - jac[1][2] * jac[2][1])
                - jac[0][1] * (jac[1][0] * jac[2][2] - jac[1][2] * jac[2][0])
                + jac[0][2] * (jac[1][0] * jac[2][1] - jac[1][1] * jac[2][0]);
        double byChangeOfVariables = logNoise - Math.log(Math.abs(det));
        assertThat(logRatio + logPrior).as("log q(z | x) with %d steps", steps)
                .isCloseTo(byChangeOfVariables, within(1e-6));
        double offDiagonal = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    offDiagonal = Math.max(offDiagonal, Math.abs(jac[j][i]));
                }
                if (steps == 1 && i > j) {
                    assertThat(jac[j][i]).as("one step: z%d does not depend on the later eps%d", j, i)
                            .isCloseTo(0.0, within(1e-9));
                }
            }
        }
        assertThat(offDiagonal).as("the flow mixes the units (a diagonal map alone would pass)").isGreaterThan(1e-2);
    }

    @Test
    void oneSampleImportanceWeightsAverageToTheAnalyticElbo() {
        Backend b = TestBackends.get(TestBackends.reference(), Precision.FLOAT64);
        VaeEngine engine = new VaeEngine(b, VaeTestModels.random(VaeTestModels.small(0), 31, 0.5));
        Matrix x = VaeTestModels.data(b, 1, 7, 32, true);
        Matrix eps = b.create(1, 3);
        int n = 20_000;
        double weights = 0;
        double elbo = 0;
        for (int i = 0; i < n; i++) {
            weights += engine.logLikelihood(x, 1, 1, RandomStream.of(33), (long) i * 3)[0];
            b.fillGaussian(RandomStream.of(33), (long) i * 3, eps);  // the same noise, the analytic KL
            elbo -= engine.loss(x, eps).negativeElbo();
        }
        assertThat(weights / n).isCloseTo(elbo / n, within(0.05)).isNotEqualTo(elbo / n);
    }
}
