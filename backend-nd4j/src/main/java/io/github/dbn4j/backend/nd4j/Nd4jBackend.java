package io.github.dbn4j.backend.nd4j;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SPI on ND4J (nd4j-native, OpenBLAS). Products go straight into the output array through
 * {@link Nd4j#gemm}; element-wise work runs as libnd4j ops with explicit output arrays. Every
 * array is created with an explicit data type, never through ND4J's global default. Scratch
 * arrays (for softplus and sigmoidGrad) and the ones-vectors used to sum rows and columns by
 * GEMM are allocated once per shape and reused.
 */
public final class Nd4jBackend extends AbstractBackend<Nd4jMatrix> {

    private final DataType dataType;
    private final OpExecutioner exec;
    private final Map<Long, INDArray> scratch = new HashMap<>();
    private final Map<Long, INDArray> ones = new HashMap<>();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Nd4jBackend.class);
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    public Nd4jBackend(Precision precision) {
        super(Nd4jBackendProvider.NAME, precision, Nd4jMatrix.class);
        if (System.getenv("OMP_WAIT_POLICY") == null && !WARNED.getAndSet(true)) {
            LOG.warn("OMP_WAIT_POLICY is not set: ND4J's OpenMP threads spin while OpenBLAS works, which can make "
                    + "training several times slower on machines with few cores; start the JVM with "
                    + "OMP_WAIT_POLICY=PASSIVE in its environment");
        }
        this.dataType = precision == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
        this.exec = Nd4j.getExecutioner();
    }

    @Override
    protected Nd4jMatrix doCreate(int rows, int cols) {
        return new Nd4jMatrix(Nd4j.zeros(dataType, rows, cols), precision());
    }

    @Override
    protected void doSet(Nd4jMatrix dst, double[] values) {
        for (int i = 0; i < values.length; i++) {
            dst.put(i, values[i]);
        }
    }

    @Override
    protected void doSetRows(Nd4jMatrix dst, int row, double[] values) {
        int base = row * dst.cols();
        for (int i = 0; i < values.length; i++) {
            dst.put(base + i, values[i]);
        }
    }

    @Override
    protected void doToArray(Nd4jMatrix m, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(i);
        }
    }

    @Override
    protected void doCopy(Nd4jMatrix src, Nd4jMatrix dst) {
        dst.array.assign(src.array);
    }

    @Override
    protected void doFill(Nd4jMatrix out, double value) {
        out.array.assign(value);
    }

    @Override
    protected void doGatherRows(Nd4jMatrix src, int[] rows, int offset, Nd4jMatrix out) {
        int cols = src.cols();
        for (int i = 0; i < out.rows(); i++) {
            int from = rows[offset + i] * cols;
            if (out.floats != null) {
                out.floats.put(i * cols, src.floats, from, cols);
            } else {
                out.doubles.put(i * cols, src.doubles, from, cols);
            }
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, Nd4jMatrix out) {
        int n = (int) out.size();
        if (out.floats != null) {
            for (int i = 0; i < n; i++) {
                out.floats.put(i, (float) stream.uniform(offset + i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.doubles.put(i, stream.uniform(offset + i));
            }
        }
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, Nd4jMatrix out) {
        int n = (int) out.size();
        for (int i = 0; i < n; i++) {
            out.put(i, stream.gaussian(offset + i));
        }
    }

    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, Nd4jMatrix a, Nd4jMatrix b, double beta,
                          Nd4jMatrix c) {
        Nd4j.gemm(a.array, b.array, c.array, transA, transB, alpha, beta);
    }

    @Override
    protected void doAxpy(double alpha, Nd4jMatrix x, Nd4jMatrix y) {
        Nd4j.getBlasWrapper().level1().axpy(x.size(), alpha, x.array, y.array);
    }

    @Override
    protected void doScale(double alpha, Nd4jMatrix a, Nd4jMatrix out) {
        exec.exec(new ScalarMultiplication(a.array, null, out.array, alpha));
    }

    @Override
    protected void doSub(Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        exec.exec(new SubOp(a.array, b.array, out.array));
    }

    @Override
    protected void doHadamard(Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        exec.exec(new MulOp(a.array, b.array, out.array));
    }

    @Override
    protected void doAddRowVector(Nd4jMatrix a, Nd4jMatrix row, Nd4jMatrix out) {
        exec.exec(new BroadcastAddOp(a.array, row.array, out.array, 1));
    }

    @Override
    protected void doSigmoid(Nd4jMatrix a, Nd4jMatrix out) {
        exec.exec(new Sigmoid(a.array, out.array));
    }

    /** softplus(x) = max(x, 0) + log1p(exp(-|x|)); ND4J's own SoftPlus overflows for large x. */
    @Override
    protected void doSoftplus(Nd4jMatrix a, Nd4jMatrix out) {
        INDArray t = scratch(a.rows(), a.cols());
        exec.exec(new Abs(a.array, t));
        exec.exec(new Negative(t, t));
        exec.exec(new Exp(t, t));
        exec.exec(new Log1p(t, t));
        exec.exec(new RectifiedLinear(a.array, out.array, 0.0));
        out.array.addi(t);
    }

    @Override
    protected void doLog(Nd4jMatrix a, Nd4jMatrix out) {
        exec.exec(new Log(a.array, out.array));
    }

    @Override
    protected void doSigmoidGrad(Nd4jMatrix h, Nd4jMatrix grad, Nd4jMatrix out) {
        INDArray t = scratch(h.rows(), h.cols());
        exec.exec(new ScalarReverseSubtraction(h.array, null, t, 1.0));
        exec.exec(new MulOp(h.array, grad.array, out.array));
        exec.exec(new MulOp(out.array, t, out.array));
    }

    @Override
    protected void doSoftmaxRows(Nd4jMatrix a, Nd4jMatrix out) {
        Nd4j.exec(new SoftMax(a.array, out.array, 1));
    }

    /** {@code u < p} as {@code step(p - u)}: for finite p and u, {@code p - u > 0} exactly when {@code p > u}. */
    @Override
    protected void doBernoulli(Nd4jMatrix probs, Nd4jMatrix uniforms, Nd4jMatrix out) {
        exec.exec(new SubOp(probs.array, uniforms.array, out.array));
        exec.exec(new Step(out.array, out.array, 0.0));
    }

    @Override
    protected void doCategorical(Nd4jMatrix probs, Nd4jMatrix uniforms, Nd4jMatrix out) {
        int cols = probs.cols();
        boolean f32 = probs.floats != null;
        for (int i = 0; i < probs.rows(); i++) {
            int base = i * cols;
            double u = uniforms.get(i);
            double c = 0;
            int chosen = -1;
            int lastPositive = cols - 1;
            for (int j = 0; j < cols; j++) {
                double pj = probs.get(base + j);
                c = f32 ? (float) (c + pj) : c + pj;
                if (pj > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && u < c) {
                    chosen = j;
                }
            }
            if (chosen < 0) {
                chosen = lastPositive;
            }
            for (int j = 0; j < cols; j++) {
                out.put(base + j, j == chosen ? 1.0 : 0.0);
            }
        }
    }

    /** Column sums as the product {@code ones(1 x rows) * a}. */
    @Override
    protected void doSumColumns(Nd4jMatrix a, Nd4jMatrix out) {
        Nd4j.gemm(ones(1, a.rows()), a.array, out.array, false, false, 1.0, 0.0);
    }

    /** Row sums as the product {@code a * ones(cols x 1)}. */
    @Override
    protected void doSumRows(Nd4jMatrix a, Nd4jMatrix out) {
        Nd4j.gemm(a.array, ones(a.cols(), 1), out.array, false, false, 1.0, 0.0);
    }

    /** Summed natively (libnd4j reduction); FLOAT32 sums accumulate in float inside the library. */
    @Override
    protected double doSum(Nd4jMatrix a) {
        return a.array.sumNumber().doubleValue();
    }

    /** A Java pass over the direct buffer: several times faster here than libnd4j's match-condition reduction. */
    @Override
    protected boolean doIsFinite(Nd4jMatrix a) {
        int n = (int) a.size();
        if (a.floats != null) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(a.floats.get(i))) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(a.doubles.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private INDArray scratch(int rows, int cols) {
        return scratch.computeIfAbsent(key(rows, cols), k -> Nd4j.zeros(dataType, rows, cols));
    }

    private INDArray ones(int rows, int cols) {
        return ones.computeIfAbsent(key(rows, cols), k -> Nd4j.ones(dataType, rows, cols));
    }

    private static long key(int rows, int cols) {
        return ((long) rows << 32) | cols;
    }
}
