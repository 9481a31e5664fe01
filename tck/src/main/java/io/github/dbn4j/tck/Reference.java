package io.github.dbn4j.tck;

/**
 * Plain-Java double-precision reference of every SPI operation on row-major arrays. Written
 * for obviousness, not speed: the kit compares each backend against it.
 */
public final class Reference {

    private Reference() {
    }

    public static double[] gemm(boolean ta, boolean tb, double alpha, double[] a, int ar, int ac,
                                double[] b, int br, int bc, double beta, double[] c) {
        int m = ta ? ac : ar;
        int k = ta ? ar : ac;
        int n = tb ? br : bc;
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * ac + i] : a[i * ac + p];
                    double y = tb ? b[j * bc + p] : b[p * bc + j];
                    s += x * y;
                }
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
        }
        return out;
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    public static double[] softmaxRows(double[] a, int rows, int cols) {
        double[] out = new double[a.length];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, a[i * cols + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = Math.exp(a[i * cols + j] - max);
                s += out[i * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] /= s;
            }
        }
        return out;
    }

    /** One-hot categorical samples with cumulative sums accumulated in {@code float} when asked. */
    public static double[] categorical(double[] p, double[] u, int rows, int cols, boolean float32) {
        double[] out = new double[p.length];
        for (int i = 0; i < rows; i++) {
            double c = 0;
            int chosen = -1;
            int lastPositive = -1;
            for (int j = 0; j < cols; j++) {
                double pj = p[i * cols + j];
                c = float32 ? (float) (c + pj) : c + pj;
                if (pj > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && u[i] < c) {
                    chosen = j;
                }
            }
            if (chosen < 0) {
                chosen = lastPositive < 0 ? cols - 1 : lastPositive;
            }
            out[i * cols + chosen] = 1;
        }
        return out;
    }

    public static double[] sumColumns(double[] a, int rows, int cols) {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j] += a[i * cols + j];
            }
        }
        return out;
    }

    public static double[] sumRows(double[] a, int rows, int cols) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i] += a[i * cols + j];
            }
        }
        return out;
    }
}
