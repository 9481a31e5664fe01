package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.io.ModelFormat;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.examples.report.Pictures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Draws samples from a saved model into a PNG. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw samples from a model file into a PNG.",
            "DBN with labels: one row per label 0-9, or one row of the --label digit. RBM: free-running chains."})
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

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Override
    public Integer call() {
        if (count < 1 || steps < 1) {
            throw new IllegalArgumentException("--count and --steps must be at least 1");
        }
        if (Files.exists(out) && !common.force) {
            throw new IllegalArgumentException(out + " exists; use --force to overwrite");
        }
        Path parent = out.toAbsolutePath().getParent();
        OutputDir.prepare(parent, true);
        Object m = ModelFormat.detect(model).read(model);
        Backend backend = common.backend();
        RandomCursor rng = new RandomCursor(RandomStream.of(common.seed).split(5));
        int side;
        if (m instanceof Rbm rbm) {
            if (label != null) {
                throw new IllegalArgumentException("--label needs a DBN with label units; " + model + " holds an RBM");
            }
            side = side(rbm.visible());
            Matrix s = new RbmEngine(backend, rbm).sample(count, steps, rng, null);
            Pictures.samples(out, backend.toArray(s), 1, count, side);
        } else {
            Dbn dbn = (Dbn) m;
            side = side(dbn.inputs());
            DbnEngine engine = new DbnEngine(backend, dbn);
            if (label != null || dbn.labels() == 0) {
                int l = label == null ? -1 : label;
                Matrix s = engine.generate(count, l, steps, rng).probabilities();
                Pictures.samples(out, backend.toArray(s), 1, count, side);
            } else {
                int w = dbn.inputs();
                double[] all = new double[dbn.labels() * count * w];
                List<String> rows = new ArrayList<>();
                for (int l = 0; l < dbn.labels(); l++) {
                    double[] p = backend.toArray(engine.generate(count, l, steps, rng).probabilities());
                    System.arraycopy(p, 0, all, l * count * w, p.length);
                    rows.add(Integer.toString(l));
                }
                Pictures.samples(out, all, dbn.labels(), count, side, rows);
            }
        }
        spec.commandLine().getOut().println("wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private int side(int width) {
        int side = (int) Math.round(Math.sqrt(width));
        if (side * side != width) {
            throw new IllegalArgumentException(model + " has " + width + " inputs, not a square image");
        }
        return side;
    }
}
