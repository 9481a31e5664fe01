package io.github.dbn4j.core.dbn;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.internal.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The back-propagated gradient against central finite differences of the cost, in float64. */
class ClassifierGradientTest {

    static Stream<String> backends() {
        return TestBackends.float64();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void backpropagationMatchesFiniteDifferences(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        int[] sizes = {5, 4, 3, 3};
        SplittableRandom r = new SplittableRandom(3);
        List<double[]> w = new ArrayList<>();
        List<double[]> bias = new ArrayList<>();
        for (int i = 0; i < sizes.length - 1; i++) {
            double[] wi = new double[sizes[i] * sizes[i + 1]];
            double[] bi = new double[sizes[i + 1]];
            for (int k = 0; k < wi.length; k++) {
                wi[k] = r.nextDouble() * 2 - 1;
            }
            for (int k = 0; k < bi.length; k++) {
                bi[k] = r.nextDouble() - 0.5;
            }
            w.add(wi);
            bias.add(bi);
        }
        double[] xs = new double[6 * 5];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = r.nextDouble();
        }
        int[] ys = {0, 2, 1, 1, 0, 2};
        Matrix x = b.fromArray(6, 5, xs);
        Matrix y = Labels.oneHot(b, ys, 3);

        ClassifierEngine engine = new ClassifierEngine(b, new Classifier(sizes, w, bias));
        List<Matrix> gW = new ArrayList<>();
        List<Matrix> gB = new ArrayList<>();
        for (int i = 0; i < sizes.length - 1; i++) {
            gW.add(b.create(sizes[i], sizes[i + 1]));
            gB.add(b.create(1, sizes[i + 1]));
        }
        engine.gradient(x, y, engine.activations(6), gW, gB);

        double eps = 1e-6;
        for (int layer = 0; layer < sizes.length - 1; layer++) {
            for (List<double[]> params : List.of(w, bias)) {
                double[] p = params.get(layer);
                double[] numeric = new double[p.length];
                for (int k = 0; k < p.length; k++) {
                    double keep = p[k];
                    p[k] = keep + eps;
                    double up = cost(b, sizes, w, bias, x, y);
                    p[k] = keep - eps;
                    double down = cost(b, sizes, w, bias, x, y);
                    p[k] = keep;
                    numeric[k] = (up - down) / (2 * eps);
                }
                Matrix analytic = params == w ? gW.get(layer) : gB.get(layer);
                assertAllClose(b.toArray(analytic), numeric, 1e-6, 1e-8,
                        name + " layer " + layer + (params == w ? " weights" : " biases"));
            }
        }
    }

    private static double cost(Backend b, int[] sizes, List<double[]> w, List<double[]> bias, Matrix x, Matrix y) {
        ClassifierEngine e = new ClassifierEngine(b, new Classifier(sizes, w, bias));
        List<Matrix> acts = e.activations(x.rows());
        e.forward(x, acts);
        return e.crossEntropy(acts.get(acts.size() - 1), y);
    }

    /**
     * A confident classifier whose true-class probabilities round to 1 in float32: its
     * cross-entropy (about 3e-9 per case) and the gradient of its logits keep their float64
     * values to single precision instead of collapsing to 0.
     */
    @org.junit.jupiter.api.Test
    void aConfidentClassifiersTinyCostKeepsItsPrecisionInFloat32() {
        int[] sizes = {2, 3};
        // logits 20 x_0 - 20 x_1 style: the true class leads by about 20 nats
        List<double[]> w = List.of(new double[] {10, -10, -10, -10, 10, -10});
        List<double[]> bias = List.of(new double[] {0, 0, 0});
        double[] xs = {1, 0, 0, 1, 1, 0};
        int[] ys = {0, 1, 0};
        double[] costs = new double[2];
        double[][] grads = new double[2][];
        int k = 0;
        for (Precision p : new Precision[] {Precision.FLOAT64, Precision.FLOAT32}) {
            String name = TestBackends.float32().findFirst().orElseThrow();
            Backend b = TestBackends.get(name, p);
            ClassifierEngine e = new ClassifierEngine(b, new Classifier(sizes, w, bias));
            List<Matrix> gW = List.of(b.create(2, 3));
            List<Matrix> gB = List.of(b.create(1, 3));
            costs[k] = e.gradient(b.fromArray(3, 2, xs), Labels.oneHot(b, ys, 3), e.activations(3), gW, gB);
            grads[k] = b.toArray(gB.get(0));
            k++;
        }
        // -log p_y = log(1 + 2 e^-20) per case
        org.assertj.core.api.Assertions.assertThat(costs[0]).isCloseTo(Math.log1p(2 * Math.exp(-20)),
                org.assertj.core.api.Assertions.withinPercentage(1e-6));
        org.assertj.core.api.Assertions.assertThat(costs[1]).isCloseTo(costs[0],
                org.assertj.core.api.Assertions.withinPercentage(0.01));
        assertAllClose(grads[1], grads[0], 1e-4, 1e-14, "float32 bias gradient against float64");
        org.assertj.core.api.Assertions.assertThat(grads[1][0]).as("the true class's pull").isNegative();
    }
}
