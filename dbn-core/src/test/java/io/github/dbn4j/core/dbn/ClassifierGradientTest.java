package io.github.dbn4j.core.dbn;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.Labels;
import io.github.dbn4j.core.TestBackends;
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
}
