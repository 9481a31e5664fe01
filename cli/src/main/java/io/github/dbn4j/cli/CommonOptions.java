package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.data.KnownDataSet;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every training and evaluation command shares. */
final class CommonOptions {

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend: nd4j, ejml or commons (default: -Ddbn4j.backend, DBN4J_BACKEND, else the best available).")
    String backend;

    @Option(names = "--precision", paramLabel = "P",
            description = "float32 or float64 (default: float32, or float64 for a backend without float32 such as commons).")
    String precision;

    @RunSettings.Saved
    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "PATH",
            description = {"The data: a directory of the four IDX files of MNIST or of any set in its layout "
                    + "(Fashion-MNIST, ...), an .npz archive (x, y and x_test, y_test) or a CSV file (label, then "
                    + "the values), or a directory of x.npy, y.npy, x_test.npy and y_test.npy. Default: "
                    + "~/.dbn4j/data/NAME of --dataset, where it is fetched when absent."})
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "A known data set, recognised by its published SHA-256: mnist (the default), "
                    + "fashion-mnist or kmnist. It is fetched into --data, or ~/.dbn4j/data/NAME, when absent; "
                    + "--data holding other files is an error. cifar10: CIFAR-10's binary version, unpacked from "
                    + "its archive (SHA-256 checked) in --data or ~/.dbn4j/data/cifar10, fetched there when absent.")
    String dataset;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "The test cases, when --data is an .npz archive without x_test and y_test, or a CSV file.")
    Path testData;

    @Option(names = "--image-shape", paramLabel = "RxC",
            description = "Draw the cases of --data as images of R rows and C columns (IDX sets know theirs; other "
                    + "data are drawn as strips of values).")
    String imageShape;

    @Option(names = "--csv-scale", paramLabel = "S", defaultValue = "1",
            description = "Divide CSV values by S, e.g. 255 for pixels written as 0..255 (default: ${DEFAULT-VALUE});"
                    + " the values must then lie in [0, 1].")
    double csvScale;

    @RunSettings.Saved(absent = "false")
    @Option(names = "--subset", description = "Use the 5,000 + 1,000 digit MNIST subset shipped with dbn4j (offline).")
    boolean subset;

    @RunSettings.Saved(absent = "-1")
    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images.")
    Integer trainLimit;

    @Option(names = "--no-fetch", description = "Never download data; fail if they are not in the data directory.")
    boolean noFetch;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Mirror to fetch the data set from (repeatable; the URL of a directory holding its four "
                    + ".gz files).")
    java.util.List<String> mirrors = new java.util.ArrayList<>();

    /** The precision asked for, else float32 where the selected backend has it, else float64. */
    Precision precision() {
        if (precision != null) {
            return Precision.parse(precision);
        }
        return selecting(() -> Backends.select(backend)).precisions().contains(Precision.FLOAT32)
                ? Precision.FLOAT32 : Precision.FLOAT64;
    }

    /** The selected backend at the selected precision. */
    Backend backend() {
        Precision p = precision();
        return selecting(() -> Backends.create(backend, p));
    }

    /** The library's selection errors, with the option that selects a backend on the command line. */
    private static <T> T selecting(java.util.function.Supplier<T> selection) {
        try {
            return selection.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() + " (on the command line: --backend NAME)", e);
        }
    }

    /** The known data set {@link Runs#data} read, null when the data are none (set when they are read). */
    KnownDataSet dataKnown;

    /**
     * Writes the settings every run shares into a checkpoint: the backend and precision the run
     * resolved to, the seed, the subset and training limit, and the data.
     */
    void saveRun(io.github.dbn4j.core.TrainingState s, io.github.dbn4j.api.Backend resolved) {
        s.putText("backend", resolved.name()).putText("precision", resolved.precision().label());
        RunSettings.save(s, this);
        saveData(s);
    }

    /** Restores what {@link #saveRun} wrote. */
    void loadRun(io.github.dbn4j.core.TrainingState s) {
        backend = s.getText("backend");
        precision = s.getText("precision");
        RunSettings.load(s, this);
        loadData(s);
    }

    /**
     * Saves what the data options select in a checkpoint's settings, so that {@code --resume}
     * reads the same data.
     */
    void saveData(io.github.dbn4j.core.TrainingState s) {
        s.putText("data", data == null ? "" : data.toAbsolutePath().toString())
                .putText("testData", testData == null ? "" : testData.toAbsolutePath().toString())
                .putText("dataset", dataset == null ? "" : dataset)
                .putText("imageShape", imageShape == null ? "" : imageShape).putDouble("csvScale", csvScale);
    }

    /**
     * Restores what {@link #saveData} saved. A {@code --data} or {@code --test-data} given with
     * {@code --resume} wins: the files may have moved since.
     */
    void loadData(io.github.dbn4j.core.TrainingState s) {
        if (!s.has("dataset")) {
            return; // a checkpoint of a build before these settings: the data as given now
        }
        if (data == null && !s.getText("data").isEmpty()) {
            data = Path.of(s.getText("data"));
        }
        if (testData == null && !s.getText("testData").isEmpty()) {
            testData = Path.of(s.getText("testData"));
        }
        dataset = s.getText("dataset").isEmpty() ? null : s.getText("dataset");
        imageShape = s.getText("imageShape").isEmpty() ? null : s.getText("imageShape");
        csvScale = s.getDouble("csvScale");
    }

    /** The known data set asked for by {@code --dataset}, MNIST when none is. */
    KnownDataSet knownDataSet() {
        try {
            return dataset == null ? KnownDataSet.MNIST : KnownDataSet.of(dataset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dataset: " + e.getMessage() + ", and cifar10", e);
        }
    }

    Path dataDir() {
        return data != null ? data
                : Path.of(System.getProperty("user.home"), ".dbn4j", "data", knownDataSet().id());
    }
}
