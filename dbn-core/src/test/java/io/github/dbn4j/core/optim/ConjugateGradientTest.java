package io.github.dbn4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The line-search conjugate gradients on functions whose minimum is known. */
class ConjugateGradientTest {

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);

    /** f(x) = x'Ax/2 - c'x over two blocks (a 1x4 and a 2x1 matrix), A symmetric positive definite. */
    static final class Quadratic implements ConjugateGradient.Objective {
        final Backend b;
        final double[][] a;
        final double[] c;
        int calls;

        Quadratic(Backend b, long seed) {
            this.b = b;
            int n = 6;
            SplittableRandom r = new SplittableRandom(seed);
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i][j] = r.nextDouble() * 2 - 1;
                }
            }
            a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        a[i][j] += m[k][i] * m[k][j];
                    }
                }
                a[i][i] += 0.5;
            }
            c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = r.nextDouble() * 4 - 2;
            }
        }

        double[] flat(List<Matrix> p) {
            double[] x = new double[6];
            System.arraycopy(b.toArray(p.get(0)), 0, x, 0, 4);
            System.arraycopy(b.toArray(p.get(1)), 0, x, 4, 2);
            return x;
        }

        @Override
        public double evaluate(List<Matrix> point, List<Matrix> gradient) {
            calls++;
            double[] x = flat(point);
            double[] g = new double[6];
            double f = 0;
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    g[i] += a[i][j] * x[j];
                }
                f += 0.5 * x[i] * g[i] - c[i] * x[i];
                g[i] -= c[i];
            }
            b.set(gradient.get(0), new double[] {g[0], g[1], g[2], g[3]});
            b.set(gradient.get(1), new double[] {g[4], g[5]});
            return f;
        }

        /** The minimiser A^-1 c, by Gauss-Jordan elimination. */
        double[] solution() {
            int n = 6;
            double[][] m = new double[n][n + 1];
            for (int i = 0; i < n; i++) {
                System.arraycopy(a[i], 0, m[i], 0, n);
                m[i][n] = c[i];
            }
            for (int col = 0; col < n; col++) {
                int piv = col;
                for (int r = col + 1; r < n; r++) {
                    if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                        piv = r;
                    }
                }
                double[] t = m[col];
                m[col] = m[piv];
                m[piv] = t;
                for (int r = 0; r < n; r++) {
                    if (r != col) {
                        double factor = m[r][col] / m[col][col];
                        for (int k = col; k <= n; k++) {
                            m[r][k] -= factor * m[col][k];
                        }
                    }
                }
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = m[i][n] / m[i][i];
            }
            return x;
        }
    }

    private List<Matrix> start() {
        return List.of(b.fromArray(1, 4, new double[] {1, -1, 0.5, 2}), b.fromArray(2, 1, new double[] {-3, 0}));
    }

    @Test
    void reachesTheMinimumOfAQuadraticAcrossMatrices() {
        Quadratic q = new Quadratic(b, 7);
        List<Matrix> x = start();
        ConjugateGradient.Result r = new ConjugateGradient(b).minimize(q, x, 20);
        double[] want = q.solution();
        double[] got = q.flat(x);
        for (int i = 0; i < 6; i++) {
            assertThat(got[i]).as("x[%d]", i).isCloseTo(want[i], within(1e-7));
        }
        assertThat(r.finalValue()).isLessThan(r.initialValue());
        assertThat(r.evaluations()).isEqualTo(q.calls).isLessThanOrEqualTo(1 + 20 * ConjugateGradient.MAX_EVALUATIONS);
    }

    @Test
    void everyLineSearchLowersTheValueAndMeetsTheWolfeConditions() {
        Quadratic q = new Quadratic(b, 11);
        List<Matrix> x = start();
        ConjugateGradient cg = new ConjugateGradient(b);
        double before = q.evaluate(x, start());
        for (int i = 0; i < 3; i++) {
            ConjugateGradient.Result r = cg.minimize(q, x, 1);
            assertThat(r.lineSearches()).isEqualTo(1);
            assertThat(r.finalValue()).isLessThan(before);
            before = r.finalValue();
        }
    }

    /** Rosenbrock's valley, f(u, v) = (1 - u)^2 + 100 (v - u^2)^2, minimum 0 at (1, 1), from (-1.2, 1). */
    @Test
    void followsRosenbrocksValleyToItsMinimum() {
        ConjugateGradient.Objective rosenbrock = (p, g) -> {
            double[] z = b.toArray(p.get(0));
            double u = z[0];
            double v = z[1];
            b.set(g.get(0), new double[] {-2 * (1 - u) - 400 * u * (v - u * u), 200 * (v - u * u)});
            return (1 - u) * (1 - u) + 100 * (v - u * u) * (v - u * u);
        };
        List<Matrix> x = List.of(b.fromArray(1, 2, new double[] {-1.2, 1}));
        ConjugateGradient.Result r = new ConjugateGradient(b).minimize(rosenbrock, x, 200);
        double[] z = b.toArray(x.get(0));
        assertThat(z[0]).isCloseTo(1, within(1e-5));
        assertThat(z[1]).isCloseTo(1, within(1e-5));
        assertThat(r.finalValue()).isLessThan(1e-10);
    }

    /** Where the function is not finite, the line search halves the step instead of failing. */
    @Test
    void stepsBackFromNonFiniteValues() {
        // (x - 3)^2, undefined (NaN) beyond x = 4: the first trial step overshoots into it
        ConjugateGradient.Objective f = (p, g) -> {
            double x = b.toArray(p.get(0))[0];
            b.set(g.get(0), new double[] {2 * (x - 3)});
            return x > 4 ? Double.NaN : (x - 3) * (x - 3);
        };
        List<Matrix> x = List.of(b.fromArray(1, 1, new double[] {-100}));
        new ConjugateGradient(b).minimize(f, x, 10);
        assertThat(b.toArray(x.get(0))[0]).isCloseTo(3, within(1e-6));
    }

    @Test
    void aStartingPointWithoutAFiniteValueIsReturnedUnchanged() {
        List<Matrix> x = List.of(b.fromArray(1, 1, new double[] {2}));
        ConjugateGradient.Result r = new ConjugateGradient(b).minimize((p, g) -> Double.POSITIVE_INFINITY, x, 3);
        assertThat(r.finalValue()).isInfinite();
        assertThat(r.lineSearches()).isZero();
        assertThat(b.toArray(x.get(0))[0]).isEqualTo(2);
    }
}
