package io.github.dbn4j.backend.ejml;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.api.kernel.ElementwiseKernels;
import io.github.dbn4j.api.kernel.PlainKernels;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * FLOAT32 backend on EJML's {@link FMatrixRMaj}. Products use EJML's multithreaded kernels
 * ({@link CommonOps_MT_FDRM}) above {@link EjmlBackendProvider#MT_THRESHOLD} multiply-adds and
 * its single-threaded ones below; element-wise functions are plain loops over the row-major
 * data array. Generated from {@link EjmlDoubleBackend} by
 * {@code EjmlFloatSource} in the tests: edit the double class and run that.
 */
public final class EjmlFloatBackend extends AbstractBackend<EjmlFloatMatrix> {

    private final ElementwiseKernels kernels = new ElementwiseKernels();

    public EjmlFloatBackend() {
        super(EjmlBackendProvider.NAME, Precision.FLOAT32, EjmlFloatMatrix.class);
    }

    @Override
    protected EjmlFloatMatrix doCreate(int rows, int cols) {
        return new EjmlFloatMatrix(new FMatrixRMaj(rows, cols));
    }

    @Override
    protected void doSet(EjmlFloatMatrix dst, double[] values) {
        float[] d = dst.m.data;
        for (int i = 0; i < values.length; i++) {
            d[i] = (float) values[i];
        }
    }

    @Override
    protected void doSetRows(EjmlFloatMatrix dst, int row, double[] values) {
        float[] d = dst.m.data;
        int base = row * dst.m.numCols;
        for (int i = 0; i < values.length; i++) {
            d[base + i] = (float) values[i];
        }
    }

    @Override
    protected void doToArray(EjmlFloatMatrix m, double[] out) {
        float[] d = m.m.data;
        for (int i = 0; i < out.length; i++) {
            out[i] = d[i];
        }
    }

    @Override
    protected void doCopy(EjmlFloatMatrix src, EjmlFloatMatrix dst) {
        dst.m.setTo(src.m);
    }

    @Override
    protected void doFill(EjmlFloatMatrix out, double value) {
        CommonOps_FDRM.fill(out.m, (float) value);
    }

    @Override
    protected void doGatherRows(EjmlFloatMatrix src, int[] rows, int offset, EjmlFloatMatrix out) {
        int cols = src.m.numCols;
        for (int i = 0; i < out.m.numRows; i++) {
            System.arraycopy(src.m.data, rows[offset + i] * cols, out.m.data, i * cols, cols);
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, EjmlFloatMatrix out) {
        stream.uniforms(offset, out.m.data, out.m.getNumElements());
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, EjmlFloatMatrix out) {
        float[] d = out.m.data;
        int n = out.m.getNumElements();
        for (int i = 0; i < n; i++) {
            d[i] = (float) stream.gaussian(offset + i);
        }
    }

    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, EjmlFloatMatrix a, EjmlFloatMatrix b,
                          double beta, EjmlFloatMatrix c) {
        int k = transA ? a.m.numRows : a.m.numCols;
        boolean mt = (long) c.m.numRows * c.m.numCols * k >= EjmlBackendProvider.MT_THRESHOLD;
        if (beta == 0) {
            if (mt) {
                multMt(transA, transB, (float) alpha, a.m, b.m, c.m);
            } else {
                mult(transA, transB, (float) alpha, a.m, b.m, c.m);
            }
            return;
        }
        if (beta != 1) {
            CommonOps_FDRM.scale((float) beta, c.m);
        }
        if (mt) {
            multAddMt(transA, transB, (float) alpha, a.m, b.m, c.m);
        } else {
            multAdd(transA, transB, (float) alpha, a.m, b.m, c.m);
        }
    }

    private static void mult(boolean ta, boolean tb, float alpha, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_FDRM.multTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_FDRM.multTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_FDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_FDRM.mult(alpha, a, b, c);
        }
    }

    private static void multMt(boolean ta, boolean tb, float alpha, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_MT_FDRM.multTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_MT_FDRM.multTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_MT_FDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_MT_FDRM.mult(alpha, a, b, c);
        }
    }

    private static void multAdd(boolean ta, boolean tb, float alpha, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_FDRM.multAddTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_FDRM.multAddTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_FDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_FDRM.multAdd(alpha, a, b, c);
        }
    }

    private static void multAddMt(boolean ta, boolean tb, float alpha, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_MT_FDRM.multAddTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_MT_FDRM.multAddTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_MT_FDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_MT_FDRM.multAdd(alpha, a, b, c);
        }
    }

    @Override
    protected void doAxpy(double alpha, EjmlFloatMatrix x, EjmlFloatMatrix y) {
        CommonOps_FDRM.addEquals(y.m, (float) alpha, x.m);
    }

    @Override
    protected void doScale(double alpha, EjmlFloatMatrix a, EjmlFloatMatrix out) {
        CommonOps_FDRM.scale((float) alpha, a.m, out.m);
    }

    @Override
    protected void doSub(EjmlFloatMatrix a, EjmlFloatMatrix b, EjmlFloatMatrix out) {
        CommonOps_FDRM.subtract(a.m, b.m, out.m);
    }

    @Override
    protected void doHadamard(EjmlFloatMatrix a, EjmlFloatMatrix b, EjmlFloatMatrix out) {
        CommonOps_FDRM.elementMult(a.m, b.m, out.m);
    }

    @Override
    protected void doAddRowVector(EjmlFloatMatrix a, EjmlFloatMatrix row, EjmlFloatMatrix out) {
        float[] x = a.m.data;
        float[] r = row.m.data;
        float[] o = out.m.data;
        int cols = a.m.numCols;
        int n = a.m.getNumElements();
        for (int base = 0; base < n; base += cols) {
            for (int j = 0; j < cols; j++) {
                o[base + j] = x[base + j] + r[j];
            }
        }
    }

    @Override
    protected void doSigmoid(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        kernels.sigmoid(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doSoftplus(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        kernels.softplus(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doLog(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        CommonOps_FDRM.elementLog(a.m, out.m);
    }

    @Override
    protected void doSigmoidGrad(EjmlFloatMatrix h, EjmlFloatMatrix grad, EjmlFloatMatrix out) {
        float[] hv = h.m.data;
        float[] g = grad.m.data;
        float[] o = out.m.data;
        int n = h.m.getNumElements();
        for (int i = 0; i < n; i++) {
            float y = hv[i];
            o[i] = g[i] * y * (1.0f - y);
        }
    }

    @Override
    protected void doExp(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        PlainKernels.exp(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doTanh(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        kernels.tanh(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doTanhGrad(EjmlFloatMatrix h, EjmlFloatMatrix grad, EjmlFloatMatrix out) {
        PlainKernels.tanhGrad(h.m.data, grad.m.data, out.m.data, h.m.getNumElements());
    }

    @Override
    protected void doAdam(EjmlFloatMatrix grad, EjmlFloatMatrix m, EjmlFloatMatrix v, double beta1, double beta2,
                          double stepSize, double epsilon, EjmlFloatMatrix param) {
        PlainKernels.adam(grad.m.data, m.m.data, v.m.data, (float) beta1, (float) beta2, (float) stepSize,
                (float) epsilon, param.m.data, grad.m.getNumElements());
    }

    @Override
    protected void doSoftmaxRows(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        kernels.softmaxRows(a.m.data, out.m.data, a.m.numRows, a.m.numCols);
    }

    @Override
    protected void doBernoulli(EjmlFloatMatrix probs, EjmlFloatMatrix uniforms, EjmlFloatMatrix out) {
        ElementwiseKernels.bernoulli(probs.m.data, uniforms.m.data, out.m.data, probs.m.getNumElements());
    }

    @Override
    protected void doCategorical(EjmlFloatMatrix probs, EjmlFloatMatrix uniforms, EjmlFloatMatrix out) {
        float[] p = probs.m.data;
        float[] u = uniforms.m.data;
        float[] o = out.m.data;
        int cols = probs.m.numCols;
        for (int i = 0; i < probs.m.numRows; i++) {
            int base = i * cols;
            float c = 0;
            int chosen = -1;
            int lastPositive = cols - 1;
            for (int j = 0; j < cols; j++) {
                float pj = p[base + j];
                c += pj;
                if (pj > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && u[i] < c) {
                    chosen = j;
                }
            }
            if (chosen < 0) {
                chosen = lastPositive;
            }
            for (int j = 0; j < cols; j++) {
                o[base + j] = j == chosen ? 1.0f : 0.0f;
            }
        }
    }

    @Override
    protected void doSumColumns(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        CommonOps_FDRM.sumCols(a.m, out.m);
    }

    @Override
    protected void doSumRows(EjmlFloatMatrix a, EjmlFloatMatrix out) {
        CommonOps_FDRM.sumRows(a.m, out.m);
    }

    @Override
    protected double doSum(EjmlFloatMatrix a) {
        float[] x = a.m.data;
        int n = a.m.getNumElements();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
        }
        return sum;
    }

    @Override
    protected double doDot(EjmlFloatMatrix a, EjmlFloatMatrix b) {
        return PlainKernels.dot(a.m.data, b.m.data, a.m.getNumElements());
    }

    @Override
    protected double doCrossEntropyOfLogits(EjmlFloatMatrix t, EjmlFloatMatrix x, EjmlFloatMatrix sigmoidOut) {
        return kernels.crossEntropyOfLogits(t.m.data, x.m.data, sigmoidOut == null ? null : sigmoidOut.m.data,
                x.m.getNumElements());
    }

    @Override
    protected boolean doIsFinite(EjmlFloatMatrix a) {
        float[] x = a.m.data;
        int n = a.m.getNumElements();
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }
}
