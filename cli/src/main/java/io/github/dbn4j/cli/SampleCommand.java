package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.cli.report.Pictures;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.io.ModelFormat;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Draws samples from a saved model into a PNG. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw samples from a model file into a PNG, or as data into an .npz.",
            "DBN with labels: one row per label 0-9, or one row of the --label class. RBM: free-running chains.",
            "FILE.npz holds 'images' (float32, N x inputs: the bottom layer's means, probabilities in [0, 1] for "
                    + "binary inputs) and "
                    + "'labels' (int64: the clamped label, or -1 when free-running)."})
final class SampleCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (model.dbn4j or model.npz).")
    Path model;

    @Option(names = "--label", paramLabel = "D", description = "Clamp this label (DBNs with label units).")
    Integer label;

    @Option(names = "--count", defaultValue = "10", description = "Samples per row (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--steps", defaultValue = "1000", description = "Gibbs steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--label-strength", paramLabel = "K", defaultValue = "5",
            description = "How many times a clamped label counts in the top-level chain, as if its label units were "
                    + "replicated K times; 1 samples the DBN as trained (default: ${DEFAULT-VALUE}, see README).")
    double labelStrength;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "What to write: a picture (FILE.png) or the samples as NumPy arrays (FILE.npz).")
    Path out;

    @Override
    public Integer call() {
        if (count < 1 || steps < 1) {
            throw new IllegalArgumentException("--count and --steps must be at least 1");
        }
        if (!(labelStrength > 0) || !Double.isFinite(labelStrength)) {
            throw new IllegalArgumentException("--label-strength must be a positive number, got " + labelStrength);
        }
        if (Files.exists(out) && !common.force) {
            throw new IllegalArgumentException(out + " exists; use --force to overwrite");
        }
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean npz = name.endsWith(".npz");
        if (!npz && !name.endsWith(".png")) {
            throw new IllegalArgumentException("--out " + out + ": give a .png (picture) or .npz (arrays) file name");
        }
        Path parent = out.toAbsolutePath().getParent();
        OutputDir.prepare(parent, true);
        Object m = ModelFormat.detect(model).read(model);
        Backend backend = common.backend();
        RandomCursor rng = new RandomCursor(RandomStream.of(common.seed).split(5));
        if (m instanceof Rbm rbm) {
            if (label != null) {
                throw new IllegalArgumentException("--label needs a DBN with label units; " + model + " holds an RBM");
            }
            Matrix s = new RbmEngine(backend, rbm).sample(count, steps, rng, null);
            int[] free = new int[count];
            java.util.Arrays.fill(free, -1);
            Samples samples = new Samples(backend, backend.toArray(s), rbm.visible(), free);
            if (npz) {
                samples.writeNpz(out);
            } else {
                int[] tile = tile(rbm.visible());
                Pictures.samples(out, samples.images(), 1, count, tile[0], tile[1], null);
            }
        } else {
            Dbn dbn = (Dbn) m;
            if (label != null && (label < 0 || label >= dbn.labels())) {
                throw new IllegalArgumentException("--label " + label + " is outside 0.." + (dbn.labels() - 1)
                        + (dbn.labels() == 0 ? " (" + model + " has no label units)" : ""));
            }
            Samples samples = label != null || dbn.labels() == 0
                    ? Samples.generate(backend, dbn, label == null ? -1 : label, count, steps, labelStrength, rng)
                    : Samples.generate(backend, dbn, count, steps, labelStrength, rng);
            if (npz) {
                samples.writeNpz(out);
            } else {
                int[] tile = tile(dbn.inputs());
                int rows = samples.count() / count;
                Pictures.samples(out, samples.images(), rows, count, tile[0], tile[1], samples.rowLabels(count));
            }
        }
        spec.commandLine().getOut().println("wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Square images when the inputs make a square, else strips of values. */
    private static int[] tile(int width) {
        int side = (int) Math.round(Math.sqrt(width));
        return side * side == width ? new int[] {side, side} : new int[] {1, width};
    }
}
