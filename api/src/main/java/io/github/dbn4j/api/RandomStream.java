package io.github.dbn4j.api;

/**
 * A counter-based random number generator: the value at a position is a pure function of
 * the seed and the position, so any backend, any precision and any number of threads that
 * fill the same positions get bit-identical numbers.
 *
 * <p>Position {@code i} of a stream with seed {@code s} is the SplitMix64 finaliser applied
 * to {@code s + (i + 1) * 0x9E3779B97F4A7C15} (Steele, Lea and Flood, 2014). Instances are
 * immutable and thread-safe; the caller keeps track of the next unused position.
 *
 * <p>{@link #uniform(long)} returns multiples of 2<sup>-24</sup>, which are exact in both
 * {@code float} and {@code double}: a Bernoulli sample {@code u < p} therefore sees the same
 * {@code u} in FLOAT32 and FLOAT64 and differs between precisions only where {@code p}
 * itself differs.
 */
public final class RandomStream {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_PI = 2.0 * Math.PI;
    private static final int CHUNK = 512;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** {@code (j + 1) * gamma}: the counter steps within a chunk, so the bulk loops need no int-to-long conversion. */
    private static final long[] STEPS = new long[CHUNK];
    /** Per-thread scratch of the bulk fills: the stream itself stays immutable and allocation-free. */
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[CHUNK]);

    static {
        for (int j = 0; j < CHUNK; j++) {
            STEPS[j] = (j + 1) * GOLDEN_GAMMA;
        }
    }

    private final long seed;

    private RandomStream(long seed) {
        this.seed = seed;
    }

    /** A stream for the given seed. */
    public static RandomStream of(long seed) {
        return new RandomStream(seed);
    }

    /** The seed this stream was made from. */
    public long seed() {
        return seed;
    }

    /**
     * An independent stream derived from this one and a key, e.g. one per layer or per
     * training call. The same (seed, key) pair always gives the same stream.
     */
    public RandomStream split(long key) {
        return new RandomStream(mix64(seed ^ mix64(key * GOLDEN_GAMMA + 0x632BE59BD9B4E019L)));
    }

    /** 64 random bits at a position. */
    public long bits(long position) {
        return mix64(seed + (position + 1) * GOLDEN_GAMMA);
    }

    /** A uniform value in [0, 1) with 24 random bits, exact in float and double. */
    public double uniform(long position) {
        return (bits(position) >>> 40) * 0x1.0p-24;
    }

    /**
     * Fills {@code out[0..n)} with {@code uniform(offset + i)}: the same values as the
     * one-at-a-time method, computed 512 at a time in two passes the JIT vectorises. The first
     * mixes the counters into the bits of the double {@code 1 + u} (the 24 random bits at the
     * top of the fraction); the second reinterprets and subtracts 1, which is exact. Converting
     * a {@code long} to a number directly would keep the loop scalar, at twice the time.
     */
    public void uniforms(long offset, float[] out, int n) {
        long[] bits = SCRATCH.get();
        for (int s = 0; s < n; s += CHUNK) {
            int len = onePlusUniformBits(offset + s, bits, Math.min(CHUNK, n - s));
            for (int j = 0; j < len; j++) {
                out[s + j] = (float) (Double.longBitsToDouble(bits[j]) - 1.0);
            }
        }
    }

    /** As {@link #uniforms(long, float[], int)}, into doubles. */
    public void uniforms(long offset, double[] out, int n) {
        long[] bits = SCRATCH.get();
        for (int s = 0; s < n; s += CHUNK) {
            int len = onePlusUniformBits(offset + s, bits, Math.min(CHUNK, n - s));
            for (int j = 0; j < len; j++) {
                out[s + j] = Double.longBitsToDouble(bits[j]) - 1.0;
            }
        }
    }

    /** {@code bits[j]} = the bits of {@code 1 + uniform(start + j)} for {@code j < len}; returns len. */
    private int onePlusUniformBits(long start, long[] bits, int len) {
        long base = seed + start * GOLDEN_GAMMA;
        for (int j = 0; j < len; j++) {
            // seed + (start + j + 1) * gamma, as in bits(); its top 24 bits become the fraction's
            bits[j] = ONE_BITS | (mix64(base + STEPS[j]) >>> 40 << 28);
        }
        return len;
    }

    /** A uniform value in [0, 1) with 53 random bits. */
    public double uniform53(long position) {
        return (bits(position) >>> 11) * 0x1.0p-53;
    }

    /**
     * A standard normal deviate by the Box-Muller transform of the 53-bit uniforms at
     * positions {@code 2 * position} and {@code 2 * position + 1}. Uses {@link StrictMath} so
     * that the value does not depend on the JVM's intrinsics.
     */
    public double gaussian(long position) {
        double u1 = ((bits(2 * position) >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        double u2 = uniform53(2 * position + 1);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }

    /** An integer uniform in [0, bound), from the bits at a position (bias below 2^-32 * bound). */
    public int nextInt(long position, int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (((bits(position) >>> 32) * bound) >>> 32);
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates), using positions
     * {@code offset .. offset + n - 2}.
     */
    public int[] permutation(int n, long offset) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(offset + (n - 1 - i), i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The SplitMix64 finaliser. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "RandomStream[seed=" + seed + "]";
    }
}
