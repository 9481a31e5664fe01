package io.github.dbn4j.benchmarks;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** {@code c = a * b} into an existing output, for the shapes of a CD-1 update on MNIST. */
public class GemmBenchmark extends AbstractBenchmark {

    /** JMH creates the benchmark state. */
    public GemmBenchmark() {
    }

    @Param({"100x784x500", "784x100x500", "1000x784x500"})
    public String shape;

    private Backend b;
    private Matrix a;
    private Matrix bb;
    private Matrix c;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        int m = Integer.parseInt(d[0]);
        int k = Integer.parseInt(d[1]);
        int n = Integer.parseInt(d[2]);
        b = backend();
        RandomStream rng = RandomStream.of(SEED);
        a = b.create(m, k);
        bb = b.create(k, n);
        c = b.create(m, n);
        b.fillUniform(rng, 0, a);
        b.fillUniform(rng, a.size(), bb);
    }

    @Benchmark
    public Matrix gemm() {
        b.gemm(false, false, 1.0, a, bb, 0.0, c);
        return c;
    }
}
