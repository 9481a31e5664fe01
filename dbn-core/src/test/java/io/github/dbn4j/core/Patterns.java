package io.github.dbn4j.core;

/** Small data sets with known structure, made by the tests. */
public final class Patterns {

    private Patterns() {
    }

    /**
     * The 30 distinct 4x4 bars-and-stripes images (16 row patterns and 16 column patterns, the
     * all-off and all-on images counted once), each repeated {@code copies} times, row-major.
     * A model that gives each of the 30 patterns probability 1/30 reaches the optimum average
     * log-likelihood {@code -log 30 = -3.4012} nats.
     */
    public static double[] barsAndStripes(int copies) {
        double[][] distinct = new double[30][];
        int k = 0;
        for (int bits = 0; bits < 16; bits++) {
            double[] stripes = new double[16];
            double[] bars = new double[16];
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    stripes[r * 4 + c] = (bits >> r & 1);
                    bars[r * 4 + c] = (bits >> c & 1);
                }
            }
            distinct[k++] = stripes;
            if (bits != 0 && bits != 15) {
                distinct[k++] = bars;
            }
        }
        double[] out = new double[30 * copies * 16];
        for (int c = 0; c < copies; c++) {
            for (int p = 0; p < 30; p++) {
                System.arraycopy(distinct[p], 0, out, (c * 30 + p) * 16, 16);
            }
        }
        return out;
    }

    /** Whether a 16-value row is a bars-and-stripes image. */
    public static boolean isBarsOrStripes(double[] v, int offset) {
        boolean rowsConstant = true;
        boolean colsConstant = true;
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double x = v[offset + r * 4 + c];
                rowsConstant &= x == v[offset + r * 4];
                colsConstant &= x == v[offset + c];
            }
        }
        return rowsConstant || colsConstant;
    }

    /** Labelled images: row-major pixels and one class per image. */
    public record Labelled(double[] pixels, int[] labels, int width) {
        public int rows() {
            return labels.length;
        }
    }

    /**
     * {@code n} noisy 6x6 binary images of four shapes: 0 a horizontal bar (two rows thick, at a
     * random height), 1 a vertical bar (two columns, random position), 2 a diagonal (either
     * direction), 3 a hollow square (outer or inner ring). Each pixel is then flipped with
     * probability {@code noise}. Classes are balanced and shuffled by the seed.
     */
    public static Labelled tinyShapes(int n, double noise, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] px = new double[n * 36];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = r.nextInt(4);
            labels[i] = cls;
            int o = i * 36;
            switch (cls) {
                case 0 -> {
                    int row = r.nextInt(5);
                    for (int c = 0; c < 6; c++) {
                        px[o + row * 6 + c] = 1;
                        px[o + (row + 1) * 6 + c] = 1;
                    }
                }
                case 1 -> {
                    int col = r.nextInt(5);
                    for (int rr = 0; rr < 6; rr++) {
                        px[o + rr * 6 + col] = 1;
                        px[o + rr * 6 + col + 1] = 1;
                    }
                }
                case 2 -> {
                    boolean anti = r.nextBoolean();
                    for (int k = 0; k < 6; k++) {
                        px[o + k * 6 + (anti ? 5 - k : k)] = 1;
                        if (k < 5) {
                            px[o + k * 6 + (anti ? 4 - k : k + 1)] = 1;
                        }
                    }
                }
                default -> {
                    int lo = r.nextBoolean() ? 0 : 1;
                    int hi = 5 - lo;
                    for (int k = lo; k <= hi; k++) {
                        px[o + lo * 6 + k] = 1;
                        px[o + hi * 6 + k] = 1;
                        px[o + k * 6 + lo] = 1;
                        px[o + k * 6 + hi] = 1;
                    }
                }
            }
            for (int k = 0; k < 36; k++) {
                if (r.nextDouble() < noise) {
                    px[o + k] = 1 - px[o + k];
                }
            }
        }
        return new Labelled(px, labels, 36);
    }

    /** Seeded random binary data, {@code rows x cols}, each unit on with its own probability. */
    public static double[] randomBinary(int rows, int cols, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] p = new double[cols];
        for (int j = 0; j < cols; j++) {
            p[j] = 0.1 + 0.8 * r.nextDouble();
        }
        double[] out = new double[rows * cols];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextDouble() < p[i % cols] ? 1 : 0;
        }
        return out;
    }
}
