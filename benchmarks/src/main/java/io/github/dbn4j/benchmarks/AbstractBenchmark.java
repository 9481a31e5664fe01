package io.github.dbn4j.benchmarks;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Base of every dbn4j benchmark: the backend and precision are parameters, every input comes
 * from a fixed seed. Combinations a backend lacks (Commons Math in float32) are skipped by
 * {@link #backend()} throwing, which JMH reports as an error for that combination only; restrict
 * with {@code -p backend=nd4j -p precision=FLOAT32}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class AbstractBenchmark {

    /** For the benchmarks that extend this. */
    protected AbstractBenchmark() {
    }

    /** Seed of every benchmark input. */
    protected static final long SEED = 20261127L;

    @Param({"nd4j", "ejml", "commons"})
    public String backend;

    @Param({"FLOAT32", "FLOAT64"})
    public Precision precision;

    /** The backend under measurement, built through its Guice module. */
    protected Backend backend() {
        return Backends.create(backend, precision);
    }
}
