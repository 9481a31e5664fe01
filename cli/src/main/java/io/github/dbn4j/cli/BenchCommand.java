package io.github.dbn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Side-by-side throughput of the backends in one process: every selected backend and precision
 * runs the same work with the same seed, and the median of several timed runs after warm-up is
 * reported. Figures are meant to be read as ratios between rows of one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure backend throughput side by side (median of timed runs after warm-up).")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backends", split = ",", paramLabel = "NAME",
            description = "Backends to measure (default: every available backend).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--precisions", split = ",", paramLabel = "P",
            description = "Precisions to measure: float32, float64 (default: both where supported).")
    List<String> precisions = new ArrayList<>();

    @Option(names = "--tasks", split = ",", paramLabel = "TASK", defaultValue = "gemm",
            description = "Tasks: gemm, cd1_epoch, cd1_gemm (the products of a CD-1 epoch alone), pcd1_epoch, "
                    + "finetune_epoch, vae_epoch, ais (default: ${DEFAULT-VALUE}).")
    List<String> tasks;

    @Option(names = "--data", paramLabel = "DIR", description = "MNIST directory for the epoch tasks (default: ~/.dbn4j/data/mnist).")
    java.nio.file.Path data;

    @Option(names = "--subset", description = "Epoch tasks on the shipped 5,000-digit subset.")
    boolean subset;

    @Option(names = "--train-limit", paramLabel = "N", description = "Epoch tasks on the first N training images.")
    Integer trainLimit;

    @Option(names = "--shapes", split = ",", paramLabel = "MxKxN",
            defaultValue = "100x784x500,784x100x500,1000x784x500",
            description = "GEMM shapes m x k x n (default: ${DEFAULT-VALUE}).")
    List<String> shapes;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed runs per measurement (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "500",
            description = "Hidden units of the RBM in cd1_epoch, cd1_gemm, pcd1_epoch and ais (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--json", description = "One JSON object per line per measurement instead of a table.")
    boolean json;

    @Option(names = "--peers", description = "Also run the Python peers (benchmarks/peers: NumPy, PyTorch, scikit-learn) "
            + "on the same epoch tasks and print dbn4j's speed-up over each (peer seconds / dbn4j seconds).")
    boolean peers;

    @Option(names = "--python", split = ",", paramLabel = "CMD", defaultValue = "python3,/usr/bin/python3",
            description = "Pythons to run the peers with, tried in order until one has the peer's package "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> pythons;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "With --peers: measure N times over (each round one precision at a time, dbn4j and then "
                    + "its peers) and print the median speed-up over the rounds with its range; on a noisy "
                    + "machine this steadies the ratios (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--peers-dir", paramLabel = "DIR",
            description = "Where the peer scripts are (default: benchmarks/peers of this dbn4j).")
    Path peersDir;

    /** One dbn4j measurement, kept for the ratios to the peers. */
    private record Ours(String backend, String precision, String task, double seconds) {
    }

    /** One speed-up of a round: peer seconds over dbn4j seconds. */
    private record Speedup(String backend, String precision, String task, String peer, double ratio) {
        String key() {
            return backend + " " + precision + " " + task + " " + peer;
        }
    }

    private final List<Ours> measured = new ArrayList<>();
    private final List<Speedup> speedups = new ArrayList<>();

    @Override
    public Integer call() {
        // timed epochs start from fixed random weights, where the learning checks rightly find a
        // classifier at chance after one epoch; their warnings would bury the table
        Runs.quietLearningChecks();
        if (hidden < 1) {
            throw new IllegalArgumentException("--hidden must be at least 1, got " + hidden);
        }
        if (repeats < 1 || warmup < 0) {
            throw new IllegalArgumentException("--repeats must be at least 1 and --warmup at least 0, got "
                    + repeats + " and " + warmup);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (rounds > 1 && !peers) {
            throw new IllegalArgumentException("--rounds alternates dbn4j with the Python peers: add --peers");
        }
        for (String t : tasks) {
            if (!EpochTasks.TASKS.contains(t) && !t.equals("gemm")) {
                throw new IllegalArgumentException("unknown task '" + t + "'; available: gemm, "
                        + String.join(", ", EpochTasks.TASKS));
            }
        }
        Peers peerRunner = null;
        if (peers) {
            if (subset) {
                throw new IllegalArgumentException("--peers needs the MNIST files, which the peers read: leave out "
                        + "--subset (use --train-limit for a shorter run)");
            }
            Path dir = peersDir != null ? peersDir : Path.of(System.getProperty("dbn4j.home", "."), "benchmarks",
                    "peers");
            peerRunner = new Peers(dir, pythons, System.err);
        }
        EpochTasks epochs = null;
        if (tasks.stream().anyMatch(EpochTasks.TASKS::contains)) {
            CommonOptions o = new CommonOptions();
            o.data = data;
            o.subset = subset;
            o.trainLimit = trainLimit;
            epochs = new EpochTasks(Runs.data(o, System.err).train(), repeats, hidden);
        }
        List<int[]> dims = new ArrayList<>();
        for (String s : shapes) {
            dims.add(parseShape(s));
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1 && !json) {
                out.printf("%sround %d of %d%n", round == 1 ? "" : "\n", round, rounds);
            }
            if (peerRunner == null) {
                measured.clear();
                measureOurs(out, mapper, epochs, dims, round, null);
                continue;
            }
            // one precision at a time, each followed by its peers: the two sides of a ratio are
            // measured minutes apart at most, not across the whole run
            for (Precision p : Precision.values()) {
                measured.clear();
                measureOurs(out, mapper, epochs, dims, round, p);
                if (!measured.isEmpty()) {
                    comparePeers(out, mapper, peerRunner, round);
                }
            }
        }
        if (rounds > 1) {
            summarise(out, mapper);
        }
        return 0;
    }

    /** Measures every selected backend in {@code only} precision, or in all selected precisions if null. */
    private void measureOurs(PrintWriter out, ObjectMapper mapper, EpochTasks epochs, List<int[]> dims, int round,
                             Precision only) {
        if (only != null && selectedProviders().stream().noneMatch(pr -> selectedPrecisions(pr).contains(only))) {
            return;
        }
        if (!json) {
            out.printf("%-8s %-8s %-15s %-22s %10s %12s %9s %8s%n", "backend", "prec", "task", "shape", "seconds",
                    "samples/s", "GFLOP/s", "RSS MB");
        }
        for (BackendProvider provider : selectedProviders()) {
            for (Precision p : selectedPrecisions(provider)) {
                if (only != null && p != only) {
                    continue;
                }
                Backend b = Backends.create(provider.name(), p);
                if (tasks.contains("gemm")) {
                    for (int[] d : dims) {
                        double seconds = gemmSeconds(b, d[0], d[1], d[2]);
                        report(out, mapper, provider.name(), p, "gemm", d[0] + "x" + d[1] + "x" + d[2], seconds,
                                Double.NaN, 2.0 * d[0] * d[1] * d[2] / seconds / 1e9, round);
                    }
                }
                for (String task : tasks) {
                    if (EpochTasks.TASKS.contains(task)) {
                        EpochTasks.Measurement m = epochs.measure(b, task);
                        report(out, mapper, provider.name(), p, task, m.shape(), m.seconds(),
                                m.samples() / m.seconds(), m.flops() / m.seconds() / 1e9, round);
                        measured.add(new Ours(provider.name(), p.label(), task, m.seconds()));
                    }
                }
            }
        }
    }

    /** {median, lowest, highest} of some values (the median of an even count is the mean of the middle two). */
    static double[] medianMinMax(double[] values) {
        double[] r = values.clone();
        Arrays.sort(r);
        int n = r.length;
        double median = n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
        return new double[] {median, r[0], r[n - 1]};
    }

    /** The median speed-up of each pairing over the rounds, with the lowest and highest. */
    private void summarise(PrintWriter out, ObjectMapper mapper) {
        java.util.Map<String, List<Speedup>> byKey = new java.util.LinkedHashMap<>();
        for (Speedup s : speedups) {
            byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
        }
        if (!json) {
            out.println();
            out.printf("median speed-up over %d rounds (lowest - highest)%n", rounds);
        }
        for (List<Speedup> list : byKey.values()) {
            double[] m = medianMinMax(list.stream().mapToDouble(Speedup::ratio).toArray());
            Speedup first = list.get(0);
            if (json) {
                out.println(mapper.createObjectNode().put("task", first.task()).put("precision", first.precision())
                        .put("backend", first.backend()).put("peer", first.peer()).put("median_speedup", m[0])
                        .put("min_speedup", m[1]).put("max_speedup", m[2]).put("rounds", list.size()));
            } else {
                out.printf(Locale.ROOT, "%-8s %-8s %-15s vs %-8s %6.2fx (%.2f - %.2f)%n", first.backend(),
                        first.precision(), first.task(), first.peer(), m[0], m[1], m[2]);
            }
        }
        out.flush();
    }

    private void comparePeers(PrintWriter out, ObjectMapper mapper, Peers runner, int round) {
        CommonOptions o = new CommonOptions();
        o.data = data;
        Path dir = o.dataDir();
        List<String> epochTasks = tasks.stream().filter(Peers.SCRIPTS.values().stream().flatMap(List::stream)
                .toList()::contains).distinct().toList();
        List<String> precisions = measured.stream().map(Ours::precision).distinct().toList();
        List<Peers.Result> results = new ArrayList<>();
        for (String precision : precisions) {
            results.addAll(runner.run(epochTasks, precision, dir, trainLimit, repeats, Math.min(warmup, 1)));
        }
        if (!json) {
            out.println();
            out.printf("%-8s %-8s %-15s %-22s %10s %12s %9s %8s%n", "peer", "prec", "task", "shape", "seconds",
                    "samples/s", "GFLOP/s", "RSS MB");
        }
        for (Peers.Result r : results) {
            if (json) {
                out.println(r.raw());
            } else if (r.skipped() != null) {
                out.printf("%-8s %-8s %-15s skipped: %s%n", r.peer(), r.precision(), r.task(), r.skipped());
            } else {
                out.printf(Locale.ROOT, "%-8s %-8s %-15s %-22s %10.4f %12.0f %9.2f %8d%n", r.peer(), r.precision(),
                        r.task(), r.shape(), r.seconds(), r.samplesPerS(), r.gflops(), r.peakRssMb());
            }
        }
        if (!json) {
            out.println();
            out.println("speed-up of dbn4j over each peer (peer seconds / dbn4j seconds; above 1 means dbn4j is faster)");
        }
        for (Ours m : measured) {
            for (Peers.Result r : results) {
                if (r.skipped() == null && r.task().equals(m.task()) && r.precision().equals(m.precision())) {
                    double ratio = r.seconds() / m.seconds();
                    speedups.add(new Speedup(m.backend(), m.precision(), m.task(), r.peer(), ratio));
                    if (json) {
                        ObjectNode row = mapper.createObjectNode().put("task", m.task())
                                .put("precision", m.precision()).put("backend", m.backend()).put("peer", r.peer())
                                .put("speedup", ratio);
                        if (rounds > 1) {
                            row.put("round", round);
                        }
                        out.println(row);
                    } else {
                        out.printf(Locale.ROOT, "%-8s %-8s %-15s vs %-8s %6.2fx%n", m.backend(), m.precision(),
                                m.task(), r.peer(), ratio);
                    }
                }
            }
        }
        out.flush();
    }

    private void report(PrintWriter out, ObjectMapper mapper, String backend, Precision p, String task, String shape,
                        double seconds, double samplesPerSecond, double gflops, int round) {
        long rss = EpochTasks.peakRssMb();
        if (json) {
            ObjectNode row = mapper.createObjectNode();
            row.put("backend", backend).put("precision", p.label()).put("task", task).put("shape", shape)
                    .put("seconds", seconds).put("gflops", gflops).put("peak_rss_mb", rss).put("repeats", repeats);
            if (rounds > 1) {
                row.put("round", round);
            }
            if (!Double.isNaN(samplesPerSecond)) {
                row.put("samples_per_s", samplesPerSecond);
            }
            out.println(row);
        } else {
            out.printf(Locale.ROOT, "%-8s %-8s %-15s %-22s %10.4f %12s %9.2f %8d%n", backend, p.label(), task, shape,
                    seconds, Double.isNaN(samplesPerSecond) ? "-" : String.format(Locale.ROOT, "%.0f", samplesPerSecond),
                    gflops, rss);
        }
        out.flush();
    }

    private double gemmSeconds(Backend b, int m, int k, int n) {
        RandomStream rng = RandomStream.of(1);
        Matrix a = b.create(m, k);
        Matrix bb = b.create(k, n);
        Matrix c = b.create(m, n);
        b.fillUniform(rng, 0, a);
        b.fillUniform(rng, a.size(), bb);
        long w0 = System.nanoTime();
        for (int i = 0; i < Math.max(1, warmup); i++) {
            b.gemm(false, false, 1.0, a, bb, 0.0, c);
        }
        double perCall = (System.nanoTime() - w0) / 1e9 / Math.max(1, warmup);
        // each timed sample runs long enough (about 50 ms) for the clock and the thread pools to settle
        int inner = (int) Math.max(1, Math.ceil(0.05 / Math.max(perCall, 1e-7)));
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            for (int j = 0; j < inner; j++) {
                b.gemm(false, false, 1.0, a, bb, 0.0, c);
            }
            times[i] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }

    private List<BackendProvider> selectedProviders() {
        List<BackendProvider> out = new ArrayList<>();
        if (backends.isEmpty()) {
            for (BackendProvider p : Backends.providers()) {
                if (p.unavailableReason().isEmpty()) {
                    out.add(p);
                }
            }
        } else {
            for (String name : backends) {
                out.add(Backends.select(name));
            }
        }
        return out;
    }

    private List<Precision> selectedPrecisions(BackendProvider provider) {
        List<Precision> out = new ArrayList<>();
        if (precisions.isEmpty()) {
            for (Precision p : Precision.values()) {
                if (provider.precisions().contains(p)) {
                    out.add(p);
                }
            }
        } else {
            for (String s : precisions) {
                Precision p = Precision.parse(s);
                if (provider.precisions().contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    static int[] parseShape(String s) {
        String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape '" + s + "' is not of the form MxKxN, e.g. 1000x784x500");
        }
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                d[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape '" + s + "': '" + parts[i] + "' is not a whole number");
            }
            if (d[i] < 1) {
                throw new IllegalArgumentException("shape '" + s + "': every dimension must be at least 1");
            }
        }
        return d;
    }
}
