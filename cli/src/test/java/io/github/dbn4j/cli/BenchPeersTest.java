package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench's cd1_gemm and ais tasks, and --peers with stand-in peer scripts (run by sh, not Python). */
class BenchPeersTest {

    @TempDir
    Path dir;

    @Test
    void theProductsAloneAndAisAreMeasured() throws IOException {
        MainTest.Result r = MainTest.run("bench", "--subset", "--train-limit", "200", "--backends", "ejml",
                "--precisions", "float64", "--tasks", "cd1_gemm,ais", "--hidden", "8", "--repeats", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode gemm = new ObjectMapper().readTree(lines.get(0));
        JsonNode ais = new ObjectMapper().readTree(lines.get(1));
        assertThat(gemm.get("task").asText()).isEqualTo("cd1_gemm");
        assertThat(gemm.get("shape").asText()).isEqualTo("200 x 784x8");
        assertThat(gemm.get("gflops").asDouble()).isPositive();
        assertThat(ais.get("task").asText()).isEqualTo("ais");
        assertThat(ais.get("samples_per_s").asDouble()).isPositive();
    }

    @Test
    void theVaeEpochIsMeasuredAndTheTorchVaePeerRunForIt() throws IOException {
        MainTest.Result r = MainTest.run("bench", "--subset", "--train-limit", "200", "--backends", "ejml",
                "--precisions", "float64", "--tasks", "vae_epoch", "--repeats", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode vae = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(vae.get("task").asText()).isEqualTo("vae_epoch");
        assertThat(vae.get("shape").asText()).isEqualTo("200 x 784-200-200-50");
        // 2,228,000 flops a case: three products a layer, less the input's deltas
        assertThat(vae.get("gflops").asDouble() * vae.get("seconds").asDouble() * 1e9 / 200)
                .isCloseTo(2_228_000, org.assertj.core.data.Offset.offset(1.0));

        Path peers = dir.resolve("vae-peers");
        Files.createDirectories(peers);
        Files.writeString(peers.resolve("peer_common.py"), "");
        Files.writeString(peers.resolve("torch_vae.py"), "echo \"{\\\"peer\\\": \\\"torch\\\", "
                + "\\\"precision\\\": \\\"$4\\\", \\\"task\\\": \\\"${10}\\\", \\\"seconds\\\": 2.5}\"\n");
        List<Peers.Result> got = new Peers(peers, List.of("sh"), System.err).run(List.of("vae_epoch"), "float32", dir,
                null, 1, 1);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).task()).as("the task passed to the script").isEqualTo("vae_epoch");
        assertThat(got.get(0).seconds()).isEqualTo(2.5);
    }

    @Test
    void peersAreRunWithTheirSettingsAndAPeerWithoutItsPackageFallsToTheNextPython() throws IOException {
        Path peers = dir.resolve("peers");
        Files.createDirectories(peers);
        Files.writeString(peers.resolve("peer_common.py"), "");
        // stand-ins run by sh: numpy reports the malloc setting it was given; torch lacks its package under
        // the first "python" and is found under the second
        Files.writeString(peers.resolve("numpy_rbm.py"), "echo \"{\\\"peer\\\": \\\"numpy\\\", "
                + "\\\"precision\\\": \\\"$4\\\", \\\"task\\\": \\\"cd1_epoch\\\", \\\"shape\\\": "
                + "\\\"$MALLOC_MMAP_THRESHOLD_\\\", \\\"seconds\\\": 0.5, \\\"samples_per_s\\\": 400}\"\n");
        Files.writeString(peers.resolve("torch_rbm.py"), "if [ -z \"$SECOND\" ]; then echo '{\"peer\": \"torch\", "
                + "\"task\": \"cd1_epoch\", \"skipped\": \"no module named torch\"}'; else echo '{\"peer\": "
                + "\"torch\", \"precision\": \"float64\", \"task\": \"cd1_epoch\", \"seconds\": 0.25}'; fi\n");
        Path second = dir.resolve("second-sh");
        Files.writeString(second, "#!/bin/sh\nSECOND=1 exec sh \"$@\"\n");
        second.toFile().setExecutable(true);
        Peers runner = new Peers(peers, List.of("sh", second.toString()), System.err);
        List<Peers.Result> got = runner.run(List.of("cd1_epoch"), "float64", dir, 200, 1, 1);
        assertThat(got).hasSize(2);
        assertThat(got.get(0).peer()).isEqualTo("numpy");
        assertThat(got.get(0).precision()).isEqualTo("float64");
        assertThat(got.get(0).shape()).as("run with glibc's malloc thresholds").isEqualTo("33554432");
        assertThat(got.get(0).seconds()).isEqualTo(0.5);
        assertThat(got.get(1).peer()).isEqualTo("torch");
        assertThat(got.get(1).skipped()).isNull();
        assertThat(got.get(1).seconds()).isEqualTo(0.25);

        Files.writeString(peers.resolve("torch_backprop.py"), "echo 'not json'\n");
        assertThatThrownBy(() -> runner.run(List.of("finetune_epoch"), "float32", dir, null, 1, 1))
                .hasMessageContaining("torch_backprop.py printed a line that is not JSON: not json");
        assertThatThrownBy(() -> new Peers(dir, List.of("sh"), System.err))
                .hasMessageContaining("does not hold the peer scripts");
        MainTest.Result subset = MainTest.run("bench", "--subset", "--tasks", "cd1_epoch", "--peers");
        assertThat(subset.err()).contains("--peers needs the MNIST files");
    }

    @Test
    void roundsNeedPeersAndTheirSummaryIsTheMedianWithItsRange() {
        MainTest.Result noPeers = MainTest.run("bench", "--subset", "--tasks", "gemm", "--rounds", "3");
        assertThat(noPeers.code()).isNotZero();
        assertThat(noPeers.err()).contains("--rounds alternates dbn4j with the Python peers: add --peers");
        MainTest.Result zero = MainTest.run("bench", "--tasks", "gemm", "--rounds", "0", "--peers");
        assertThat(zero.err()).contains("--rounds must be at least 1, got 0");

        assertThat(BenchCommand.medianMinMax(new double[] {1.3, 1.1, 1.25})).containsExactly(1.25, 1.1, 1.3);
        assertThat(BenchCommand.medianMinMax(new double[] {1.4, 1.0, 1.2, 1.3})).containsExactly(1.25, 1.0, 1.4);
        assertThat(BenchCommand.medianMinMax(new double[] {0.9})).containsExactly(0.9, 0.9, 0.9);
    }
}
