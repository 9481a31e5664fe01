package io.github.dbn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python peers of {@code bench} ({@code benchmarks/peers/}: NumPy, PyTorch,
 * scikit-learn) in the same session, with the settings they need to run at their best (glibc
 * malloc thresholds that stop per-batch page faults; passive OpenMP waiting for PyTorch), and
 * returns their JSON measurements. A peer whose Python lacks its package reports itself skipped;
 * the next Python on the list is tried.
 */
final class Peers {

    /** Script and the tasks it implements. */
    static final Map<String, List<String>> SCRIPTS = Map.of(
            "numpy_rbm.py", List.of("cd1_epoch", "pcd1_epoch"),
            "torch_rbm.py", List.of("cd1_epoch", "pcd1_epoch"),
            "sklearn_rbm.py", List.of("pcd1_epoch"),
            "torch_backprop.py", List.of("finetune_epoch"),
            "torch_vae.py", List.of("vae_epoch"));

    /** One peer measurement. */
    record Result(String peer, String precision, String task, String shape, double seconds, double samplesPerS,
                  double gflops, long peakRssMb, String skipped, JsonNode raw) {
    }

    private final Path dir;
    private final List<String> pythons;
    private final PrintStream err;
    private final ObjectMapper mapper = new ObjectMapper();

    Peers(Path dir, List<String> pythons, PrintStream err) {
        if (!Files.isRegularFile(dir.resolve("peer_common.py"))) {
            throw new IllegalArgumentException("--peers-dir " + dir + " does not hold the peer scripts "
                    + "(peer_common.py); they are in benchmarks/peers of the dbn4j sources");
        }
        this.dir = dir;
        this.pythons = pythons;
        this.err = err;
    }

    /** Runs every script that implements one of {@code tasks}, at {@code precision}. */
    List<Result> run(List<String> tasks, String precision, Path data, Integer trainLimit, int repeats, int warmup) {
        List<Result> all = new ArrayList<>();
        for (String script : List.of("numpy_rbm.py", "torch_rbm.py", "sklearn_rbm.py", "torch_backprop.py",
                "torch_vae.py")) {
            List<String> mine = SCRIPTS.get(script).stream().filter(tasks::contains).toList();
            if (mine.isEmpty()) {
                continue;
            }
            List<Result> got = List.of();
            for (String python : pythons) {
                got = runOne(python, script, mine, precision, data, trainLimit, repeats, warmup);
                if (got.stream().noneMatch(r -> r.skipped() != null)) {
                    break;
                }
            }
            all.addAll(got);
        }
        return all;
    }

    private List<Result> runOne(String python, String script, List<String> tasks, String precision, Path data,
                                Integer trainLimit, int repeats, int warmup) {
        List<String> cmd = new ArrayList<>(List.of(python, dir.resolve(script).toString(), "--data", data.toString(),
                "--precision", precision, "--repeats", Integer.toString(repeats), "--warmup",
                Integer.toString(warmup), "--tasks", String.join(",", tasks)));
        if (trainLimit != null) {
            cmd.addAll(List.of("--train-limit", trainLimit.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "33554432");
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", "4294967296");
        if (script.startsWith("torch")) {
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        }
        err.println("dbn4j bench: running " + String.join(" ", cmd));
        List<Result> out = new ArrayList<>();
        try {
            Process p = pb.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        out.add(parse(script, line));
                    }
                }
            }
            if (!p.waitFor(1, TimeUnit.HOURS)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within an hour");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit code " + p.exitValue()
                        + " (its messages are above)");
            }
        } catch (IOException e) {
            return List.of(new Result(script, precision, String.join(",", tasks), "", Double.NaN, Double.NaN,
                    Double.NaN, -1, "cannot run " + python + ": " + e.getMessage(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
        return out;
    }

    private Result parse(String script, String line) throws IOException {
        JsonNode n;
        try {
            n = mapper.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(script + " printed a line that is not JSON: " + line, e);
        }
        String peer = n.path("peer").asText(script);
        if (n.has("skipped")) {
            return new Result(peer, n.path("precision").asText(""), n.path("task").asText(""), "", Double.NaN,
                    Double.NaN, Double.NaN, -1, n.get("skipped").asText(), n);
        }
        return new Result(peer, n.path("precision").asText(), n.path("task").asText(), n.path("shape").asText(),
                n.path("seconds").asDouble(Double.NaN), n.path("samples_per_s").asDouble(Double.NaN),
                n.path("gflops").asDouble(Double.NaN), n.path("peak_rss_mb").asLong(-1), null, n);
    }
}
