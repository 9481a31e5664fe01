package io.github.dbn4j.core.io;

import java.nio.file.Path;

/**
 * A manual check, not a unit test: writes the test models as npz (and native) files so that
 * numpy can be tried on them, e.g.
 * {@code python3 -c "import numpy as np; d=np.load('dbn.npz'); print({k: d[k].shape for k in d})"}.
 *
 * <p>Run with the directory to write to as the only argument.
 */
public final class NumpyManualCheck {

    private NumpyManualCheck() {
    }

    /**
     * Writes rbm.npz, labelled-rbm.npz, dbn.npz, gaussian-dbn.npz and dbn.bin.
     *
     * @param args the output directory
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: NumpyManualCheck <output directory>");
        }
        Path dir = Path.of(args[0]);
        ModelNpz.write(dir.resolve("rbm.npz"), TestModels.rbm());
        ModelNpz.write(dir.resolve("labelled-rbm.npz"), TestModels.labelledRbm());
        ModelNpz.write(dir.resolve("dbn.npz"), TestModels.labelledDbnWithClassifier());
        ModelNpz.write(dir.resolve("gaussian-dbn.npz"), TestModels.gaussianDbn());
        ModelFiles.write(dir.resolve("dbn.bin"), TestModels.labelledDbnWithClassifier());
    }
}
