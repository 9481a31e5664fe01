package io.github.dbn4j.api;

/**
 * The tensor SPI: creates dense row-major {@link Matrix} handles of one {@link Precision} and
 * runs the operations that the RBM and DBN algorithms need in their hot loops.
 *
 * <p>Conventions, in the style of EJML: every operation writes into a caller-supplied output
 * (the last matrix argument, "modified"); the other arguments are not modified. Shapes are
 * checked on every call and a mismatch throws {@link IllegalArgumentException} naming the
 * operation and the shapes. Unless an operation says otherwise, the output may be the same
 * matrix as any input of the same shape (in-place use). Scalars cross the boundary as
 * {@code double}; in FLOAT32 they are rounded to {@code float} once. Matrices must come from
 * the backend that operates on them.
 *
 * <p>A backend instance is not thread-safe: it keeps scratch buffers between calls. Use one per
 * thread: the Guice modules of the providers give a new backend on every
 * {@code getInstance(Backend.class)}, and {@link Backends#create} builds a new one each time.
 * Backends that extend {@link AbstractBackend} belong to the thread that first uses them and
 * throw {@link IllegalStateException} when called from another. Implementations should extend
 * {@link AbstractBackend}, which performs the checks, and be verified with the conformance
 * kit ({@code dbn4j-tck}).
 */
public interface Backend {

    /** The provider name of this backend, e.g. {@code ejml}. */
    String name();

    /** The precision of every matrix this backend creates. */
    Precision precision();

    // ---- creation and transfer ------------------------------------------------------------

    /** A new {@code rows x cols} matrix of zeros; both dimensions must be at least 1. */
    Matrix create(int rows, int cols);

    /** A new matrix holding {@code values} (row-major, length {@code rows * cols}). */
    Matrix fromArray(int rows, int cols, double[] values);

    /** Copies {@code values} (row-major, length {@code dst.size()}) into {@code dst} (modified). */
    void set(Matrix dst, double[] values);

    /**
     * Copies {@code values} (row-major, a whole number of rows) into rows {@code row},
     * {@code row + 1}, ... of {@code dst} (modified), leaving the other rows alone: the way to
     * stream a large data set into a matrix without one huge Java array.
     */
    void setRows(Matrix dst, int row, double[] values);

    /** The elements of {@code m} as a new row-major {@code double[]}. */
    double[] toArray(Matrix m);

    /** {@code dst = src} (same shape). {@code dst} may not be {@code src}. */
    void copy(Matrix src, Matrix dst);

    /** Sets every element of {@code out} to {@code value}. */
    void fill(Matrix out, double value);

    /**
     * Row gather: row {@code i} of {@code out} becomes row {@code rows[offset + i]} of
     * {@code src}, for {@code i < out.rows()} (used to draw shuffled mini-batches).
     * {@code out.cols() == src.cols()}; {@code out} may not be {@code src}.
     */
    void gatherRows(Matrix src, int[] rows, int offset, Matrix out);

    // ---- random numbers ---------------------------------------------------------------------

    /** {@code out[i] = stream.uniform(offset + i)}, {@code i} the row-major element index. */
    void fillUniform(RandomStream stream, long offset, Matrix out);

    /** {@code out[i] = stream.gaussian(offset + i)}, {@code i} the row-major element index. */
    void fillGaussian(RandomStream stream, long offset, Matrix out);

    // ---- linear algebra ---------------------------------------------------------------------

    /**
     * General matrix product {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)}
     * is {@code x} or its transpose. With {@code beta == 0} the old content of {@code c} is
     * ignored (even if it holds NaN). {@code c} may be neither {@code a} nor {@code b}.
     */
    void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c);

    /** {@code y = y + alpha * x} (same shape). */
    void axpy(double alpha, Matrix x, Matrix y);

    /** {@code out = alpha * a}. */
    void scale(double alpha, Matrix a, Matrix out);

    /** {@code out = a - b}, element-wise. */
    void sub(Matrix a, Matrix b, Matrix out);

    /** {@code out = a * b}, element-wise (Hadamard product). */
    void hadamard(Matrix a, Matrix b, Matrix out);

    /** {@code out[i][j] = a[i][j] + row[0][j]}: {@code row} is {@code 1 x a.cols()}; {@code out} may not be {@code row}. */
    void addRowVector(Matrix a, Matrix row, Matrix out);

    // ---- element-wise functions -------------------------------------------------------------

    /** Logistic sigmoid {@code 1 / (1 + exp(-a))}; finite and correct for any finite input. */
    void sigmoid(Matrix a, Matrix out);

    /** Softplus {@code log(1 + exp(a))}, computed stably ({@code max(a,0) + log1p(exp(-|a|))}). */
    void softplus(Matrix a, Matrix out);

    /** Natural logarithm. */
    void log(Matrix a, Matrix out);

    /** Sigmoid back-propagation {@code out = grad * h * (1 - h)}, {@code h} the sigmoid outputs. */
    void sigmoidGrad(Matrix h, Matrix grad, Matrix out);

    /** Exponential {@code exp(a)}; above about 88.7 (FLOAT32) or 709.8 (FLOAT64) it is infinite. */
    void exp(Matrix a, Matrix out);

    /** Hyperbolic tangent. */
    void tanh(Matrix a, Matrix out);

    /** Tanh back-propagation {@code out = grad * (1 - h * h)}, {@code h} the tanh outputs. */
    void tanhGrad(Matrix h, Matrix grad, Matrix out);

    /** Row-wise softmax, stable for any finite logits (the row maximum is subtracted first). */
    void softmaxRows(Matrix a, Matrix out);

    // ---- optimisers -------------------------------------------------------------------------

    /**
     * One step of Adam (Kingma and Ba, 2015) in one pass over the elements, for every {@code i}:
     * <pre>{@code
     * m[i] = beta1 * m[i] + (1 - beta1) * grad[i]
     * v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i]
     * param[i] = param[i] - stepSize * m[i] / (sqrt(v[i]) + epsilon)
     * }</pre>
     * The bias corrections are the caller's: at step {@code t} with learning rate {@code lr},
     * {@code stepSize = lr * sqrt(1 - beta2^t) / (1 - beta1^t)} and {@code epsilon} is the
     * paper's epsilon times {@code sqrt(1 - beta2^t)}. {@code grad}, {@code m}, {@code v} and
     * {@code param} (all modified but {@code grad}) have one shape and are four different matrices.
     */
    void adam(Matrix grad, Matrix m, Matrix v, double beta1, double beta2, double stepSize, double epsilon,
              Matrix param);

    // ---- sampling ---------------------------------------------------------------------------

    /** Bernoulli sampling by the {@code u < p} rule: {@code out = uniforms < probs ? 1 : 0}. */
    void bernoulli(Matrix probs, Matrix uniforms, Matrix out);

    /**
     * One categorical sample per row, as a one-hot row: column {@code j} is chosen for the
     * first {@code j} with {@code u < p[0] + ... + p[j]} (cumulative sum in the backend's
     * precision, left to right), or the last column with {@code p > 0} if rounding leaves
     * no such {@code j}. {@code uniforms} is {@code probs.rows() x 1}. {@code out} may be
     * {@code probs}.
     */
    void categorical(Matrix probs, Matrix uniforms, Matrix out);

    // ---- reductions -------------------------------------------------------------------------

    /** Column sums into the {@code 1 x a.cols()} matrix {@code out}; {@code out} may not be {@code a}. */
    void sumColumns(Matrix a, Matrix out);

    /** Row sums into the {@code a.rows() x 1} matrix {@code out}; {@code out} may not be {@code a}. */
    void sumRows(Matrix a, Matrix out);

    /** The sum of all elements. */
    double sum(Matrix a);

    /**
     * The sum of the element-wise products of {@code a} and {@code b}, of the same shape (their
     * inner product as vectors), accumulated in double at both precisions without a scratch matrix:
     * what an optimiser over a list of parameter matrices takes its slopes and step sizes from.
     * Non-finite whenever an element of either is.
     */
    double dot(Matrix a, Matrix b);

    /**
     * The cross-entropy of targets {@code t} (values in [0, 1]) under {@code sigmoid(x)}, summed
     * over every element: {@code sum softplus(x) - t.x}, finite for every finite {@code x}. The
     * sum is accumulated in double at both precisions. One pass, no scratch matrix: the
     * reconstruction cost of a Bernoulli RBM and of the wake-sleep generative pass.
     */
    double crossEntropyOfLogits(Matrix t, Matrix x);

    /**
     * As {@link #crossEntropyOfLogits(Matrix, Matrix)}, and also {@code sigmoidOut = sigmoid(x)}
     * from the same exponentials: a reconstruction's cost and its probabilities in one pass.
     * {@code sigmoidOut} may be {@code x} itself.
     */
    double crossEntropyOfLogits(Matrix t, Matrix x, Matrix sigmoidOut);

    /** {@code true} when no element is NaN or infinite. */
    boolean isFinite(Matrix a);
}
