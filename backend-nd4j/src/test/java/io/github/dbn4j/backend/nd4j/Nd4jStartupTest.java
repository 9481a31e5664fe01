package io.github.dbn4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ND4J's start-up banner stays out of an application's INFO log unless the application asks for it.
 * The banner comes once per JVM, so each case runs in a child JVM that logs at INFO.
 */
class Nd4jStartupTest {

    /** The child: loads ND4J through the backend and multiplies once. */
    public static void main(String[] args) {
        Nd4jBackend b = new Nd4jBackend(Precision.FLOAT32);
        var a = b.fromArray(2, 2, new double[] {1, 2, 3, 4});
        var c = b.create(2, 2);
        b.gemm(false, false, 1.0, a, a, 0.0, c);
        System.out.println("product " + java.util.Arrays.toString(b.toArray(c)));
        System.out.println("float32 products by " + Sgemm.implementation());
    }

    static String run(String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.addAll(List.of(properties));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Nd4jStartupTest.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("the child ran").contains("product [7.0, 10.0, 15.0, 22.0]");
        return out;
    }

    @Test
    void theBannerIsOffUnlessTheApplicationTurnsItOn() throws Exception {
        String quiet = run();
        assertThat(quiet).doesNotContain("Blas vendor").doesNotContain("Loaded [CpuBackend]");
        String asked = run("-D" + Nd4jStartup.PROPERTY + "=true");
        assertThat(asked).as("ND4J's own switch still works").contains("Blas vendor");
    }

    /**
     * Flight Recorder's method sampling signals the threads it samples, and a signal during a oneDNN
     * GEMM kernel corrupts the heap (the run aborted in every try before): a JVM started with a
     * recording takes OpenBLAS, says why, and multiplies correctly; the property still decides.
     */
    @Test
    void aJvmStartedWithFlightRecorderMultipliesThroughOpenBlasUnlessTold(@TempDir Path dir) throws Exception {
        String recording = "-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve("r.jfr");
        String profiled = run(recording);
        assertThat(profiled).contains("float32 products by openblas").contains("Java Flight Recorder")
                .contains("oneDNN issue 4845");
        assertThat(run()).contains("float32 products by " + Sgemm.implementation());
        assertThat(run(recording, "-D" + Sgemm.PROPERTY + "=onednn")).doesNotContain("oneDNN issue 4845");
    }

    @Test
    void signalSamplingProfilersAreRecognisedAmongTheJvmOptions() {
        assertThat(Sgemm.signalSampler(List.of("-Xmx1g", "-XX:StartFlightRecording:duration=30s")))
                .startsWith("Java Flight Recorder");
        assertThat(Sgemm.signalSampler(List.of("-agentpath:/opt/ap/lib/libasyncProfiler.so=start,event=cpu")))
                .startsWith("async-profiler");
        assertThat(Sgemm.signalSampler(List.of("-agentlib:asyncProfiler=start"))).startsWith("async-profiler");
        assertThat(Sgemm.signalSampler(List.of("-Xmx1g", "-XX:+UseG1GC", "-agentlib:jdwp=transport=dt_socket")))
                .isNull();
    }
}
