package io.github.dbn4j.backend.ejml;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.api.kernel.ElementwiseKernels;
import io.github.dbn4j.api.kernel.PlainKernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * FLOAT64 backend on EJML's {@link DMatrixRMaj}. Products use EJML's multithreaded kernels
 * ({@link CommonOps_MT_DDRM}) above {@link EjmlBackendProvider#MT_THRESHOLD} multiply-adds and
 * its single-threaded ones below; element-wise functions are plain loops over the row-major
 * data array. The float variant {@link EjmlFloatBackend} is generated from this class by
 * {@code EjmlFloatSource} in the tests: edit the double class and run that.
 */
public final class EjmlDoubleBackend extends AbstractBackend<EjmlDoubleMatrix> {

    private final ElementwiseKernels kernels = new ElementwiseKernels();

    public EjmlDoubleBackend() {
        super(EjmlBackendProvider.NAME, Precision.FLOAT64, EjmlDoubleMatrix.class);
    }

    @Override
    protected EjmlDoubleMatrix doCreate(int rows, int cols) {
        return new EjmlDoubleMatrix(new DMatrixRMaj(rows, cols));
    }

    @Override
    protected void doSet(EjmlDoubleMatrix dst, double[] values) {
        System.arraycopy(values, 0, dst.m.data, 0, values.length);
    }

    @Override
    protected void doSetRows(EjmlDoubleMatrix dst, int row, double[] values) {
        System.arraycopy(values, 0, dst.m.data, row * dst.m.numCols, values.length);
    }

    @Override
    protected void doToArray(EjmlDoubleMatrix m, double[] out) {
        System.arraycopy(m.m.data, 0, out, 0, out.length);
    }

    @Override
    protected void doCopy(EjmlDoubleMatrix src, EjmlDoubleMatrix dst) {
        dst.m.setTo(src.m);
    }

    @Override
    protected void doFill(EjmlDoubleMatrix out, double value) {
        CommonOps_DDRM.fill(out.m, value);
    }

    @Override
    protected void doGatherRows(EjmlDoubleMatrix src, int[] rows, int offset, EjmlDoubleMatrix out) {
        int cols = src.m.numCols;
        for (int i = 0; i < out.m.numRows; i++) {
            System.arraycopy(src.m.data, rows[offset + i] * cols, out.m.data, i * cols, cols);
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, EjmlDoubleMatrix out) {
        stream.uniforms(offset, out.m.data, out.m.getNumElements());
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, EjmlDoubleMatrix out) {
        double[] d = out.m.data;
        int n = out.m.getNumElements();
        for (int i = 0; i < n; i++) {
            d[i] = stream.gaussian(offset + i);
        }
    }

    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, EjmlDoubleMatrix a, EjmlDoubleMatrix b,
                          double beta, EjmlDoubleMatrix c) {
        int k = transA ? a.m.numRows : a.m.numCols;
        boolean mt = (long) c.m.numRows * c.m.numCols * k >= EjmlBackendProvider.MT_THRESHOLD;
        if (beta == 0) {
            if (mt) {
                multMt(transA, transB, alpha, a.m, b.m, c.m);
            } else {
                mult(transA, transB, alpha, a.m, b.m, c.m);
            }
            return;
        }
        if (beta != 1) {
            CommonOps_DDRM.scale(beta, c.m);
        }
        if (mt) {
            multAddMt(transA, transB, alpha, a.m, b.m, c.m);
        } else {
            multAdd(transA, transB, alpha, a.m, b.m, c.m);
        }
    }

    private static void mult(boolean ta, boolean tb, double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_DDRM.multTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_DDRM.multTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_DDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_DDRM.mult(alpha, a, b, c);
        }
    }

    private static void multMt(boolean ta, boolean tb, double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_MT_DDRM.multTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_MT_DDRM.multTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_MT_DDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_MT_DDRM.mult(alpha, a, b, c);
        }
    }

    private static void multAdd(boolean ta, boolean tb, double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_DDRM.multAddTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_DDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_DDRM.multAdd(alpha, a, b, c);
        }
    }

    private static void multAddMt(boolean ta, boolean tb, double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (ta && tb) {
            CommonOps_MT_DDRM.multAddTransAB(alpha, a, b, c);
        } else if (ta) {
            CommonOps_MT_DDRM.multAddTransA(alpha, a, b, c);
        } else if (tb) {
            CommonOps_MT_DDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_MT_DDRM.multAdd(alpha, a, b, c);
        }
    }

    @Override
    protected void doAxpy(double alpha, EjmlDoubleMatrix x, EjmlDoubleMatrix y) {
        CommonOps_DDRM.addEquals(y.m, alpha, x.m);
    }

    @Override
    protected void doScale(double alpha, EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        CommonOps_DDRM.scale(alpha, a.m, out.m);
    }

    @Override
    protected void doSub(EjmlDoubleMatrix a, EjmlDoubleMatrix b, EjmlDoubleMatrix out) {
        CommonOps_DDRM.subtract(a.m, b.m, out.m);
    }

    @Override
    protected void doHadamard(EjmlDoubleMatrix a, EjmlDoubleMatrix b, EjmlDoubleMatrix out) {
        CommonOps_DDRM.elementMult(a.m, b.m, out.m);
    }

    @Override
    protected void doAddRowVector(EjmlDoubleMatrix a, EjmlDoubleMatrix row, EjmlDoubleMatrix out) {
        double[] x = a.m.data;
        double[] r = row.m.data;
        double[] o = out.m.data;
        int cols = a.m.numCols;
        int n = a.m.getNumElements();
        for (int base = 0; base < n; base += cols) {
            for (int j = 0; j < cols; j++) {
                o[base + j] = x[base + j] + r[j];
            }
        }
    }

    @Override
    protected void doSigmoid(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        kernels.sigmoid(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doSoftplus(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        kernels.softplus(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doLog(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        CommonOps_DDRM.elementLog(a.m, out.m);
    }

    @Override
    protected void doSigmoidGrad(EjmlDoubleMatrix h, EjmlDoubleMatrix grad, EjmlDoubleMatrix out) {
        double[] hv = h.m.data;
        double[] g = grad.m.data;
        double[] o = out.m.data;
        int n = h.m.getNumElements();
        for (int i = 0; i < n; i++) {
            double y = hv[i];
            o[i] = g[i] * y * (1.0 - y);
        }
    }

    @Override
    protected void doExp(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        PlainKernels.exp(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doTanh(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        PlainKernels.tanh(a.m.data, out.m.data, a.m.getNumElements());
    }

    @Override
    protected void doTanhGrad(EjmlDoubleMatrix h, EjmlDoubleMatrix grad, EjmlDoubleMatrix out) {
        PlainKernels.tanhGrad(h.m.data, grad.m.data, out.m.data, h.m.getNumElements());
    }

    @Override
    protected void doAdam(EjmlDoubleMatrix grad, EjmlDoubleMatrix m, EjmlDoubleMatrix v, double beta1, double beta2,
                          double stepSize, double epsilon, EjmlDoubleMatrix param) {
        PlainKernels.adam(grad.m.data, m.m.data, v.m.data, beta1, beta2, stepSize, epsilon, param.m.data,
                grad.m.getNumElements());
    }

    @Override
    protected void doSoftmaxRows(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        kernels.softmaxRows(a.m.data, out.m.data, a.m.numRows, a.m.numCols);
    }

    @Override
    protected void doBernoulli(EjmlDoubleMatrix probs, EjmlDoubleMatrix uniforms, EjmlDoubleMatrix out) {
        ElementwiseKernels.bernoulli(probs.m.data, uniforms.m.data, out.m.data, probs.m.getNumElements());
    }

    @Override
    protected void doCategorical(EjmlDoubleMatrix probs, EjmlDoubleMatrix uniforms, EjmlDoubleMatrix out) {
        double[] p = probs.m.data;
        double[] u = uniforms.m.data;
        double[] o = out.m.data;
        int cols = probs.m.numCols;
        for (int i = 0; i < probs.m.numRows; i++) {
            int base = i * cols;
            double c = 0;
            int chosen = -1;
            int lastPositive = cols - 1;
            for (int j = 0; j < cols; j++) {
                double pj = p[base + j];
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
                o[base + j] = j == chosen ? 1.0 : 0.0;
            }
        }
    }

    @Override
    protected void doSumColumns(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        CommonOps_DDRM.sumCols(a.m, out.m);
    }

    @Override
    protected void doSumRows(EjmlDoubleMatrix a, EjmlDoubleMatrix out) {
        CommonOps_DDRM.sumRows(a.m, out.m);
    }

    @Override
    protected double doSum(EjmlDoubleMatrix a) {
        return CommonOps_DDRM.elementSum(a.m);
    }

    @Override
    protected double doDot(EjmlDoubleMatrix a, EjmlDoubleMatrix b) {
        return PlainKernels.dot(a.m.data, b.m.data, a.m.getNumElements());
    }

    @Override
    protected double doCrossEntropyOfLogits(EjmlDoubleMatrix t, EjmlDoubleMatrix x, EjmlDoubleMatrix sigmoidOut) {
        return kernels.crossEntropyOfLogits(t.m.data, x.m.data, sigmoidOut == null ? null : sigmoidOut.m.data,
                x.m.getNumElements());
    }

    @Override
    protected boolean doIsFinite(EjmlDoubleMatrix a) {
        double[] x = a.m.data;
        int n = a.m.getNumElements();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }
}
