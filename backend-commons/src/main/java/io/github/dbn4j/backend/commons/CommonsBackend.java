package io.github.dbn4j.backend.commons;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.util.FastMath;

/**
 * FLOAT64 reference backend on Apache Commons Math's {@link BlockRealMatrix}: its block layout,
 * its {@link FastMath} functions, and its block multiplication algorithm (run into a kept output:
 * the library's {@code multiply} returns a new matrix, which a training loop would allocate every
 * mini-batch). Every operation works on the block arrays directly, so the training loops allocate
 * nothing per batch here either ({@code log1p} is the JDK's: {@code FastMath.log1p} allocates two
 * arrays per call). Plain and obviously correct rather than fast; never chosen by default.
 */
public final class CommonsBackend extends AbstractBackend<CommonsMatrix> {

    /** Scratch matrices by shape: transposed left operands, transposed right operands, products. */
    @SuppressWarnings("unchecked")
    private final List<CommonsMatrix>[] scratch = new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()};

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
        int cols = out.cols;
        for (int i = 0; i < out.rows; i++) {
            int from = rows[offset + i];
            for (int j = 0; j < cols; j++) {
                out.set(i, j, src.get(from, j));
            }
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, CommonsMatrix out) {
        int cols = out.cols;
        for (int i = 0; i < out.rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.set(i, j, stream.uniform(offset + (long) i * cols + j));
            }
        }
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, CommonsMatrix out) {
        int cols = out.cols;
        for (int i = 0; i < out.rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.set(i, j, stream.gaussian(offset + (long) i * cols + j));
            }
        }
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c}. The product is {@link BlockRealMatrix#multiply}'s
     * algorithm (block by block, four-way unrolled sums, the same order of operations), run into
     * a scratch matrix kept per shape: the library's own multiply and transpose return new
     * matrices, which would allocate the product on every call of a training loop.
     */
    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, CommonsMatrix a, CommonsMatrix b,
                          double beta, CommonsMatrix c) {
        CommonsMatrix left = transA ? transpose(a, 0) : a;
        CommonsMatrix right = transB ? transpose(b, 1) : b;
        CommonsMatrix product = scratch(2, c.rows, c.cols);
        multiply(left, right, product);
        for (int k = 0; k < c.blocks.length; k++) {
            double[] pb = product.blocks[k];
            double[] cb = c.blocks[k];
            for (int i = 0; i < cb.length; i++) {
                double p = alpha * pb[i];
                cb[i] = beta == 0 ? p : p + beta * cb[i];
            }
        }
    }

    /** {@code out = left right}, as Commons Math 3.6.1's {@code BlockRealMatrix.multiply(BlockRealMatrix)}. */
    private static void multiply(CommonsMatrix left, CommonsMatrix right, CommonsMatrix out) {
        int blockIndex = 0;
        int outBlockRows = (out.rows + CommonsMatrix.B - 1) / CommonsMatrix.B;
        for (int iBlock = 0; iBlock < outBlockRows; ++iBlock) {
            int pStart = iBlock * CommonsMatrix.B;
            int pEnd = Math.min(pStart + CommonsMatrix.B, left.rows);
            for (int jBlock = 0; jBlock < out.blockColumns; ++jBlock) {
                int jWidth = out.blockWidth(jBlock);
                int jWidth2 = jWidth + jWidth;
                int jWidth3 = jWidth2 + jWidth;
                int jWidth4 = jWidth3 + jWidth;
                double[] outBlock = out.blocks[blockIndex];
                java.util.Arrays.fill(outBlock, 0.0);
                for (int kBlock = 0; kBlock < left.blockColumns; ++kBlock) {
                    int kWidth = left.blockWidth(kBlock);
                    double[] tBlock = left.blocks[iBlock * left.blockColumns + kBlock];
                    double[] mBlock = right.blocks[kBlock * right.blockColumns + jBlock];
                    int k = 0;
                    for (int p = pStart; p < pEnd; ++p) {
                        int lStart = (p - pStart) * kWidth;
                        int lEnd = lStart + kWidth;
                        for (int nStart = 0; nStart < jWidth; ++nStart) {
                            double sum = 0;
                            int l = lStart;
                            int n = nStart;
                            while (l < lEnd - 3) {
                                sum += tBlock[l] * mBlock[n] + tBlock[l + 1] * mBlock[n + jWidth]
                                        + tBlock[l + 2] * mBlock[n + jWidth2] + tBlock[l + 3] * mBlock[n + jWidth3];
                                l += 4;
                                n += jWidth4;
                            }
                            while (l < lEnd) {
                                sum += tBlock[l++] * mBlock[n];
                                n += jWidth;
                            }
                            outBlock[k] += sum;
                            ++k;
                        }
                    }
                }
                ++blockIndex;
            }
        }
    }

    /** The transpose of {@code a} in scratch slot {@code slot} (0 for a left operand, 1 for a right one). */
    private CommonsMatrix transpose(CommonsMatrix a, int slot) {
        CommonsMatrix t = scratch(slot, a.cols, a.rows);
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                t.set(j, i, a.get(i, j));
            }
        }
        return t;
    }

    /** A scratch matrix of a shape in a slot, made on first use and kept (a linear search: a loop uses few shapes). */
    private CommonsMatrix scratch(int slot, int rows, int cols) {
        List<CommonsMatrix> pool = scratch[slot];
        for (int i = 0; i < pool.size(); i++) {
            CommonsMatrix m = pool.get(i);
            if (m.rows == rows && m.cols == cols) {
                return m;
            }
        }
        CommonsMatrix m = new CommonsMatrix(rows, cols);
        pool.add(m);
        return m;
    }

    @Override
    protected void doAxpy(double alpha, CommonsMatrix x, CommonsMatrix y) {
        for (int k = 0; k < y.blocks.length; k++) {
            double[] xb = x.blocks[k];
            double[] yb = y.blocks[k];
            for (int i = 0; i < yb.length; i++) {
                yb[i] = yb[i] + alpha * xb[i];
            }
        }
    }

    @Override
    protected void doScale(double alpha, CommonsMatrix a, CommonsMatrix out) {
        for (int k = 0; k < a.blocks.length; k++) {
            double[] ab = a.blocks[k];
            double[] ob = out.blocks[k];
            for (int i = 0; i < ab.length; i++) {
                ob[i] = alpha * ab[i];
            }
        }
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
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                out.set(i, j, a.get(i, j) + row.get(0, j));
            }
        }
    }

    @Override
    protected void doSigmoid(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, x -> 1.0 / (1.0 + FastMath.exp(-x)));
    }

    @Override
    protected void doSoftplus(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, x -> FastMath.max(x, 0.0) + Math.log1p(FastMath.exp(-FastMath.abs(x))));
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
    protected void doExp(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, FastMath::exp);
    }

    /** {@link Math#tanh}: FastMath's allocates a two-element array on every call. */
    @Override
    protected void doTanh(CommonsMatrix a, CommonsMatrix out) {
        map(a, out, Math::tanh);
    }

    @Override
    protected void doTanhGrad(CommonsMatrix h, CommonsMatrix grad, CommonsMatrix out) {
        zip(h, grad, out, (y, g) -> g * (1.0 - y * y));
    }

    /** Over the blocks: matrices of one shape have one block layout. */
    @Override
    protected void doAdam(CommonsMatrix grad, CommonsMatrix m, CommonsMatrix v, double beta1, double beta2,
                          double stepSize, double epsilon, CommonsMatrix param) {
        for (int k = 0; k < grad.blocks.length; k++) {
            double[] g = grad.blocks[k];
            double[] mk = m.blocks[k];
            double[] vk = v.blocks[k];
            double[] p = param.blocks[k];
            for (int i = 0; i < g.length; i++) {
                mk[i] = beta1 * mk[i] + (1.0 - beta1) * g[i];
                vk[i] = beta2 * vk[i] + (1.0 - beta2) * g[i] * g[i];
                p[i] -= stepSize * mk[i] / (FastMath.sqrt(vk[i]) + epsilon);
            }
        }
    }

    @Override
    protected void doSoftmaxRows(CommonsMatrix a, CommonsMatrix out) {
        int cols = a.cols;
        for (int i = 0; i < a.rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = FastMath.max(max, a.get(i, j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = FastMath.exp(a.get(i, j) - max);
                out.set(i, j, e);
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                out.set(i, j, out.get(i, j) / sum);
            }
        }
    }

    @Override
    protected void doBernoulli(CommonsMatrix probs, CommonsMatrix uniforms, CommonsMatrix out) {
        zip(probs, uniforms, out, (p, u) -> u < p ? 1.0 : 0.0);
    }

    @Override
    protected void doCategorical(CommonsMatrix probs, CommonsMatrix uniforms, CommonsMatrix out) {
        int cols = probs.cols;
        for (int i = 0; i < probs.rows; i++) {
            double u = uniforms.get(i, 0);
            double c = 0;
            int chosen = -1;
            int lastPositive = cols - 1;
            for (int j = 0; j < cols; j++) {
                double p = probs.get(i, j);
                c += p;
                if (p > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && u < c) {
                    chosen = j;
                }
            }
            int hot = chosen < 0 ? lastPositive : chosen;
            for (int j = 0; j < cols; j++) {
                out.set(i, j, j == hot ? 1.0 : 0.0);
            }
        }
    }

    /** Column sums, in row order (the order the library's row-order walk visited). */
    @Override
    protected void doSumColumns(CommonsMatrix a, CommonsMatrix out) {
        for (int j = 0; j < a.cols; j++) {
            out.set(0, j, 0.0);
        }
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                out.set(0, j, out.get(0, j) + a.get(i, j));
            }
        }
    }

    @Override
    protected void doSumRows(CommonsMatrix a, CommonsMatrix out) {
        for (int i = 0; i < a.rows; i++) {
            double s = 0;
            for (int j = 0; j < a.cols; j++) {
                s += a.get(i, j);
            }
            out.set(i, 0, s);
        }
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

    /** Over the blocks, which matrices of one shape lay out alike; one plain sum in block order. */
    @Override
    protected double doDot(CommonsMatrix a, CommonsMatrix b) {
        double s = 0;
        for (int k = 0; k < a.blocks.length; k++) {
            double[] ab = a.blocks[k];
            double[] bb = b.blocks[k];
            for (int i = 0; i < ab.length; i++) {
                s += ab[i] * bb[i];
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
                s += FastMath.max(v, 0.0) + Math.log1p(FastMath.exp(-FastMath.abs(v))) - tb[i] * v;
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
