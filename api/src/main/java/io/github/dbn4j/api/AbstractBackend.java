package io.github.dbn4j.api;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Skeletal {@link Backend}: checks arguments (shapes, aliasing, ownership, precision) with
 * uniform messages and hands checked, typed matrices to the {@code do*} methods that a
 * backend implements. The {@code do*} methods may assume every documented precondition.
 *
 * <p>It also confines the backend to one thread: the first thread that calls an operation owns
 * it, and a call from any other thread throws {@link IllegalStateException} before it touches
 * anything, so an implementation may keep scratch buffers in its fields without locks. The
 * check costs one comparison per matrix argument.
 *
 * @param <M> the backend's matrix class
 */
public abstract class AbstractBackend<M extends Matrix> implements Backend {

    private final String name;
    private final Precision precision;
    private final Class<M> matrixType;
    /** The thread that first used this backend; written once, under the lock, by that thread. */
    private Thread owner;

    protected AbstractBackend(String name, Precision precision, Class<M> matrixType) {
        this.name = Objects.requireNonNull(name, "name");
        this.precision = Objects.requireNonNull(precision, "precision");
        this.matrixType = Objects.requireNonNull(matrixType, "matrixType");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Precision precision() {
        return precision;
    }

    // ---- what an implementation provides ----------------------------------------------------

    protected abstract M doCreate(int rows, int cols);

    protected abstract void doSet(M dst, double[] values);

    protected abstract void doToArray(M m, double[] out);

    /** Copies {@code values} into the rows starting at {@code row}; arguments already checked. */
    protected abstract void doSetRows(M dst, int row, double[] values);

    protected abstract void doCopy(M src, M dst);

    protected abstract void doFill(M out, double value);

    protected abstract void doGatherRows(M src, int[] rows, int offset, M out);

    protected abstract void doFillUniform(RandomStream stream, long offset, M out);

    protected abstract void doFillGaussian(RandomStream stream, long offset, M out);

    protected abstract void doGemm(boolean transA, boolean transB, double alpha, M a, M b, double beta, M c);

    protected abstract void doAxpy(double alpha, M x, M y);

    protected abstract void doScale(double alpha, M a, M out);

    protected abstract void doSub(M a, M b, M out);

    protected abstract void doHadamard(M a, M b, M out);

    protected abstract void doAddRowVector(M a, M row, M out);

    protected abstract void doSigmoid(M a, M out);

    protected abstract void doSoftplus(M a, M out);

    protected abstract void doLog(M a, M out);

    protected abstract void doSigmoidGrad(M h, M grad, M out);

    protected abstract void doExp(M a, M out);

    protected abstract void doTanh(M a, M out);

    protected abstract void doTanhGrad(M h, M grad, M out);

    protected abstract void doAdam(M grad, M m, M v, double beta1, double beta2, double stepSize, double epsilon,
                                   M param);

    protected abstract void doSoftmaxRows(M a, M out);

    protected abstract void doBernoulli(M probs, M uniforms, M out);

    protected abstract void doCategorical(M probs, M uniforms, M out);

    protected abstract void doSumColumns(M a, M out);

    protected abstract void doSumRows(M a, M out);

    protected abstract double doSum(M a);

    protected abstract double doDot(M a, M b);

    /** The summed cross-entropy; also {@code sigmoid(x)} into {@code sigmoidOut} unless it is null. */
    protected abstract double doCrossEntropyOfLogits(M t, M x, M sigmoidOut);

    protected abstract boolean doIsFinite(M a);

    // ---- checked entry points ---------------------------------------------------------------
    //
    // Each entry point keeps its matrices reachable until the operation returns (keep): a backend
    // on native memory reads a matrix's address and hands it to native code, and a matrix made
    // for the call alone (b.gemm(..., b.fromArray(...), ...)) could otherwise be collected, and
    // its memory freed, while that code still reads it.

    private static void keep(Object a) {
        Reference.reachabilityFence(a);
    }

    private static void keep(Object a, Object b) {
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    private static void keep(Object a, Object b, Object c) {
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    private static void keep(Object a, Object b, Object c, Object d) {
        keep(a, b);
        keep(c, d);
    }

    @Override
    public final Matrix create(int rows, int cols) {
        confine("create");
        checkDims("create", rows, cols);
        return doCreate(rows, cols);
    }

    @Override
    public final Matrix fromArray(int rows, int cols, double[] values) {
        confine("fromArray");
        checkDims("fromArray", rows, cols);
        Objects.requireNonNull(values, "values");
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException("fromArray: " + values.length + " values do not fill a "
                    + rows + "x" + cols + " matrix (" + (long) rows * cols + " needed)");
        }
        M m = doCreate(rows, cols);
        doSet(m, values);
        return m;
    }

    @Override
    public final void set(Matrix dst, double[] values) {
        M d = own("set", "dst", dst);
        Objects.requireNonNull(values, "values");
        if (values.length != d.size()) {
            throw new IllegalArgumentException("set: " + values.length + " values do not fill dst "
                    + d.shape() + " (" + d.size() + " needed)");
        }
        doSet(d, values);
        keep(d);
    }

    @Override
    public final void setRows(Matrix dst, int row, double[] values) {
        M d = own("setRows", "dst", dst);
        Objects.requireNonNull(values, "values");
        if (values.length % d.cols() != 0) {
            throw new IllegalArgumentException("setRows: " + values.length + " values are not whole rows of dst "
                    + d.shape());
        }
        int rows = values.length / d.cols();
        if (row < 0 || (long) row + rows > d.rows()) {
            throw new IllegalArgumentException("setRows: rows " + row + " .. " + ((long) row + rows - 1)
                    + " are outside dst " + d.shape());
        }
        doSetRows(d, row, values);
        keep(d);
    }

    @Override
    public final double[] toArray(Matrix m) {
        M a = own("toArray", "m", m);
        double[] out = new double[Math.toIntExact(a.size())];
        doToArray(a, out);
        keep(a);
        return out;
    }

    @Override
    public final void copy(Matrix src, Matrix dst) {
        M s = own("copy", "src", src);
        M d = own("copy", "dst", dst);
        sameShape("copy", "src", s, "dst", d);
        noAlias("copy", "dst", d, "src", s);
        doCopy(s, d);
        keep(s, d);
    }

    @Override
    public final void fill(Matrix out, double value) {
        M o = own("fill", "out", out);
        doFill(o, value);
        keep(o);
    }

    @Override
    public final void gatherRows(Matrix src, int[] rows, int offset, Matrix out) {
        M s = own("gatherRows", "src", src);
        M o = own("gatherRows", "out", out);
        Objects.requireNonNull(rows, "rows");
        noAlias("gatherRows", "out", o, "src", s);
        if (s.cols() != o.cols()) {
            throw new IllegalArgumentException("gatherRows: src is " + s.shape() + " but out is " + o.shape()
                    + ": column counts differ");
        }
        if (offset < 0 || (long) offset + o.rows() > rows.length) {
            throw new IllegalArgumentException("gatherRows: rows[" + offset + " .. " + ((long) offset + o.rows())
                    + ") is outside an index array of length " + rows.length + " (out is " + o.shape() + ")");
        }
        for (int i = 0; i < o.rows(); i++) {
            int r = rows[offset + i];
            if (r < 0 || r >= s.rows()) {
                throw new IllegalArgumentException("gatherRows: row index " + r + " at rows[" + (offset + i)
                        + "] is outside src " + s.shape());
            }
        }
        doGatherRows(s, rows, offset, o);
        keep(s, o);
    }

    @Override
    public final void fillUniform(RandomStream stream, long offset, Matrix out) {
        Objects.requireNonNull(stream, "stream");
        M o = own("fillUniform", "out", out);
        doFillUniform(stream, offset, o);
        keep(o);
    }

    @Override
    public final void fillGaussian(RandomStream stream, long offset, Matrix out) {
        Objects.requireNonNull(stream, "stream");
        M o = own("fillGaussian", "out", out);
        doFillGaussian(stream, offset, o);
        keep(o);
    }

    @Override
    public final void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        M ma = own("gemm", "a", a);
        M mb = own("gemm", "b", b);
        M mc = own("gemm", "c", c);
        int m = transA ? ma.cols() : ma.rows();
        int ka = transA ? ma.rows() : ma.cols();
        int kb = transB ? mb.cols() : mb.rows();
        int n = transB ? mb.rows() : mb.cols();
        if (ka != kb) {
            throw new IllegalArgumentException("gemm: inner dimensions differ (" + ka + " vs " + kb + "): "
                    + gemmShapes(transA, transB, ma, mb, mc));
        }
        if (mc.rows() != m || mc.cols() != n) {
            throw new IllegalArgumentException("gemm: c must be " + m + "x" + n + ": "
                    + gemmShapes(transA, transB, ma, mb, mc));
        }
        noAlias("gemm", "c", mc, "a", ma);
        noAlias("gemm", "c", mc, "b", mb);
        doGemm(transA, transB, alpha, ma, mb, beta, mc);
        keep(ma, mb, mc);
    }

    /** The operand shapes of a gemm, for its error messages (built only when one is thrown). */
    private static String gemmShapes(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c) {
        return "a is " + a.shape() + (transA ? " (transposed)" : "") + ", b is " + b.shape()
                + (transB ? " (transposed)" : "") + ", c is " + c.shape();
    }

    @Override
    public final void axpy(double alpha, Matrix x, Matrix y) {
        M mx = own("axpy", "x", x);
        M my = own("axpy", "y", y);
        sameShape("axpy", "x", mx, "y", my);
        doAxpy(alpha, mx, my);
        keep(mx, my);
    }

    @Override
    public final void scale(double alpha, Matrix a, Matrix out) {
        M ma = own("scale", "a", a);
        M mo = own("scale", "out", out);
        sameShape("scale", "a", ma, "out", mo);
        doScale(alpha, ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void sub(Matrix a, Matrix b, Matrix out) {
        M ma = own("sub", "a", a);
        M mb = own("sub", "b", b);
        M mo = own("sub", "out", out);
        sameShape("sub", "a", ma, "b", mb);
        sameShape("sub", "a", ma, "out", mo);
        doSub(ma, mb, mo);
        keep(ma, mb, mo);
    }

    @Override
    public final void hadamard(Matrix a, Matrix b, Matrix out) {
        M ma = own("hadamard", "a", a);
        M mb = own("hadamard", "b", b);
        M mo = own("hadamard", "out", out);
        sameShape("hadamard", "a", ma, "b", mb);
        sameShape("hadamard", "a", ma, "out", mo);
        doHadamard(ma, mb, mo);
        keep(ma, mb, mo);
    }

    @Override
    public final void addRowVector(Matrix a, Matrix row, Matrix out) {
        M ma = own("addRowVector", "a", a);
        M mr = own("addRowVector", "row", row);
        M mo = own("addRowVector", "out", out);
        if (mr.rows() != 1 || mr.cols() != ma.cols()) {
            throw new IllegalArgumentException("addRowVector: row must be 1x" + ma.cols() + " but is " + mr.shape()
                    + " (a is " + ma.shape() + ")");
        }
        sameShape("addRowVector", "a", ma, "out", mo);
        noAlias("addRowVector", "out", mo, "row", mr);
        doAddRowVector(ma, mr, mo);
        keep(ma, mr, mo);
    }

    @Override
    public final void sigmoid(Matrix a, Matrix out) {
        M ma = own("sigmoid", "a", a);
        M mo = own("sigmoid", "out", out);
        sameShape("sigmoid", "a", ma, "out", mo);
        doSigmoid(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void softplus(Matrix a, Matrix out) {
        M ma = own("softplus", "a", a);
        M mo = own("softplus", "out", out);
        sameShape("softplus", "a", ma, "out", mo);
        doSoftplus(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void log(Matrix a, Matrix out) {
        M ma = own("log", "a", a);
        M mo = own("log", "out", out);
        sameShape("log", "a", ma, "out", mo);
        doLog(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void sigmoidGrad(Matrix h, Matrix grad, Matrix out) {
        M mh = own("sigmoidGrad", "h", h);
        M mg = own("sigmoidGrad", "grad", grad);
        M mo = own("sigmoidGrad", "out", out);
        sameShape("sigmoidGrad", "h", mh, "grad", mg);
        sameShape("sigmoidGrad", "h", mh, "out", mo);
        doSigmoidGrad(mh, mg, mo);
        keep(mh, mg, mo);
    }

    @Override
    public final void exp(Matrix a, Matrix out) {
        M ma = own("exp", "a", a);
        M mo = own("exp", "out", out);
        sameShape("exp", "a", ma, "out", mo);
        doExp(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void tanh(Matrix a, Matrix out) {
        M ma = own("tanh", "a", a);
        M mo = own("tanh", "out", out);
        sameShape("tanh", "a", ma, "out", mo);
        doTanh(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void tanhGrad(Matrix h, Matrix grad, Matrix out) {
        M mh = own("tanhGrad", "h", h);
        M mg = own("tanhGrad", "grad", grad);
        M mo = own("tanhGrad", "out", out);
        sameShape("tanhGrad", "h", mh, "grad", mg);
        sameShape("tanhGrad", "h", mh, "out", mo);
        doTanhGrad(mh, mg, mo);
        keep(mh, mg, mo);
    }

    @Override
    public final void adam(Matrix grad, Matrix m, Matrix v, double beta1, double beta2, double stepSize,
                           double epsilon, Matrix param) {
        M mg = own("adam", "grad", grad);
        M mm = own("adam", "m", m);
        M mv = own("adam", "v", v);
        M mp = own("adam", "param", param);
        sameShape("adam", "grad", mg, "m", mm);
        sameShape("adam", "grad", mg, "v", mv);
        sameShape("adam", "grad", mg, "param", mp);
        noAlias("adam", "m", mm, "grad", mg);
        noAlias("adam", "v", mv, "grad", mg);
        noAlias("adam", "v", mv, "m", mm);
        noAlias("adam", "param", mp, "grad", mg);
        noAlias("adam", "param", mp, "m", mm);
        noAlias("adam", "param", mp, "v", mv);
        doAdam(mg, mm, mv, beta1, beta2, stepSize, epsilon, mp);
        keep(mg, mm, mv, mp);
    }

    @Override
    public final void softmaxRows(Matrix a, Matrix out) {
        M ma = own("softmaxRows", "a", a);
        M mo = own("softmaxRows", "out", out);
        sameShape("softmaxRows", "a", ma, "out", mo);
        doSoftmaxRows(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void bernoulli(Matrix probs, Matrix uniforms, Matrix out) {
        M mp = own("bernoulli", "probs", probs);
        M mu = own("bernoulli", "uniforms", uniforms);
        M mo = own("bernoulli", "out", out);
        sameShape("bernoulli", "probs", mp, "uniforms", mu);
        sameShape("bernoulli", "probs", mp, "out", mo);
        doBernoulli(mp, mu, mo);
        keep(mp, mu, mo);
    }

    @Override
    public final void categorical(Matrix probs, Matrix uniforms, Matrix out) {
        M mp = own("categorical", "probs", probs);
        M mu = own("categorical", "uniforms", uniforms);
        M mo = own("categorical", "out", out);
        if (mu.rows() != mp.rows() || mu.cols() != 1) {
            throw new IllegalArgumentException("categorical: uniforms must be " + mp.rows() + "x1 but is "
                    + mu.shape() + " (probs is " + mp.shape() + ")");
        }
        sameShape("categorical", "probs", mp, "out", mo);
        noAlias("categorical", "out", mo, "uniforms", mu);
        doCategorical(mp, mu, mo);
        keep(mp, mu, mo);
    }

    @Override
    public final void sumColumns(Matrix a, Matrix out) {
        M ma = own("sumColumns", "a", a);
        M mo = own("sumColumns", "out", out);
        if (mo.rows() != 1 || mo.cols() != ma.cols()) {
            throw new IllegalArgumentException("sumColumns: out must be 1x" + ma.cols() + " but is " + mo.shape()
                    + " (a is " + ma.shape() + ")");
        }
        noAlias("sumColumns", "out", mo, "a", ma);
        doSumColumns(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final void sumRows(Matrix a, Matrix out) {
        M ma = own("sumRows", "a", a);
        M mo = own("sumRows", "out", out);
        if (mo.rows() != ma.rows() || mo.cols() != 1) {
            throw new IllegalArgumentException("sumRows: out must be " + ma.rows() + "x1 but is " + mo.shape()
                    + " (a is " + ma.shape() + ")");
        }
        noAlias("sumRows", "out", mo, "a", ma);
        doSumRows(ma, mo);
        keep(ma, mo);
    }

    @Override
    public final double sum(Matrix a) {
        M ma = own("sum", "a", a);
        double sum = doSum(ma);
        keep(ma);
        return sum;
    }

    @Override
    public final double dot(Matrix a, Matrix b) {
        M ma = own("dot", "a", a);
        M mb = own("dot", "b", b);
        sameShape("dot", "a", ma, "b", mb);
        double dot = doDot(ma, mb);
        keep(ma, mb);
        return dot;
    }

    @Override
    public final double crossEntropyOfLogits(Matrix t, Matrix x) {
        M mt = own("crossEntropyOfLogits", "t", t);
        M mx = own("crossEntropyOfLogits", "x", x);
        sameShape("crossEntropyOfLogits", "t", mt, "x", mx);
        double ce = doCrossEntropyOfLogits(mt, mx, null);
        keep(mt, mx);
        return ce;
    }

    @Override
    public final double crossEntropyOfLogits(Matrix t, Matrix x, Matrix sigmoidOut) {
        M mt = own("crossEntropyOfLogits", "t", t);
        M mx = own("crossEntropyOfLogits", "x", x);
        M mo = own("crossEntropyOfLogits", "sigmoidOut", sigmoidOut);
        sameShape("crossEntropyOfLogits", "t", mt, "x", mx);
        sameShape("crossEntropyOfLogits", "x", mx, "sigmoidOut", mo);
        double ce = doCrossEntropyOfLogits(mt, mx, mo);
        keep(mt, mx, mo);
        return ce;
    }

    @Override
    public final boolean isFinite(Matrix a) {
        M ma = own("isFinite", "a", a);
        boolean finite = doIsFinite(ma);
        keep(ma);
        return finite;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Casts a matrix to this backend's type, or explains why it is not one of ours. */
    protected final M own(String op, String arg, Matrix m) {
        confine(op);
        if (m == null) {
            throw new NullPointerException(op + ": " + arg + " is null");
        }
        if (m.precision() != precision) {
            throw new IllegalArgumentException(op + ": " + arg + " is " + m.precision() + " but the " + name
                    + " backend in use is " + precision);
        }
        if (!matrixType.isInstance(m)) {
            throw new IllegalArgumentException(op + ": " + arg + " is a " + m.getClass().getName()
                    + ", not a matrix of the " + name + " backend");
        }
        return matrixType.cast(m);
    }

    /**
     * Throws unless the calling thread owns this backend; the first caller becomes the owner. A
     * racy read suffices on the fast path: {@code owner} can only equal the calling thread if
     * that thread wrote it.
     */
    private void confine(String op) {
        Thread current = Thread.currentThread();
        if (current != owner) {
            claim(op, current);
        }
    }

    private synchronized void claim(String op, Thread current) {
        if (owner == null) {
            owner = current;
        } else if (owner != current) {
            throw new IllegalStateException(op + ": this " + name + " backend (" + precision.label()
                    + ") belongs to thread '" + owner.getName() + "', which used it first, and was called from thread '"
                    + current.getName() + "'. A Backend keeps scratch buffers and is not thread-safe: give each thread"
                    + " its own (Backends.create(name, precision), or injector.getInstance(Backend.class), which"
                    + " returns a new backend on every call). Matrices may be handed between the backends of one"
                    + " provider and precision after waiting for the thread that wrote them (Future.get, Thread.join).");
        }
    }

    private static void checkDims(String op, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(op + ": a matrix needs at least one row and one column, got "
                    + rows + "x" + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": " + rows + "x" + cols + " has more than 2^31 elements");
        }
    }

    private static void sameShape(String op, String an, Matrix a, String bn, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": " + an + " is " + a.shape() + " but " + bn + " is "
                    + b.shape() + ": shapes must be equal");
        }
    }

    private static void noAlias(String op, String outName, Matrix out, String inName, Matrix in) {
        if (out == in) {
            throw new IllegalArgumentException(op + ": " + outName + " may not be the same matrix as " + inName);
        }
    }
}
