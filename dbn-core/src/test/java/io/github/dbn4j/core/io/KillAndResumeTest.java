package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.dbn.Dbn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill-and-resume: a separate JVM trains a small seeded DBN ({@link KillTarget}) and is killed
 * with SIGKILL four times (in pretraining, in the middle of writing a checkpoint, in wake-sleep
 * and in back-propagation; the child waits at each point, so the kill lands there exactly),
 * resuming from its newest checkpoint each time; the model it finally writes equals the
 * uninterrupted run's bit for bit, on every backend.
 */
class KillAndResumeTest {

    /**
     * Where each child waits to be killed (after a batch, or halfway through writing its 2nd
     * checkpoint), the checkpoint to write halfway, and the stage it must have resumed in.
     */
    static final String[][] KILLS = {
        {"layer1:2:5", "0", null},
        {"", "2", "RESUME layer1"},
        {"wake-sleep:2:7", "0", "RESUME layer1"},
        {"fine-tune:2:3", "0", "RESUME wake-sleep"},
    };

    static Stream<String> backends() {
        return TestBackends.float64();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRunKilledFourTimesEndsBitForBitAsTheUninterruptedOne(String name, @TempDir Path dir) throws Exception {
        Dbn want = KillTarget.train(TestBackends.get(name, Precision.FLOAT64), TrainingControl.none());
        Path checkpoints = dir.resolve("checkpoints");
        Path model = dir.resolve("model.dbn4j");
        int survived = 0;
        for (String[] kill : KILLS) {
            Child child = new Child(name, checkpoints, model, Integer.parseInt(kill[1]), kill[0]);
            String expected = kill[0].isEmpty() ? "MIDWRITE" : "PAUSED";
            String seen = child.killOn(expected);
            assertThat(seen).as("child output before the kill (%s)", child.lines).isEqualTo(expected);
            if (kill[2] != null) {
                assertThat(child.lines.get(0)).as("it resumed").isEqualTo(kill[2]);
            }
            if (kill[0].isEmpty()) {
                try (Stream<Path> files = Files.list(checkpoints)) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .as("the torn checkpoint is only a temporary file").anyMatch(f -> f.endsWith(".tmp"));
                }
            }
            assertThat(model).doesNotExist();
            survived++;
        }
        Child last = new Child(name, checkpoints, model, 0, "");
        assertThat(last.waitFor()).as("final run output %s", last.lines).isZero();
        assertThat(last.lines).as("it resumed in back-propagation").startsWith("RESUME fine-tune").contains("DONE");
        assertThat(survived).isEqualTo(KILLS.length);
        assertThat(ModelFiles.readDbn(model)).isEqualTo(want);
    }

    /** A {@link KillTarget} process and the lines it printed. */
    static final class Child {
        final Process process;
        final List<String> lines = new ArrayList<>();
        final BufferedReader reader;

        Child(String backend, Path checkpoints, Path model, int pauseAt, String pauseAfter) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(java, "-Xmx512m", "-cp", classPath(),
                    KillTarget.class.getName(), backend, "float64", checkpoints.toString(), model.toString(),
                    Integer.toString(pauseAt), pauseAfter).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Reads lines until {@code line} appears, then SIGKILLs the process; returns the line (null at EOF). */
        String killOn(String line) throws Exception {
            try {
                for (String l; (l = reader.readLine()) != null; ) {
                    lines.add(l);
                    if (l.equals(line)) {
                        process.destroyForcibly();
                        process.waitFor(30, TimeUnit.SECONDS);
                        return l;
                    }
                }
                return null;
            } finally {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        int waitFor() throws Exception {
            for (String l; (l = reader.readLine()) != null; ) {
                if (!l.startsWith("BATCH")) {
                    lines.add(l);
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }
    }

    /**
     * The tests' class path for the child JVM, with the module path in front when the tests run
     * on it (dbn-core is a named module): the child runs everything from its class path.
     */
    private static String classPath() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : modules + java.io.File.pathSeparator + classes;
    }
}
