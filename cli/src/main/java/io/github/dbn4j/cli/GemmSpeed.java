package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import java.util.Arrays;

/**
 * The speed of one matrix product shape on a backend, measured where it is needed (this machine
 * is shared and its speed varies, so a floor for a run's wall time is taken in the same run):
 * the median of seven timed samples of about 50 ms each, after a warm-up.
 */
final class GemmSpeed {

    private GemmSpeed() {
    }

    /** Billions of floating-point operations per second of {@code (m x k) (k x n)} products. */
    static double gflops(Backend b, int m, int k, int n) {
        Matrix a = b.create(m, k);
        Matrix w = b.create(k, n);
        Matrix c = b.create(m, n);
        RandomStream rng = RandomStream.of(1);
        b.fillUniform(rng, 0, a);
        b.fillUniform(rng, a.size(), w);
        long w0 = System.nanoTime();
        int warm = 0;
        while (System.nanoTime() - w0 < 200_000_000L || warm < 3) {
            b.gemm(false, false, 1.0, a, w, 0.0, c);
            warm++;
        }
        double perCall = (System.nanoTime() - w0) / 1e9 / warm;
        int inner = (int) Math.max(1, Math.ceil(0.05 / perCall));
        double[] times = new double[7];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            for (int j = 0; j < inner; j++) {
                b.gemm(false, false, 1.0, a, w, 0.0, c);
            }
            times[i] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        Arrays.sort(times);
        return 2.0 * m * k * n / times[times.length / 2] / 1e9;
    }
}
