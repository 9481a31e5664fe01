package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.core.io.CheckpointFiles;
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

/** train-dbn under SIGTERM, --resume, and the errors of resuming. */
class CheckpointCommandTest {

    static final String[] SMALL = {"--subset", "--train-limit", "600", "--layers", "40,40,60", "--pretrain-epochs", "3",
        "--wake-sleep-epochs", "2", "--finetune-epochs", "3", "--validation", "100", "--backend", "ejml",
        "--precision", "float64", "--batch", "50"};

    @TempDir
    Path dir;

    static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of("train-dbn"));
        all.addAll(List.of(SMALL));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void sigtermSavesACheckpointAndResumeEndsWithTheUninterruptedModel() throws Exception {
        Path whole = dir.resolve("whole");
        MainTest.Result r = MainTest.run(args("--out", whole.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(whole.resolve("checkpoints")).as("removed when the run finished").doesNotExist();

        Path cut = dir.resolve("cut");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args("--out", cut.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
                if (l.startsWith("layer2 epoch 1/3")) {
                    // SIGTERM (Process.destroy would close the output still to be read)
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("130 when the command returns first, 143 when the signal's shutdown halts"
                + " first: %s", lines).isIn(130, 143);
        // the signal lands in layer 2 or, on a slow machine, a little later
        assertThat(lines).anyMatch(l -> l.matches("dbn4j: (layer[23]|wake-sleep|fine-tune): stopped on request.*")
                && l.contains("the state was saved to " + cut.resolve("checkpoints")));
        assertThat(lines).contains("dbn4j: continue with: ./dbn4j train-dbn --resume " + cut);
        assertThat(cut.resolve("model.dbn4j")).doesNotExist();
        assertThat(new CheckpointFiles(cut.resolve("checkpoints"), 2).files()).isNotEmpty();

        MainTest.Result bad = MainTest.run("train-dbn", "--resume", cut.toString(), "--layers", "10");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--layers cannot be given with --resume");

        MainTest.Result resumed = MainTest.run("train-dbn", "--resume", cut.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(cut.resolve("model.dbn4j"))).isEqualTo(
                Files.readAllBytes(whole.resolve("model.dbn4j")));
        assertThat(Files.readAllBytes(cut.resolve("model.npz"))).isEqualTo(
                Files.readAllBytes(whole.resolve("model.npz")));
        assertThat(cut.resolve("checkpoints")).doesNotExist();
        assertThat(Files.readString(cut.resolve("metrics.json"))).contains("\"resumed_from\"").contains("layer1");
    }

    @Test
    void trainRbmStoppedBySigtermResumesToTheUninterruptedModel() throws Exception {
        String[] rbm = {"train-rbm", "--subset", "--train-limit", "1000", "--hidden", "30", "--epochs", "20", "--pcd",
            "20", "--batch", "20", "--ais-runs", "0", "--backend", "ejml", "--precision", "float64", "--validation",
            "200", "--pixels", "per-batch"};
        Path whole = dir.resolve("rbm-whole");
        List<String> a = new ArrayList<>(List.of(rbm));
        a.addAll(List.of("--out", whole.toString()));
        MainTest.Result r = MainTest.run(a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();

        Path cut = dir.resolve("rbm-cut");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(rbm));
        cmd.addAll(List.of("--out", cut.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
                if (l.startsWith("rbm epoch 2/20")) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("130 when the command returns first, 143 when the signal's shutdown halts"
                + " first: %s", lines).isIn(130, 143);
        assertThat(lines).contains("dbn4j: continue with: ./dbn4j train-rbm --resume " + cut);
        MainTest.Result wrong = MainTest.run("train-dbn", "--resume", cut.toString());
        assertThat(wrong.err()).contains("is not a checkpoint of train-dbn or demo (stage 'rbm')");
        MainTest.Result resumed = MainTest.run("train-rbm", "--resume", cut.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(cut.resolve("model.dbn4j"))).as("the split and the per-batch binarisation resume")
                .isEqualTo(Files.readAllBytes(whole.resolve("model.dbn4j")));
        assertThat(cut.resolve("checkpoints")).doesNotExist();
        assertThat(Files.readString(cut.resolve("metrics.json"))).contains("\"train_images\" : 800")
                .contains("\"validation_images\" : 200");
    }

    @Test
    void resumingNeedsCheckpointsAndAFreshRunWillNotOverwriteThem() throws IOException {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        MainTest.Result none = MainTest.run("train-dbn", "--resume", empty.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains(empty + " holds no checkpoints");

        Path run = dir.resolve("run");
        new CheckpointFiles(run.resolve("checkpoints"), 1).write(new io.github.dbn4j.core.TrainingState()
                .putText("stage", "layer1"));
        MainTest.Result clash = MainTest.run(args("--out", run.toString()));
        assertThat(clash.code()).isEqualTo(1);
        assertThat(clash.err()).contains("holds the checkpoints of an unfinished run")
                .contains("--resume " + run);
        MainTest.Result out = MainTest.run("train-dbn", "--resume", run.toString(), "--out", dir.toString());
        assertThat(out.err()).contains("--out cannot be given with --resume");
        MainTest.Result policy = MainTest.run(args("--out", dir.resolve("p").toString(), "--on-divergence", "panic"));
        assertThat(policy.err()).contains("--on-divergence must be stop or halve, got 'panic'");
    }
}
