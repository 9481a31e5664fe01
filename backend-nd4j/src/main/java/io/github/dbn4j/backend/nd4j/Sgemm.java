package io.github.dbn4j.backend.nd4j;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The FLOAT32 matrix product of the ND4J backend: oneDNN's {@code dnnl_sgemm} when it loads,
 * OpenBLAS's {@code cblas_sgemm} otherwise or when the system property
 * {@value #PROPERTY}{@code =openblas} asks for it.
 *
 * <p>oneDNN compiles its kernels at run time for the instruction set of the machine it runs
 * on; OpenBLAS is pinned by {@code OPENBLAS_CORETYPE} on machines where its newer kernels
 * misbehave (Haswell, 256-bit, on AVX-512 machines). On the shapes of a CD-1 step oneDNN was
 * the faster of the two (docs/PERFORMANCE.md has the figures). Both are deterministic for a fixed thread count; they differ from each other in the last
 * bits, so the choice is part of what makes a FLOAT32 run reproducible.
 *
 * <p>Unless the property is set, a JVM started with a profiler that samples threads by signals
 * (Java Flight Recorder, async-profiler) uses OpenBLAS, with a warning: such a signal during a
 * oneDNN GEMM kernel corrupts the native heap ({@link #signalSampler}).
 */
final class Sgemm {

    /** System property choosing the FLOAT32 product: {@code onednn} (default) or {@code openblas}. */
    static final String PROPERTY = "dbn4j.nd4j.sgemm";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sgemm.class);
    private static final boolean ONEDNN = loadOneDnn();
    private static final FloatPointer ONE = new FloatPointer(1f);

    private Sgemm() {
    }

    /** {@code "onednn"} or {@code "openblas"}: the implementation in use. */
    static String implementation() {
        return ONEDNN ? "onednn" : "openblas";
    }

    /** Row-major {@code c = alpha op(a) op(b) + beta c}; {@code lda}, {@code ldb}, {@code ldc} are row strides. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, int lda,
                     FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        if (ONEDNN) {
            int status = dnnl.dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, alpha,
                    a, lda, b, ldb, beta, c, ldc);
            if (status != dnnl.dnnl_success) {
                throw new IllegalStateException("oneDNN sgemm failed with status " + status + " for " + m + "x" + k
                        + " times " + k + "x" + n);
            }
        } else {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    /**
     * {@code y += alpha x} over {@code n} floats, as the product of the 1x1 matrix {@code [1]}
     * and the row {@code x}: in the FLOAT32 path everything that OpenBLAS would thread goes
     * through the same library and thread pool as the products, so two pools of worker threads
     * never spin against each other on a machine with few cores.
     */
    static void axpy(int n, float alpha, FloatPointer x, FloatPointer y) {
        gemm(false, false, 1, n, 1, alpha, ONE, 1, x, n, 1f, y, n);
    }

    /**
     * The profiler among the JVM's options that samples threads by sending them signals (Java
     * Flight Recorder started with the JVM, async-profiler as an agent), or null. Such a signal,
     * arriving while one of oneDNN's JIT-compiled FLOAT32 GEMM kernels runs, lands its frame in the
     * heap: the kernels point the stack register there (oneDNN issue 4845). A recording started
     * later ({@code jcmd JFR.start}) is not seen here; docs/PERFORMANCE.md says what to do then.
     */
    static String signalSampler(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            String lower = option.toLowerCase(Locale.ROOT);
            if (lower.startsWith("-xx:startflightrecording")) {
                return "Java Flight Recorder (" + option + ")";
            }
            if ((lower.startsWith("-agentpath:") || lower.startsWith("-agentlib:")) && lower.contains("asyncprofiler")) {
                return "async-profiler (" + option + ")";
            }
        }
        return null;
    }

    private static boolean loadOneDnn() {
        String set = System.getProperty(PROPERTY);
        String choice = set == null ? "onednn" : set;
        if (choice.equals("openblas")) {
            return false;
        }
        if (!choice.equals("onednn")) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be onednn or openblas, got '"
                    + choice + "'");
        }
        String sampler = set == null ? signalSampler(ManagementFactory.getRuntimeMXBean().getInputArguments()) : null;
        if (sampler != null) {
            LOG.warn("{} samples threads with signals, and a signal that arrives during one of oneDNN's float32 "
                    + "products can corrupt the native heap (oneDNN issue 4845, fixed in releases after the one in "
                    + "use); FLOAT32 products use OpenBLAS in this JVM (-D{}=onednn keeps oneDNN)", sampler, PROPERTY);
            return false;
        }
        try {
            // one tiny product: loads the library and checks that it runs here
            FloatPointer one = new FloatPointer(1f);
            FloatPointer out = new FloatPointer(0f);
            int status = dnnl.dnnl_sgemm((byte) 'N', (byte) 'N', 1, 1, 1, 2f, one, 1, one, 1, 0f, out, 1);
            if (status == dnnl.dnnl_success && out.get() == 2f) {
                return true;
            }
            LOG.warn("oneDNN sgemm returned status {} on a 1x1 product; FLOAT32 products use OpenBLAS", status);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("oneDNN is not available on this platform ({}); FLOAT32 products use OpenBLAS", e.toString());
        }
        return false;
    }
}
