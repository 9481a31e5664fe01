package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbn4j.core.vae.Vae;
import io.github.dbn4j.core.vae.VaeNpz;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train-vae} end to end on the shipped subset: its outputs, its figures, its resumption. */
class TrainVaeCommandTest {

    static final String[] SMALL = {"train-vae", "--subset", "--train-limit", "1200", "--hidden", "60", "--latent", "2",
        "--iaf", "1", "--iaf-hidden", "8", "--batch", "50", "--importance-samples", "50", "--test-cases", "100",
        "--backend", "ejml", "--precision", "float64"};

    @TempDir
    Path dir;

    static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(SMALL));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void writesTheModelTheFiguresAndTheReport() throws IOException {
        Path out = dir.resolve("vae");
        MainTest.Result r = MainTest.run(args("--epochs", "3", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : TrainVaeCommand.OUTPUTS) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(m.get("train_images").asInt()).isEqualTo(1000);
        assertThat(m.get("validation_images").asInt()).isEqualTo(200);
        assertThat(m.get("test_images").asInt()).isEqualTo(100);
        double elbo = m.get("test_elbo").asDouble();
        double ll = m.get("test_log_likelihood").asDouble();
        assertThat(ll).as("importance sampling tightens the bound").isGreaterThan(elbo).isLessThan(0);
        assertThat(m.get("test_nll").asDouble()).isEqualTo(-ll);
        assertThat(m.get("epochs").get("vae")).hasSize(3);
        assertThat(r.out()).contains("test log-likelihood").contains("50 importance samples, 100 images");
        Vae vae = VaeNpz.read(out.resolve("model.npz"));
        assertThat(vae.architecture().iafSteps()).isEqualTo(1);
        assertThat(vae.architecture().latent()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("manifold.png").contains("test_nll");
    }

    @Test
    void stoppedBySigtermItResumesToTheUninterruptedModel() throws Exception {
        Path whole = dir.resolve("whole");
        MainTest.Result r = MainTest.run(args("--epochs", "12", "--out", whole.toString()));
        assertThat(r.code()).as(r.err()).isZero();

        Path cut = dir.resolve("cut");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args("--epochs", "12", "--out", cut.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
                if (l.startsWith("vae epoch 2/12")) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s", lines).isIn(130, 143);
        assertThat(lines).contains("dbn4j: continue with: ./dbn4j train-vae --resume " + cut);
        MainTest.Result wrong = MainTest.run("train-rbm", "--resume", cut.toString());
        assertThat(wrong.code()).isNotZero();
        MainTest.Result resumed = MainTest.run("train-vae", "--resume", cut.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(cut.resolve("model.npz"))).isEqualTo(Files.readAllBytes(
                whole.resolve("model.npz")));
        assertThat(cut.resolve("checkpoints")).doesNotExist();
        JsonNode a = new ObjectMapper().readTree(cut.resolve("metrics.json").toFile());
        JsonNode b = new ObjectMapper().readTree(whole.resolve("metrics.json").toFile());
        assertThat(a.get("test_log_likelihood").asDouble()).isEqualTo(b.get("test_log_likelihood").asDouble());
    }

    @Test
    void cifar10GetsGaussianOutputsAndBitsPerDimension() throws IOException {
        Path data = dir.resolve("cifar");
        Files.createDirectories(data);
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        List<String> names = new ArrayList<>(io.github.dbn4j.core.data.Cifar10.TRAIN_FILES);
        names.add(io.github.dbn4j.core.data.Cifar10.TEST_FILE);
        for (String name : names) {
            byte[] b = new byte[30 * 3073];
            for (int i = 0; i < 30; i++) {
                b[i * 3073] = (byte) (i % 10);
                int level = 40 + 20 * (i % 8);                 // a flat image with a little noise
                for (int k = 0; k < 3072; k++) {
                    b[i * 3073 + 1 + k] = (byte) (level + r.nextInt(5));
                }
            }
            Files.write(data.resolve(name), b);
        }
        Path out = dir.resolve("cifar-out");
        MainTest.Result res = MainTest.run("train-vae", "--dataset", "cifar10", "--data", data.toString(), "--hidden",
                "40", "--latent", "4", "--epochs", "3", "--batch", "25", "--importance-samples", "20", "--backend",
                "ejml", "--out", out.toString());
        assertThat(res.code()).as(res.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(m.get("train_images").asInt() + m.get("validation_images").asInt()).isEqualTo(150);
        assertThat(m.get("test_images").asInt()).isEqualTo(30);
        assertThat(m.get("output").asText()).isEqualTo("gaussian");
        double bits = m.get("test_bits_per_dim").asDouble();
        assertThat(bits).as("below the 8 bits of uniform bytes, above nothing").isBetween(0.5, 8.0);
        assertThat(bits).isCloseTo((-m.get("test_log_likelihood").asDouble() + 3072 * Math.log(256))
                / (3072 * Math.log(2)), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(VaeNpz.read(out.resolve("model.npz")).values("decoder.logvar_out")).hasSize(3072);
        assertThat(Files.readString(out.resolve("report.html"))).contains("CIFAR-10").contains("planes");
    }

    @Test
    void badSettingsAreRefusedBeforeTraining() {
        MainTest.Result r = MainTest.run("train-vae", "--subset", "--epochs", "1", "--latent", "0", "--out",
                dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("latent must be at least 1, got 0");
        assertThat(dir.resolve("x").resolve("metrics.json")).doesNotExist();
        MainTest.Result v = MainTest.run(args("--epochs", "1", "--validation", "1200", "--out",
                dir.resolve("y").toString()));
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.err()).contains("--validation 1200 leaves no training images");
    }
}
