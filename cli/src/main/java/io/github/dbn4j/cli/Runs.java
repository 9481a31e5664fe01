package io.github.dbn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.cli.data.Cifar10Fetcher;
import io.github.dbn4j.cli.data.DataFetcher;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.data.Cifar10;
import io.github.dbn4j.core.data.DataSets;
import io.github.dbn4j.core.data.KnownDataSet;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.inject.TrainersModule;
import io.github.dbn4j.core.io.AtomicFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What the training commands share: data, metrics files, curves, the command line. */
final class Runs {

    private Runs() {
    }

    /**
     * A trainer of dbn-core on {@code backend}, obtained by injection: an injector with
     * {@link TrainersModule} and this backend bound (one backend for the command's thread).
     */
    static <T> T trainer(Backend backend, Class<T> type) {
        return Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                bind(Backend.class).toInstance(backend);
            }
        }, new TrainersModule()).getInstance(type);
    }

    /**
     * The data the options ask for: the shipped MNIST subset; a known data set (MNIST unless
     * {@code --dataset} names another) in its directory, fetched if absent; or whatever
     * {@code --data} holds (IDX directory, npz, .npy files, CSV), with a line on stderr that says
     * what was read when it is not MNIST.
     */
    static Mnist.Dataset data(CommonOptions o, PrintStream err) {
        Mnist.Dataset d;
        if (o.testData != null && (o.subset || o.data == null)) {
            throw new IllegalArgumentException("--test-data goes with --data (an .npz archive or a CSV file)");
        }
        if (o.subset && o.dataset != null) {
            throw new IllegalArgumentException("--subset is a part of MNIST: give it without --dataset");
        }
        if (o.dataset != null && isCifar10(o.dataset)) {
            if (o.subset) {
                throw new IllegalArgumentException("--subset is a part of MNIST: give it without --dataset");
            }
            Path dir = o.data != null ? o.data : Path.of(System.getProperty("user.home"), ".dbn4j", "data", "cifar10");
            if (!Cifar10.present(dir)) {
                new Cifar10Fetcher(err).fetch(dir, !o.noFetch);
            }
            DataSets.Loaded loaded = DataSets.read(dir, null, 1);
            err.println("dbn4j: data: " + loaded.description());
            o.dataKnown = null;
            d = loaded.data();
            return limited(o, d);
        }
        boolean known = !o.subset && knownDirectory(o);
        if (o.dataset != null && !o.subset && !known) {
            throw new IllegalArgumentException("--dataset " + o.dataset + " is a known IDX set: --data must be the"
                    + " directory of its four files, not " + o.data);
        }
        if (o.subset) {
            d = Mnist.subset();
            o.dataKnown = KnownDataSet.MNIST;
        } else if (known) {
            KnownDataSet set = o.knownDataSet();
            Path dir = o.dataDir();
            if (!Mnist.present(dir)) {
                if (o.noFetch) {
                    throw new IllegalArgumentException(set.title() + " is not in " + dir + " and --no-fetch forbids"
                            + " fetching it; put its four files (raw or .gz) there"
                            + (set == KnownDataSet.MNIST ? ", or use --subset" : ""));
                }
                err.println(set.title() + " is not in " + dir + "; fetching it"
                        + (set == KnownDataSet.MNIST ? " (use --subset to run offline on 5,000 digits)" : ""));
                new DataFetcher(set, o.mirrors, err).fetch(dir);
            }
            o.dataKnown = set;
            DataSets.Loaded loaded = DataSets.read(dir, null, 1);
            if (loaded.known() != set) {
                throw new IllegalArgumentException(dir + " holds " + loaded.description() + ", not " + set.title()
                        + (o.dataset == null ? "" : " (--dataset " + set.id() + ")"));
            }
            if (set != KnownDataSet.MNIST) {
                err.println("dbn4j: data: " + loaded.description());
            }
            d = loaded.data();
        } else {
            DataSets.Loaded loaded = DataSets.read(o.data, o.testData, o.csvScale);
            if (!loaded.mnist()) {
                err.println("dbn4j: data: " + loaded.description());
            }
            o.dataKnown = loaded.known();
            d = loaded.data();
        }
        if (o.imageShape != null) {
            int[] shape = imageShape(o.imageShape);
            try {
                d = new Mnist.Dataset(d.train().withImageShape(shape[0], shape[1]),
                        d.test().withImageShape(shape[0], shape[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--image-shape " + o.imageShape + ": " + e.getMessage(), e);
            }
        }
        return limited(o, d);
    }

    /** Whether {@code --dataset} names CIFAR-10 (which is not an IDX set). */
    static boolean isCifar10(String name) {
        return name.trim().replace("-", "").equalsIgnoreCase("cifar10");
    }

    private static Mnist.Dataset limited(CommonOptions o, Mnist.Dataset d) {
        if (o.trainLimit != null) {
            if (o.trainLimit < 1) {
                throw new IllegalArgumentException("--train-limit must be at least 1, got " + o.trainLimit);
            }
            d = new Mnist.Dataset(d.train().head(o.trainLimit), d.test());
        }
        return d;
    }

    /**
     * What the data that {@link #data} read are called in a report title: "the MNIST subset", a
     * known set's title, or the file name of {@code --data}.
     */
    static String dataName(CommonOptions o) {
        if (o.subset) {
            return "the MNIST subset";
        }
        if (o.dataset != null && isCifar10(o.dataset)) {
            return "CIFAR-10";
        }
        return o.dataKnown != null ? o.dataKnown.title() : String.valueOf(o.data.getFileName());
    }

    /**
     * Whether the options mean a known data set in a directory, fetched there when absent: no
     * {@code --data}; {@code --dataset} with a directory; a directory holding none of the four IDX
     * files nor {@code x.npy}; or a path that does not exist yet and is not named as a data file.
     */
    private static boolean knownDirectory(CommonOptions o) {
        if (o.data == null || o.dataset != null && Files.isDirectory(o.data)) {
            return true;
        }
        if (Files.isDirectory(o.data) && (Files.exists(o.data.resolve("x.npy")) || Cifar10.present(o.data))) {
            return false;
        }
        if (Files.isDirectory(o.data)) {
            return !anyIdx(o.data);
        }
        return !Files.exists(o.data) && o.testData == null
                && !o.data.getFileName().toString().matches("(?i).*\\.(npz|csv)");
    }

    /** Whether a directory holds any of the four IDX files (so it is a data set, not a place to fetch MNIST to). */
    private static boolean anyIdx(Path dir) {
        for (Mnist.Part p : Mnist.Part.values()) {
            if (Mnist.find(dir, p) != null) {
                return true;
            }
        }
        return false;
    }

    private static int[] imageShape(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int r = Integer.parseInt(parts[0].trim());
                int c = Integer.parseInt(parts[1].trim());
                if (r > 0 && c > 0) {
                    return new int[] {r, c};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("--image-shape must be ROWSxCOLUMNS, e.g. 28x28, got '" + text + "'");
    }

    /** The tile of one case in pictures: its image shape, or a strip of {@code 1 x width} values. */
    static int[] tile(LabelledImages d) {
        return d.hasImageShape() ? new int[] {d.imageRows(), d.imageCols()} : new int[] {1, d.width()};
    }

    /**
     * The training images split by {@code --validation N}: {training, held out}, the held-out ones
     * the last N of a seeded permutation; {train, null} when N is 0.
     *
     * @throws IllegalArgumentException when N leaves no training images
     */
    static LabelledImages[] holdOut(LabelledImages train, int validation, long seed) {
        if (validation <= 0) {
            return new LabelledImages[] {train, null};
        }
        if (validation >= train.count()) {
            throw new IllegalArgumentException("--validation " + validation + " leaves no training images out of "
                    + train.count());
        }
        return train.split(validation, seed);
    }

    static LabelledImages.Pixels pixels(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "scaled" -> LabelledImages.Pixels.SCALED;
            case "threshold" -> LabelledImages.Pixels.THRESHOLD;
            case "stochastic" -> LabelledImages.Pixels.STOCHASTIC;
            default -> throw new IllegalArgumentException("unknown --pixels '" + name
                    + "': use scaled, threshold or stochastic");
        };
    }

    /** Writes an ordered map as pretty JSON, atomically. */
    static void writeJson(Path file, Map<String, Object> values) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode metrics as JSON: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * A report with the command and every scalar metric (per-epoch lists, confusion matrices and
     * the command itself left out of the table); the caller adds the pictures and writes it.
     */
    static io.github.dbn4j.cli.report.HtmlReport report(String title, String command, Map<String, Object> metrics) {
        io.github.dbn4j.cli.report.HtmlReport report =
                new io.github.dbn4j.cli.report.HtmlReport(title).commandLine(command);
        metrics.forEach((k, v) -> {
            if (!k.equals("epochs") && !k.startsWith("confusion") && !k.equals("command") && !k.equals("warnings")) {
                report.metric(k, v);
            }
        });
        if (metrics.get("warnings") instanceof List<?> warnings) {
            warnings.forEach(w -> report.warning(w.toString()));
        }
        return report;
    }

    /**
     * Silences the log lines of the learning checks ({@code TrainingWarning}s) for commands that
     * train only to time or compare arithmetic. The SLF4J binding reads a logger's level when the
     * logger is made, so this must run before any training.
     */
    static void quietLearningChecks() {
        System.setProperty("org.slf4j.simpleLogger.log.io.github.dbn4j.core.TrainingLoop", "error");
    }

    /**
     * The training warnings a history kept, for {@code warnings} in metrics.json and the report: one
     * line per run of consecutive epochs of a stage with a warning of the same kind, with the figures of
     * the run's last epoch, and, when later epochs of the stage were free of it, the epoch it cleared
     * at (a layer that learned nothing for its first epochs and then learned is reported as such,
     * not as a list of epochs that reads like a failure).
     */
    static List<String> warnings(MetricsHistory history) {
        List<io.github.dbn4j.core.TrainingWarning> all = history.warnings();
        List<String> lines = new ArrayList<>();
        boolean[] done = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            if (done[i]) {
                continue;
            }
            io.github.dbn4j.core.TrainingWarning first = all.get(i);
            done[i] = true;
            if (first.epoch() <= 0) {
                lines.add(first.toString());
                continue;
            }
            io.github.dbn4j.core.TrainingWarning last = first;
            for (int k = i + 1; k < all.size(); k++) {
                io.github.dbn4j.core.TrainingWarning w = all.get(k);
                if (!done[k] && w.stage().equals(first.stage()) && w.kind() == first.kind()
                        && w.epoch() == last.epoch() + 1) {
                    last = w;
                    done[k] = true;
                }
            }
            int lastEpochOfStage = history.stage(first.stage()).stream().mapToInt(EpochMetrics::epoch).max()
                    .orElse(last.epoch());
            String epochs = first == last ? "epoch " + first.epoch() : "epochs " + first.epoch() + "-" + last.epoch();
            String cleared = last.epoch() < lastEpochOfStage
                    ? " (cleared from epoch " + (last.epoch() + 1) + " of " + lastEpochOfStage + ")" : "";
            lines.add(first.stage() + ", " + epochs + cleared + ": " + last.message());
        }
        return lines;
    }

    /** Per-epoch metrics by stage, for metrics.json: stage -> list of {epoch, cost, seconds, values...}. */
    static Map<String, Object> epochs(MetricsHistory history) {
        Map<String, Object> byStage = new LinkedHashMap<>();
        for (EpochMetrics m : history.epochs()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) byStage.computeIfAbsent(m.stage(), k -> new ArrayList<>());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", m.epoch());
            e.put("cost", m.cost());
            e.put("seconds", m.seconds());
            e.putAll(m.values());
            list.add(e);
        }
        return byStage;
    }

    /** One panel per stage with a series per metric (momentum left out), for curves.png. */
    static Map<String, Map<String, double[]>> curvePanels(MetricsHistory history) {
        Map<String, Map<String, double[]>> panels = new LinkedHashMap<>();
        Map<String, List<EpochMetrics>> byStage = new LinkedHashMap<>();
        for (EpochMetrics m : history.epochs()) {
            byStage.computeIfAbsent(m.stage(), k -> new ArrayList<>()).add(m);
        }
        byStage.forEach((stage, list) -> {
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String key : list.get(0).values().keySet()) {
                if (key.equals("momentum") || key.startsWith("free_energy") && !key.equals("free_energy_gap")) {
                    continue;
                }
                double[] v = new double[list.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = list.get(i).get(key);
                }
                series.put(key, v);
            }
            panels.put(stage, series);
        });
        return panels;
    }

    /** The head every training command's metrics.json starts with: command, backend, precision, seed. */
    static Map<String, Object> runMetrics(String command, Backend backend, long seed) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("command", command);
        metrics.put("backend", backend.name());
        metrics.put("precision", backend.precision().label());
        metrics.put("seed", seed);
        return metrics;
    }

    /** The command as the user typed it, for reports. */
    static String commandLine(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        words.add("./dbn4j");
        for (String a : spec.root().commandLine().getParseResult().originalArgs()) {
            words.add(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }
}
