package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * {@code reproduce}: every recipe runs end to end with {@code --quick} on the shipped subset and
 * learns; a run stopped by SIGTERM resumes to the uninterrupted run's model and figures.
 */
class ReproduceCommandTest {

    @TempDir
    Path dir;

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void listNamesEveryRecipeAndAMissingOrUnknownNameIsExplained() {
        MainTest.Result list = MainTest.run("reproduce", "--list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("hinton-salakhutdinov-2006", "hinton-osindero-teh-2006",
                "salakhutdinov-murray-2008", "1.2%", "-86.34 nats");
        MainTest.Result none = MainTest.run("reproduce", "--out", dir.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("name a recipe").doesNotContain("Exception");
        MainTest.Result unknown = MainTest.run("reproduce", "lecun-1998", "--out", dir.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no recipe named 'lecun-1998'").contains("salakhutdinov-murray-2008");
        MainTest.Result subset = MainTest.run("reproduce", "salakhutdinov-murray-2008", "--subset", "--out",
                dir.toString());
        assertThat(subset.code()).isEqualTo(1);
        assertThat(subset.err()).contains("--subset and --train-limit do not apply");
    }

    @Test
    void theClassifierRecipeRunsQuicklyAndLearns() throws IOException {
        Path out = dir.resolve("hs");
        MainTest.Result r = MainTest.run("reproduce", "hinton-salakhutdinov-2006", "--quick", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : ReproduceCommand.OUTPUTS) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        JsonNode rep = json(out.resolve("reproduction.json"));
        assertThat(rep.get("recipe").asText()).isEqualTo("hinton-salakhutdinov-2006");
        assertThat(rep.get("quick").asBoolean()).isTrue();
        assertThat(rep.get("command").asText()).startsWith("./dbn4j reproduce hinton-salakhutdinov-2006 --quick");
        assertThat(rep.get("backend").asText()).isNotEmpty();
        assertThat(rep.get("wall_seconds").asDouble()).isPositive();
        JsonNode fig = rep.get("figures").get(0);
        assertThat(fig.get("published").asDouble()).isEqualTo(0.012);
        assertThat(fig.get("ours").asDouble()).as("10 classes: chance is 0.9").isLessThan(0.3);
        JsonNode epochs = json(out.resolve("metrics.json")).get("epochs");
        assertThat(epochs.get("fine-tune-cg")).hasSize(3);
        assertThat(epochs.get("layer3")).hasSize(2);
        assertThat(out.resolve("checkpoints")).doesNotExist();
    }

    @Test
    void theRbmRecipeEstimatesALogProbabilityFarAboveTheUniformModel() throws IOException {
        Path out = dir.resolve("sm");
        MainTest.Result r = MainTest.run("reproduce", "salakhutdinov-murray-2008", "--quick", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode fig = json(out.resolve("reproduction.json")).get("figures").get(0);
        assertThat(fig.get("unit").asText()).isEqualTo("nats");
        // a uniform model gives 784 ln 2 = -543 nats; the pixel frequencies alone about -206
        assertThat(fig.get("ours").asDouble()).isBetween(-190.0, -60.0);
        JsonNode metrics = json(out.resolve("metrics.json"));
        assertThat(metrics.get("ais_runs").asInt()).isEqualTo(10);
        assertThat(metrics.get("epochs").get("rbm")).hasSize(20);
    }

    /** Runs the recipe in a process and sends it SIGTERM when a line starts with {@code at}; returns its output. */
    private static List<String> stopAt(String recipe, Path out, String at) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "reproduce", recipe, "--quick", "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
                if (l.startsWith(at)) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("130 when the command returns first, 143 when the signal's shutdown halts"
                + " first: %s", lines).isIn(130, 143);
        assertThat(lines).contains("dbn4j: continue with: ./dbn4j reproduce " + recipe + " --resume " + out);
        return lines;
    }

    @Test
    void theClassifierRecipeStoppedInItsConjugateGradientsResumesToTheSameModel() throws Exception {
        Path whole = dir.resolve("whole");
        MainTest.Result r = MainTest.run("reproduce", "hinton-salakhutdinov-2006", "--quick", "--out", whole.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path cut = dir.resolve("cut");
        stopAt("hinton-salakhutdinov-2006", cut, "fine-tune-cg epoch 1/3");
        MainTest.Result resumed = MainTest.run("reproduce", "--resume", cut.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(cut.resolve("model.npz"))).isEqualTo(Files.readAllBytes(whole.resolve("model.npz")));
        assertThat(json(cut.resolve("reproduction.json")).get("figures").get(0).get("ours").asDouble())
                .isEqualTo(json(whole.resolve("reproduction.json")).get("figures").get(0).get("ours").asDouble());
        // a resumed run's wall time is its last session's: no ratio is drawn from it
        assertThat(json(whole.resolve("reproduction.json")).has("wall_over_products")).isTrue();
        assertThat(json(cut.resolve("reproduction.json")).has("wall_over_products")).isFalse();
        assertThat(json(cut.resolve("reproduction.json")).get("epochs_over_products").asDouble()).isPositive();
        assertThat(resumed.out()).contains("resumed, so the wall time is this session's only");
    }

    @Test
    void theGenerativeRecipeStoppedInUpDownResumesToTheSameModelAndFigures() throws Exception {
        Path whole = dir.resolve("whole");
        MainTest.Result r = MainTest.run("reproduce", "hinton-osindero-teh-2006", "--quick", "--out", whole.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode figures = json(whole.resolve("reproduction.json")).get("figures");
        assertThat(figures).hasSize(3);
        for (JsonNode f : figures) {
            assertThat(f.get("ours").asDouble()).as(f.get("figure").asText()).isLessThan(0.5);
            assertThat(f.has("met")).as("met or missed only against a target: " + f)
                    .isEqualTo(!f.get("target").asText().equals("none"));
        }

        Path cut = dir.resolve("cut");
        stopAt("hinton-osindero-teh-2006", cut, "wake-sleep epoch 1/3");

        MainTest.Result other = MainTest.run("reproduce", "salakhutdinov-murray-2008", "--resume", cut.toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).contains("holds a run of hinton-osindero-teh-2006");
        MainTest.Result resumed = MainTest.run("reproduce", "--resume", cut.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(cut.resolve("model.npz"))).isEqualTo(Files.readAllBytes(whole.resolve("model.npz")));
        JsonNode again = json(cut.resolve("reproduction.json")).get("figures");
        for (int i = 0; i < 3; i++) {
            assertThat(again.get(i).get("ours").asDouble()).as(again.get(i).get("figure").asText())
                    .isEqualTo(figures.get(i).get("ours").asDouble());
        }
        assertThat(cut.resolve("checkpoints")).doesNotExist();
    }
}
