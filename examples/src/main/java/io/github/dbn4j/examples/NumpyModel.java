package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.rbm.PartitionFunction;
import io.github.dbn4j.core.rbm.Rbm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * A model written by NumPy, read as a dbn4j model: {@code numpy-rbm.npz}, an RBM of 8 visible and
 * 4 hidden units that {@code src/main/python/write_rbm.py} wrote with
 * {@code numpy.savez_compressed} (weights as float32). The program computes its exact log
 * partition function and the log-probability of two patterns; the script printed the same
 * figures, computed by NumPy.
 *
 * <p>Give another file as the first argument to read that one instead.
 */
public final class NumpyModel {

    private NumpyModel() {
    }

    /** log Z and the log-probabilities of all-zeros and all-ones visible vectors. */
    record Result(Rbm rbm, double logZ, double logPZeros, double logPOnes) {
    }

    public static void main(String[] args) {
        Result r = run(args.length > 0 ? Path.of(args[0]) : shipped());
        System.out.printf(Locale.ROOT, "RBM %dx%d from NumPy: log Z = %.10f, log p(0...0) = %.10f, log p(1...1) = %.10f%n",
                r.rbm().visible(), r.rbm().hidden(), r.logZ(), r.logPZeros(), r.logPOnes());
    }

    static Result run(Path file) {
        Rbm rbm = ModelNpz.readRbm(file); // checks names, dtypes and shapes; float32 arrays are widened
        Backend backend = Backends.create("ejml", Precision.FLOAT64);
        double logZ = PartitionFunction.exactLogZ(backend, rbm);
        double[][] patterns = {new double[rbm.visible()], new double[rbm.visible()]};
        java.util.Arrays.fill(patterns[1], 1);
        double zeros = logProbability(backend, rbm, patterns[0], logZ);
        double ones = logProbability(backend, rbm, patterns[1], logZ);
        return new Result(rbm, logZ, zeros, ones);
    }

    private static double logProbability(Backend backend, Rbm rbm, double[] v, double logZ) {
        Matrix m = TrainingOptions.matrix(backend, new double[][] {v}, "pattern");
        return PartitionFunction.averageLogProbability(backend, rbm, m, logZ);
    }

    /** The shipped file, copied out of the jar. */
    static Path shipped() {
        try (InputStream in = NumpyModel.class.getResourceAsStream("numpy-rbm.npz")) {
            if (in == null) {
                throw new IllegalStateException("numpy-rbm.npz is missing from the class path");
            }
            Path file = Files.createTempFile("numpy-rbm", ".npz");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy numpy-rbm.npz out of the jar", e);
        }
    }
}
