package io.github.dbn4j.backend.commons;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.util.FastMath;

/**
 * FLOAT64 reference backend on Apache Commons Math's {@link BlockRealMatrix}: products by
 * {@link BlockRealMatrix#multiply}, row-wise and indexed work by the library's visitors,
 * element-wise functions over the shared block arrays. Plain and obviously correct rather than
 * fast; never chosen by default.
 */
public final class CommonsBackend extends AbstractBackend<CommonsMatrix> {

    public CommonsBackend() {
        super(CommonsBackendProvider.NAME, Precision.FLOAT64, CommonsMatrix.class);
    }

    @Override
    protected CommonsMatrix doCreate(int rows, int cols) {
        return new CommonsMatrix(rows, cols);
    }

    @Override
    protected void doSet(CommonsMatrix dst, double[] values) {
        int cols = dst.cols();
        dst.m.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override
            public double visit(int row, int column, double value) {
                return values[row * cols + column];
            }
        });
    }

    @Override
    protected void doSetRows(CommonsMatrix dst, int row, double[] values) {
        int cols = dst.cols();
        double[] r = new double[cols];
        for (int i = 0; i < values.length / cols; i++) {
            System.arraycopy(values, i * cols, r, 0, cols);
            dst.m.setRow(row + i, r);
        }
    }

    @Override
    protected void doToArray(CommonsMatrix m, double[] out) {
        int cols = m.cols();
        m.m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override
            public void visit(int row, int column, double value) {
                out[row * cols + column] = value;
            }
        });
    }

    @Override
    protected void doCopy(CommonsMatrix src, CommonsMatrix dst) {
        for (int b = 0; b < src.blocks.length; b++) {
            System.arraycopy(src.blocks[b], 0, dst.blocks[b], 0, src.blocks[b].length);
        }
    }

    @Override
    protected void doFill(CommonsMatrix out, double value) {
        for (double[] block : out.blocks) {
            java.util.Arrays.fill(block, value);
        }
    }

    @Override
    protected void doGatherRows(CommonsMatrix src, int[] rows, int offset, CommonsMatrix out) {
        for (int i = 0; i < out.rows(); i++) {
            out.m.setRow(i, src.m.getRow(rows[offset + i]));
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, CommonsMatrix out) {
        int cols = out.cols();
        out.m.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override
            public double visit(int row, int column, double value) {
                return stream.uniform(offset + (long) row * cols + column);
            }
        });
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, CommonsMatrix out) {
        int cols = out.cols();
        out.m.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override
            public double visit(int row, int column, double value) {
                return stream.gaussian(offset + (long) row * cols + column);
            }
        });
    }

    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, CommonsMatrix a, CommonsMatrix b,
                          double beta, CommonsMatrix c) {
        RealMatrix left = transA ? a.m.transpose() : a.m;
        RealMatrix right = transB ? b.m.transpose() : b.m;
        RealMatrix product = left.multiply(right);
        c.m.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override
            public double visit(int row, int column, double value) {
                double p = alpha * product.getEntry(row, column);
                return beta == 0 ? p : p + beta * value;
            }
        });
    }

    @Override
    protected void doAxpy(double alpha, CommonsMatrix x, CommonsMatrix y) {
        zip(y, x, y, (yv, xv) -> yv + alpha * xv);
    }

    @Override
    protected void doScale(double alpha, CommonsMatrix a, CommonsMatrix out) {
        map(a, out, v -> alpha * v);
    }

    @Override
    protected void doSub(CommonsMatrix a, CommonsMatrix b, CommonsMatrix out) {
        zip(a, b, out, (x, y) -> x - y);
    }

    @Override
    protected void doHadamard(CommonsMatrix a, CommonsMatrix b, CommonsMatrix out) {
        zip(a, b, out, (x, y) -> x * y);
    }

    @Override
    protected void doAddRowVector(CommonsMatrix a, CommonsMatrix row, CommonsMatrix out) {
        if (out != a) {
            doCopy(a, out);
        }
        double[] r = row.m.getRow(0);
        out.m.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override
            public double visit(int i, int j, double value) {
                return value + r[j];
            }
        });
    }

    @Override
    protected void doSigmoid(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, x -> 1.0 / (1.0 + FastMath.exp(-x)));
    }

    @Override
    protected void doSoftplus(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, x -> FastMath.max(x, 0.0) + FastMath.log1p(FastMath.exp(-FastMath.abs(x))));
    }

    @Override
    protected void doLog(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, FastMath::log);
    }

    @Override
    protected void doSigmoidGrad(CommonsMatrix h, CommonsMatrix grad, CommonsMatrix out) {
        zip(h, grad, out, (y, g) -> g * y * (1.0 - y));
    }

    @Override
    protected void doSoftmaxRows(CommonsMatrix a, CommonsMatrix out) {
        for (int i = 0; i < a.rows(); i++) {
            double[] row = a.m.getRow(i);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = FastMath.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                row[j] = FastMath.exp(row[j] - max);
                sum += row[j];
            }
            for (int j = 0; j < row.length; j++) {
                row[j] /= sum;
            }
            out.m.setRow(i, row);
        }
    }

    @Override
    protected void doBernoulli(CommonsMatrix probs, CommonsMatrix uniforms, CommonsMatrix out) {
        zip(probs, uniforms, out, (p, u) -> u < p ? 1.0 : 0.0);
    }

    @Override
    protected void doCategorical(CommonsMatrix probs, CommonsMatrix uniforms, CommonsMatrix out) {
        for (int i = 0; i < probs.rows(); i++) {
            double[] p = probs.m.getRow(i);
            double u = uniforms.m.getEntry(i, 0);
            double c = 0;
            int chosen = -1;
            int lastPositive = p.length - 1;
            for (int j = 0; j < p.length; j++) {
                c += p[j];
                if (p[j] > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && u < c) {
                    chosen = j;
                }
            }
            double[] hot = new double[p.length];
            hot[chosen < 0 ? lastPositive : chosen] = 1.0;
            out.m.setRow(i, hot);
        }
    }

    @Override
    protected void doSumColumns(CommonsMatrix a, CommonsMatrix out) {
        double[] sums = new double[a.cols()];
        a.m.walkInRowOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override
            public void visit(int row, int column, double value) {
                sums[column] += value;
            }
        });
        out.m.setRow(0, sums);
    }

    @Override
    protected void doSumRows(CommonsMatrix a, CommonsMatrix out) {
        double[] sums = new double[a.rows()];
        a.m.walkInRowOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override
            public void visit(int row, int column, double value) {
                sums[row] += value;
            }
        });
        out.m.setColumn(0, sums);
    }

    @Override
    protected double doSum(CommonsMatrix a) {
        double s = 0;
        for (double[] block : a.blocks) {
            for (double v : block) {
                s += v;
            }
        }
        return s;
    }

    /** Over the blocks, which matrices of one shape lay out alike; summed in block order. */
    @Override
    protected double doCrossEntropyOfLogits(CommonsMatrix t, CommonsMatrix x, CommonsMatrix sigmoidOut) {
        double s = 0;
        for (int b = 0; b < x.blocks.length; b++) {
            double[] tb = t.blocks[b];
            double[] xb = x.blocks[b];
            double[] ob = sigmoidOut == null ? null : sigmoidOut.blocks[b];
            for (int i = 0; i < xb.length; i++) {
                double v = xb[i];
                s += FastMath.max(v, 0.0) + FastMath.log1p(FastMath.exp(-FastMath.abs(v))) - tb[i] * v;
                if (ob != null) {
                    ob[i] = 1.0 / (1.0 + FastMath.exp(-v));
                }
            }
        }
        return s;
    }

    @Override
    protected boolean doIsFinite(CommonsMatrix a) {
        for (double[] block : a.blocks) {
            for (double v : block) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void map(CommonsMatrix a, CommonsMatrix out, DoubleUnaryOperator f) {
        for (int b = 0; b < a.blocks.length; b++) {
            double[] x = a.blocks[b];
            double[] o = out.blocks[b];
            for (int i = 0; i < x.length; i++) {
                o[i] = f.applyAsDouble(x[i]);
            }
        }
    }

    private static void zip(CommonsMatrix a, CommonsMatrix b, CommonsMatrix out, DoubleBinaryOperator f) {
        for (int k = 0; k < a.blocks.length; k++) {
            double[] x = a.blocks[k];
            double[] y = b.blocks[k];
            double[] o = out.blocks[k];
            for (int i = 0; i < x.length; i++) {
                o[i] = f.applyAsDouble(x[i], y[i]);
            }
        }
    }
}
