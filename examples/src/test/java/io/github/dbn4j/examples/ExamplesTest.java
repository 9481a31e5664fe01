package io.github.dbn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dbn4j.api.Precision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every example runs, as a user would start it, and does what its description says. */
class ExamplesTest {

    /** Runs a program's {@code main} and returns what it printed. */
    private static String output(Runnable main) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rbmFeaturesTellTheTwoOrientationsApart() {
        RbmFeatures.Result r = RbmFeatures.run(1000, 1);
        assertThat(r.features()).hasNumberOfRows(1000);
        assertThat(java.util.Arrays.stream(r.features()).flatMapToDouble(java.util.Arrays::stream))
                .hasSize(1000 * 12).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        assertThat(r.samePatternDistance()).as("two noisy copies of one bar get nearly the same features")
                .isLessThan(r.otherOrientationDistance() / 3);
        assertThat(output(() -> RbmFeatures.main(new String[0])))
                .contains("RBM 36x12 trained on 1000 bar pictures");
    }

    /**
     * A program without an SLF4J provider that trains a healthy model prints no SLF4J warnings:
     * dbn4j makes its loggers on first use, and only a training warning uses them.
     */
    @Test
    void aHealthyRunWithoutAnSlf4jProviderPrintsNothingOfSlf4j() throws Exception {
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("slf4j-simple") && !e.contains("nd4j") && !e.contains("bytedeco"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaCommand, "-cp", classPath, RbmFeatures.class.getName())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(printed).isZero();
        assertThat(printed).contains("RBM 36x12 trained on 1000 bar pictures").doesNotContain("SLF4J");
    }

    @Test
    void theDigitClassifierLearnsFromTheShippedSubset() {
        DigitClassifier.Result r = DigitClassifier.run("nd4j", Precision.FLOAT32);
        assertThat(r.training()).isEqualTo(4500);
        assertThat(r.heldOut()).isEqualTo(500);
        assertThat(r.test()).isEqualTo(1000);
        assertThat(r.testError()).as("chance is 0.9; 0.083 measured").isLessThan(0.15);
    }

    @Test
    void theVaeLearnsDigitsAndImportanceSamplingTightensItsBound() {
        VaeDigits.Result r = VaeDigits.run("nd4j", Precision.FLOAT32, 10, 100);
        // the pixel means alone cost about 205 nats; measured: ELBO -130.9, log p(x) -124.2 (100 digits)
        assertThat(r.elbo()).as("ELBO (nats)").isGreaterThan(-150);
        assertThat(r.logLikelihood()).as("log p(x) (nats)").isGreaterThan(r.elbo()).isLessThan(r.elbo() + 20);
    }

    @Test
    void aModelWrittenByNumpyGivesNumpysFigures() {
        String printed = output(() -> NumpyModel.main(new String[0]));
        NumpyModel.Result r = NumpyModel.run(NumpyModel.shipped());
        // printed by src/main/python/write_rbm.py, computed by NumPy in float64
        assertThat(r.logZ()).isCloseTo(10.3449195927, within(1e-9));
        assertThat(r.logPZeros()).isCloseTo(-6.9648850020, within(1e-9));
        assertThat(r.logPOnes()).isCloseTo(-6.1848291728, within(1e-9));
        assertThat(printed).contains("RBM 8x4 from NumPy: log Z = 10.34491959");
    }
}
