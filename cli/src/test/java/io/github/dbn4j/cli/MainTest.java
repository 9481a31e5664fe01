package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbn4j.core.io.InsufficientMemoryException;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.io.NpyArray;
import io.github.dbn4j.core.io.Npz;
import io.github.dbn4j.core.rbm.Rbm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program end to end on the shipped subset, small models, and its one-line errors. */
class MainTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aModelFileWhoseShapesDisagreeGetsOneLineAndDebugShowsWhere() {
        Path bad = dir.resolve("bad.npz");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("format_version", NpyArray.ofLongs(new long[] {1}, 1));
        arrays.put("kind", NpyArray.ofLongs(new long[] {0}, 1));
        arrays.put("gaussian_visible", NpyArray.ofLongs(new long[] {0}, 1));
        arrays.put("W", NpyArray.ofDoubles(new double[40 * 30], 40, 30));
        arrays.put("vbias", NpyArray.ofDoubles(new double[784], 784));
        arrays.put("hbias", NpyArray.ofDoubles(new double[30], 30));
        Npz.write(bad, arrays);
        Result r = run("evaluate", "--subset", "--model", bad.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).isEqualTo("dbn4j evaluate: " + bad + ": array 'vbias' has shape (784,) but must be (40,)"
                + " (one per visible unit)" + System.lineSeparator());
        Result debug = run("evaluate", "--subset", "--model", bad.toString(), "--debug");
        assertThat(debug.err()).startsWith(r.err()).contains("ModelFileException")
                .contains("\tat io.github.dbn4j.core.io.ModelNpz");
    }

    @Test
    void tooLittleMemoryIsOneLineThatSaysHowToGiveTheProgramMore() {
        InsufficientMemoryException tooBig = catchThrowableOfType(InsufficientMemoryException.class,
                () -> InsufficientMemoryException.require(1L << 40, Path.of("big.npz"), "entry 'W.npy'"));
        assertThat(Main.describe(tooBig)).startsWith("big.npz: entry 'W.npy' needs 1.02e+03 GiB of memory")
                .contains("; give the program more memory with DBN4J_JAVA_OPTS=-Xmx");
        assertThat(Main.describe(new OutOfMemoryError("Java heap space")))
                .startsWith("out of memory (Java heap space, maximum heap ").contains("DBN4J_JAVA_OPTS=-Xmx");
    }

    /**
     * A real gzip bomb in a small heap: 200 MB of zero pixels that inflate from 0.2 MB, read by the
     * program in its own JVM with a 48 MB heap. It must end with one line naming the file and the
     * memory it needs, not an {@code OutOfMemoryError}.
     */
    @Test
    void aGzipBombInASmallHeapIsOneLineAndNoOutOfMemoryError() throws Exception {
        Path data = Files.createDirectory(dir.resolve("bomb"));
        int count = 100_000;
        int rows = 40;
        int cols = 50;
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(data.resolve("train-images-idx3-ubyte.gz")), 1 << 16)) {
            gz.write(java.nio.ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(rows).putInt(cols).array());
            byte[] zeros = new byte[1 << 20];
            for (long left = (long) count * rows * cols; left > 0; left -= zeros.length) {
                gz.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        assertThat(Files.size(data.resolve("train-images-idx3-ubyte.gz"))).as("a bomb").isLessThan(1 << 20);
        writeIdxLabels(data.resolve("train-labels-idx1-ubyte"), count);
        try (java.io.OutputStream out = Files.newOutputStream(data.resolve("t10k-images-idx3-ubyte"))) {
            out.write(java.nio.ByteBuffer.allocate(16).putInt(0x803).putInt(1).putInt(rows).putInt(cols).array());
            out.write(new byte[rows * cols]);
        }
        writeIdxLabels(data.resolve("t10k-labels-idx1-ubyte"), 1);

        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaCommand, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train-rbm", "--backend", "ejml", "--data", data.toString(), "--out",
                dir.resolve("bomb-run").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output.strip().lines().filter(l -> l.startsWith("dbn4j")).toList()).as(output).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains(data.resolve("train-images-idx3-ubyte.gz").toString())
                        .contains("needs").contains("DBN4J_JAVA_OPTS=-Xmx"));
        assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(dir.resolve("bomb-run").resolve("model.dbn4j")).doesNotExist();
    }

    private static void writeIdxLabels(Path file, int count) throws IOException {
        byte[] b = java.nio.ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count).array();
        Files.write(file, b);
    }

    /**
     * The classifier in a checkpoint of fine-tuning, evaluated as the run stands: a one-layer
     * network whose bias favours class 3 calls every digit a 3, so its error is the share of
     * other digits in the shipped test subset.
     */
    @Test
    void evaluateReadsTheClassifierOfACheckpoint() {
        io.github.dbn4j.core.TrainingState state = new io.github.dbn4j.core.TrainingState();
        double[] bias = new double[10];
        bias[3] = 1;
        state.putText(io.github.dbn4j.core.TrainingControl.STAGE, "fine-tune-cg");
        state.scoped("run").scoped("trainer").putArray("W0", new double[784 * 10], 784, 10)
                .putArray("b0", bias, 1, 10);
        io.github.dbn4j.core.io.CheckpointFiles store = new io.github.dbn4j.core.io.CheckpointFiles(
                dir.resolve("checkpoints"), 2);
        Path file = Path.of(store.write(state));
        long threes = java.util.Arrays.stream(io.github.dbn4j.core.data.Mnist.subset().test().labels())
                .filter(l -> l == 3).count();
        Result r = run("evaluate", "--subset", "--backend", "ejml", "--model", file.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"checkpoint_stage\":\"fine-tune-cg\"")
                .contains("\"test_error_classifier\":" + (1000 - threes) / 1000.0);

        io.github.dbn4j.core.TrainingState pretraining = new io.github.dbn4j.core.TrainingState();
        pretraining.putText(io.github.dbn4j.core.TrainingControl.STAGE, "layer1");
        pretraining.scoped("run").putArray("W", new double[784 * 5], 784, 5);
        Path early = Path.of(store.write(pretraining));
        Result none = run("evaluate", "--subset", "--backend", "ejml", "--model", early.toString());
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("is a checkpoint of stage layer1, which holds no classifier yet");
    }

    @Test
    void trainRbmWritesEveryOutputAndEvaluateReadsBothFormats() throws IOException {
        Path out = dir.resolve("rbm");
        Result r = run("train-rbm", "--subset", "--train-limit", "300", "--backend", "ejml", "--hidden", "16",
                "--epochs", "2", "--batch", "50", "--ais-runs", "10", "--ais-betas", "100", "--lr-decay-from", "2",
                "--sampled-negative", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : TrainRbmCommand.OUTPUTS) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(ImageIO.read(out.resolve("filters.png").toFile()).getWidth()).isPositive();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("backend").asText()).isEqualTo("ejml");
        assertThat(metrics.get("precision").asText()).isEqualTo("float32");
        assertThat(metrics.get("ais_logz").isNumber()).isTrue();
        assertThat(metrics.get("test_avg_log_prob").asDouble()).isNegative();
        assertThat(metrics.get("epochs").get("rbm")).hasSize(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("train-rbm").contains("filters.png");
        Rbm a = ModelFiles.readRbm(out.resolve("model.dbn4j"));
        assertThat(ModelNpz.readRbm(out.resolve("model.npz"))).isEqualTo(a);
        assertThat(a.config().orElseThrow().decayFrom()).as("--lr-decay-from").isEqualTo(2);
        assertThat(a.config().orElseThrow().sampledNegative()).as("--sampled-negative").isTrue();

        // evaluate with the exact partition function, from the npz file, as JSON
        Result e = run("evaluate", "--subset", "--backend", "ejml", "--precision", "float64", "--exact", "--json",
                "--model", out.resolve("model.npz").toString());
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode ev = new ObjectMapper().readTree(e.out().isEmpty() ? "{}" : e.out());
        assertThat(ev.get("exact_logz").asDouble()).as("AIS of the training run is near the exact value")
                .isCloseTo(metrics.get("ais_logz").asDouble(), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void theDefaultValidationSetIsASixthOfTheTrainingImages() throws IOException {
        assertThat(DbnPipeline.defaultValidation(60000)).isEqualTo(10000);
        assertThat(DbnPipeline.defaultValidation(10000)).isEqualTo(1667);
        assertThat(DbnPipeline.defaultValidation(5)).isEqualTo(1);
        // --train-limit alone: no --validation, and the run holds out a sixth
        Path out = dir.resolve("limit");
        Result r = run("train-dbn", "--subset", "--train-limit", "300", "--backend", "ejml", "--layers", "20,20,30",
                "--pretrain-epochs", "1", "--wake-sleep-epochs", "0", "--finetune-epochs", "1", "--batch", "50",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("validation_images").asInt()).isEqualTo(50);
        assertThat(metrics.get("train_images").asInt()).isEqualTo(250);
    }

    @Test
    void trainDbnAndSample() throws IOException {
        Path out = dir.resolve("dbn");
        Result r = run("train-dbn", "--subset", "--train-limit", "400", "--backend", "ejml", "--layers", "30,30,40",
                "--pretrain-epochs", "1", "--wake-sleep-epochs", "1", "--finetune-epochs", "2", "--validation", "100",
                "--batch", "50", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : DbnPipeline.OUTPUTS) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("test_error_finetuned").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("test_error_generative").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("epochs").get("fine-tune")).hasSize(2);
        assertThat(metrics.get("samples_label_agreement").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("warnings").isArray()).as("warnings is a list").isTrue();
        Map<String, NpyArray> generated = Npz.read(out.resolve("samples.npz"));
        assertThat(generated.get("images").dtype()).isEqualTo("<f4");
        assertThat(generated.get("images").shape()).containsExactly(100, 784);
        assertThat(generated.get("labels").dtype()).isEqualTo("<i8");
        long[] clamped = generated.get("labels").longs();
        assertThat(clamped).hasSize(100);
        assertThat(clamped[0]).isZero();
        assertThat(clamped[99]).isEqualTo(9);
        assertThat(java.util.Arrays.stream(generated.get("images").doubles()).allMatch(v -> v >= 0 && v <= 1))
                .as("probabilities in [0, 1]").isTrue();

        Path npz = dir.resolve("sevens.npz");
        Result sn = run("sample", "--backend", "ejml", "--model", out.resolve("model.dbn4j").toString(), "--label", "7",
                "--count", "5", "--steps", "20", "--out", npz.toString());
        assertThat(sn.code()).as(sn.err()).isZero();
        Map<String, NpyArray> sevens = Npz.read(npz);
        assertThat(sevens.get("images").shape()).containsExactly(5, 784);
        assertThat(sevens.get("labels").longs()).containsOnly(7L);
        Result free = run("sample", "--backend", "ejml", "--model", out.resolve("model.dbn4j").toString(),
                "--count", "3", "--steps", "5", "--out", dir.resolve("all.npz").toString());
        assertThat(free.code()).as(free.err()).isZero();
        assertThat(Npz.read(dir.resolve("all.npz")).get("labels").longs()).hasSize(30);
        Result bad = run("sample", "--backend", "ejml", "--model", out.resolve("model.dbn4j").toString(),
                "--out", dir.resolve("x.txt").toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("x.txt").contains(".npz");
        Result weak = run("sample", "--backend", "ejml", "--model", out.resolve("model.dbn4j").toString(),
                "--label-strength", "0", "--out", dir.resolve("y.npz").toString());
        assertThat(weak.code()).isNotZero();
        assertThat(weak.err()).contains("--label-strength must be a positive number, got 0.0");
        assertThat(metrics.get("samples_label_strength").asDouble()).as("the CLI default is the library's")
                .isEqualTo(io.github.dbn4j.core.dbn.DbnEngine.LABEL_STRENGTH);

        Path png = dir.resolve("sevens.png");
        Result s = run("sample", "--backend", "ejml", "--model", out.resolve("model.dbn4j").toString(), "--label", "7",
                "--count", "5", "--steps", "20", "--out", png.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void benchPrintsOneJsonObjectPerMeasurement() throws IOException {
        Result r = run("bench", "--subset", "--train-limit", "200", "--backends", "ejml", "--precisions", "float64",
                "--tasks", "gemm,cd1_epoch", "--shapes", "20x30x40", "--repeats", "1", "--warmup", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode gemm = new ObjectMapper().readTree(lines.get(0));
        JsonNode epoch = new ObjectMapper().readTree(lines.get(1));
        assertThat(gemm.get("task").asText()).isEqualTo("gemm");
        assertThat(gemm.get("gflops").asDouble()).isPositive();
        assertThat(epoch.get("task").asText()).isEqualTo("cd1_epoch");
        assertThat(epoch.get("backend").asText()).isEqualTo("ejml");
        assertThat(epoch.get("precision").asText()).isEqualTo("float64");
        assertThat(epoch.get("samples_per_s").asDouble()).isPositive();
        assertThat(epoch.get("seconds").asDouble()).isPositive();
        assertThat(epoch.get("peak_rss_mb").asLong()).isNotZero();
        assertThat(run("bench", "--tasks", "ais2").err()).contains("unknown task 'ais2'");
    }

    @Test
    void trainRbmHeldOutImagesGetTheirOwnLogProbabilityAndPerBatchBinarisationChangesTheModel() throws IOException {
        String[] common = {"train-rbm", "--subset", "--train-limit", "300", "--backend", "ejml", "--hidden", "16",
            "--epochs", "3", "--batch", "50", "--ais-runs", "10", "--ais-betas", "200", "--validation", "100"};
        Map<String, JsonNode> runs = new java.util.HashMap<>();
        for (String pixels : List.of("per-batch", "stochastic")) {
            Path out = dir.resolve("rbm-" + pixels);
            List<String> args = new ArrayList<>(List.of(common));
            args.addAll(List.of("--pixels", pixels, "--out", out.toString()));
            Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("nats, validation ");
            runs.put(pixels, new ObjectMapper().readTree(out.resolve("metrics.json").toFile()));
        }
        JsonNode m = runs.get("per-batch");
        assertThat(m.get("train_images").asInt()).isEqualTo(200);
        assertThat(m.get("validation_images").asInt()).isEqualTo(100);
        // binary images of 784 pixels: the uniform model gives 784 ln 2 = 543 nats
        assertThat(m.get("validation_avg_log_prob").asDouble()).isBetween(-543.0, -50.0);
        assertThat(m.get("validation_avg_log_prob").asDouble())
                .isNotEqualTo(m.get("test_avg_log_prob").asDouble());
        assertThat(m.get("ais_logz").asDouble()).as("binarised anew per batch, not once")
                .isNotEqualTo(runs.get("stochastic").get("ais_logz").asDouble());
        Rbm perBatch = ModelFiles.readRbm(dir.resolve("rbm-per-batch").resolve("model.dbn4j"));
        assertThat(perBatch).isNotEqualTo(ModelFiles.readRbm(dir.resolve("rbm-stochastic").resolve("model.dbn4j")));

        Result all = run("train-rbm", "--subset", "--train-limit", "300", "--validation", "300", "--out",
                dir.resolve("rbm-none").toString());
        assertThat(all.code()).isNotZero();
        assertThat(all.err()).contains("--validation 300 leaves no training images out of 300");
        Result gray = run("train-rbm", "--subset", "--pixels", "gray", "--out", dir.resolve("rbm-gray").toString());
        assertThat(gray.code()).isNotZero();
        assertThat(gray.err()).contains("unknown --pixels 'gray': use stochastic, per-batch, threshold or scaled");
        assertThat(dir.resolve("rbm-gray")).as("refused before the output directory is made").doesNotExist();
        assertThat(dir.resolve("rbm-none").resolve("model.dbn4j")).doesNotExist();
    }

    @Test
    void errorsAreOneLineWithoutStackTraces() throws IOException {
        Path out = dir.resolve("existing");
        Files.createDirectories(out);
        Files.writeString(out.resolve("model.dbn4j"), "precious");
        List<Result> bad = List.of(
                run("train-rbm", "--subset", "--precision", "half", "--out", dir.resolve("x").toString()),
                run("train-rbm", "--subset", "--backend", "gpu", "--out", dir.resolve("y").toString()),
                run("train-rbm", "--subset", "--backend", "commons", "--precision", "float32", "--out",
                        dir.resolve("z").toString()),
                run("train-rbm", "--subset", "--out", out.toString()),
                run("train-dbn", "--subset", "--layers", "30,0", "--out", dir.resolve("w").toString()),
                run("evaluate", "--subset", "--model", dir.resolve("absent.npz").toString()),
                run("train-rbm", "--data", dir.resolve("no-mnist-here").toString(), "--no-fetch",
                        "--out", dir.resolve("v").toString()),
                run("train-rbm", "--subset", "--out", out.resolve("model.dbn4j").resolve("sub").toString()),
                run("train-rbm", "--subset", "--lr-decay-from", "-2", "--out", dir.resolve("u").toString()),
                run("train-dbn", "--subset", "--wake-sleep-momentum", "1", "--out", dir.resolve("t").toString()));
        List<String> expected = List.of("unknown precision 'half'", "unknown backend 'gpu'",
                "does not support float32", "model.dbn4j exists; use --force", "at least 1 unit", "absent.npz",
                "--no-fetch forbids fetching", "cannot create the output directory",
                "--lr-decay-from must be an epoch (1-based), or 0 for constant rates; got -2",
                "--wake-sleep-momentum must be in [0, 1), got 1.0");
        for (int i = 0; i < bad.size(); i++) {
            Result r = bad.get(i);
            assertThat(r.code()).as("exit code of case %d: %s", i, r.err()).isNotZero();
            assertThat(r.err()).as("case %d", i).contains(expected.get(i)).doesNotContain("\tat ")
                    .doesNotContain("Exception in thread");
        }
        assertThat(bad.get(1).err()).contains("(on the command line: --backend NAME)");
        assertThat(Files.readString(out.resolve("model.dbn4j"))).isEqualTo("precious");
    }
}
