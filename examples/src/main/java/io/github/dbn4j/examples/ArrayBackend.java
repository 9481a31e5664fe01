package io.github.dbn4j.examples;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.api.kernel.ElementwiseKernels;
import io.github.dbn4j.api.kernel.PlainKernels;

/**
 * A backend of one's own, as small as a backend can be: FLOAT64 matrices as plain Java arrays,
 * products as three nested loops, the logistic functions from the SPI's
 * {@link ElementwiseKernels}. {@link AbstractBackend} checks every argument (shapes, aliasing,
 * precision, the owning thread) before a {@code do*} method runs, so these methods only compute.
 *
 * <p>It is slow (no blocking, no threads), and it passes the conformance kit and trains the same
 * models as the EJML backend to 1e-9: see {@code ArrayBackendTest}.
 */
public final class ArrayBackend extends AbstractBackend<ArrayMatrix> {

    private final ElementwiseKernels kernels = new ElementwiseKernels();

    public ArrayBackend() {
        super(ArrayBackendProvider.NAME, Precision.FLOAT64, ArrayMatrix.class);
    }

    @Override
    protected ArrayMatrix doCreate(int rows, int cols) {
        return new ArrayMatrix(rows, cols);
    }

    @Override
    protected void doSet(ArrayMatrix dst, double[] values) {
        System.arraycopy(values, 0, dst.data, 0, values.length);
    }

    @Override
    protected void doSetRows(ArrayMatrix dst, int row, double[] values) {
        System.arraycopy(values, 0, dst.data, row * dst.cols, values.length);
    }

    @Override
    protected void doToArray(ArrayMatrix m, double[] out) {
        System.arraycopy(m.data, 0, out, 0, out.length);
    }

    @Override
    protected void doCopy(ArrayMatrix src, ArrayMatrix dst) {
        System.arraycopy(src.data, 0, dst.data, 0, src.data.length);
    }

    @Override
    protected void doFill(ArrayMatrix out, double value) {
        java.util.Arrays.fill(out.data, value);
    }

    @Override
    protected void doGatherRows(ArrayMatrix src, int[] rows, int offset, ArrayMatrix out) {
        for (int i = 0; i < out.rows; i++) {
            System.arraycopy(src.data, rows[offset + i] * src.cols, out.data, i * src.cols, src.cols);
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, ArrayMatrix out) {
        stream.uniforms(offset, out.data, out.data.length);
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, ArrayMatrix out) {
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = stream.gaussian(offset + i);
        }
    }

    /** {@code c = alpha op(a) op(b) + beta c}, one dot product per element of {@code c}. */
    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, ArrayMatrix a, ArrayMatrix b, double beta,
                          ArrayMatrix c) {
        int k = transA ? a.rows : a.cols;
        for (int i = 0; i < c.rows; i++) {
            for (int j = 0; j < c.cols; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
                    double y = transB ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
                    dot += x * y;
                }
                int at = i * c.cols + j;
                c.data[at] = beta == 0 ? alpha * dot : alpha * dot + beta * c.data[at];
            }
        }
    }

    @Override
    protected void doAxpy(double alpha, ArrayMatrix x, ArrayMatrix y) {
        for (int i = 0; i < y.data.length; i++) {
            y.data[i] += alpha * x.data[i];
        }
    }

    @Override
    protected void doScale(double alpha, ArrayMatrix a, ArrayMatrix out) {
        for (int i = 0; i < a.data.length; i++) {
            out.data[i] = alpha * a.data[i];
        }
    }

    @Override
    protected void doSub(ArrayMatrix a, ArrayMatrix b, ArrayMatrix out) {
        for (int i = 0; i < a.data.length; i++) {
            out.data[i] = a.data[i] - b.data[i];
        }
    }

    @Override
    protected void doHadamard(ArrayMatrix a, ArrayMatrix b, ArrayMatrix out) {
        for (int i = 0; i < a.data.length; i++) {
            out.data[i] = a.data[i] * b.data[i];
        }
    }

    @Override
    protected void doAddRowVector(ArrayMatrix a, ArrayMatrix row, ArrayMatrix out) {
        for (int i = 0; i < a.data.length; i++) {
            out.data[i] = a.data[i] + row.data[i % a.cols];
        }
    }

    @Override
    protected void doSigmoid(ArrayMatrix a, ArrayMatrix out) {
        kernels.sigmoid(a.data, out.data, a.data.length);
    }

    @Override
    protected void doSoftplus(ArrayMatrix a, ArrayMatrix out) {
        kernels.softplus(a.data, out.data, a.data.length);
    }

    @Override
    protected void doLog(ArrayMatrix a, ArrayMatrix out) {
        for (int i = 0; i < a.data.length; i++) {
            out.data[i] = Math.log(a.data[i]);
        }
    }

    @Override
    protected void doSigmoidGrad(ArrayMatrix h, ArrayMatrix grad, ArrayMatrix out) {
        for (int i = 0; i < h.data.length; i++) {
            double y = h.data[i];
            out.data[i] = grad.data[i] * y * (1.0 - y);
        }
    }

    @Override
    protected void doExp(ArrayMatrix a, ArrayMatrix out) {
        PlainKernels.exp(a.data, out.data, a.data.length);
    }

    @Override
    protected void doTanh(ArrayMatrix a, ArrayMatrix out) {
        PlainKernels.tanh(a.data, out.data, a.data.length);
    }

    @Override
    protected void doTanhGrad(ArrayMatrix h, ArrayMatrix grad, ArrayMatrix out) {
        PlainKernels.tanhGrad(h.data, grad.data, out.data, h.data.length);
    }

    @Override
    protected void doAdam(ArrayMatrix grad, ArrayMatrix m, ArrayMatrix v, double beta1, double beta2, double stepSize,
                          double epsilon, ArrayMatrix param) {
        PlainKernels.adam(grad.data, m.data, v.data, beta1, beta2, stepSize, epsilon, param.data, grad.data.length);
    }

    @Override
    protected void doSoftmaxRows(ArrayMatrix a, ArrayMatrix out) {
        kernels.softmaxRows(a.data, out.data, a.rows, a.cols);
    }

    @Override
    protected void doBernoulli(ArrayMatrix probs, ArrayMatrix uniforms, ArrayMatrix out) {
        ElementwiseKernels.bernoulli(probs.data, uniforms.data, out.data, probs.data.length);
    }

    /** One category per row: the first whose cumulative probability exceeds the row's uniform. */
    @Override
    protected void doCategorical(ArrayMatrix probs, ArrayMatrix uniforms, ArrayMatrix out) {
        for (int i = 0; i < probs.rows; i++) {
            int base = i * probs.cols;
            double cumulative = 0;
            int chosen = -1;
            int lastPositive = probs.cols - 1;
            for (int j = 0; j < probs.cols; j++) {
                double p = probs.data[base + j];
                cumulative += p;
                if (p > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && uniforms.data[i] < cumulative) {
                    chosen = j;
                }
            }
            if (chosen < 0) {
                chosen = lastPositive; // rounding left the cumulative sum below the uniform
            }
            for (int j = 0; j < probs.cols; j++) {
                out.data[base + j] = j == chosen ? 1.0 : 0.0;
            }
        }
    }

    @Override
    protected void doSumColumns(ArrayMatrix a, ArrayMatrix out) {
        java.util.Arrays.fill(out.data, 0);
        for (int i = 0; i < a.data.length; i++) {
            out.data[i % a.cols] += a.data[i];
        }
    }

    @Override
    protected void doSumRows(ArrayMatrix a, ArrayMatrix out) {
        for (int i = 0; i < a.rows; i++) {
            double s = 0;
            for (int j = 0; j < a.cols; j++) {
                s += a.data[i * a.cols + j];
            }
            out.data[i] = s;
        }
    }

    @Override
    protected double doSum(ArrayMatrix a) {
        double s = 0;
        for (double v : a.data) {
            s += v;
        }
        return s;
    }

    @Override
    protected double doDot(ArrayMatrix a, ArrayMatrix b) {
        return PlainKernels.dot(a.data, b.data, a.data.length);
    }

    @Override
    protected double doCrossEntropyOfLogits(ArrayMatrix t, ArrayMatrix x, ArrayMatrix sigmoidOut) {
        return kernels.crossEntropyOfLogits(t.data, x.data, sigmoidOut == null ? null : sigmoidOut.data,
                x.data.length);
    }

    @Override
    protected boolean doIsFinite(ArrayMatrix a) {
        for (double v : a.data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
