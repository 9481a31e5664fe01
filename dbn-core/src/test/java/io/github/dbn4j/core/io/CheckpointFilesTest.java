package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.TrainingState;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: exact round trips, rotation, failing disks, torn and damaged files. */
class CheckpointFilesTest {

    @TempDir
    Path dir;

    static TrainingState sample(int seed) {
        TrainingState s = new TrainingState();
        double[] w = new double[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.sin(seed + i) * 1e-3 + i;
        }
        s.putText("stage", "layer2").putLong("run/loop/epoch", seed).putArray("run/trainer/W", w, 3, 4)
                .putArray("run/trainer/b", new double[] {-0.0, Double.MIN_VALUE, 1e308}, 3)
                .putDouble("run/trainer/previous", Double.NaN).putDouble("run/trainer/best", Double.POSITIVE_INFINITY)
                .putText("history/names", "a\nb");
        return s;
    }

    @Test
    void statesRoundTripExactly() {
        CheckpointFiles store = new CheckpointFiles(dir, 2);
        TrainingState s = sample(3);
        String where = store.write(s);
        TrainingState r = store.latest().orElseThrow();
        assertThat(r.origin()).isEqualTo(where);
        assertThat(r.names()).isEqualTo(s.names());
        assertThat(r.array("run/trainer/W").shape()).containsExactly(3, 4);
        assertThat(r.array("run/trainer/W").values()).isEqualTo(s.array("run/trainer/W").values());
        assertThat(Double.doubleToRawLongBits(r.values("run/trainer/b", 3)[0])).isEqualTo(Long.MIN_VALUE);
        assertThat(r.getDouble("run/trainer/previous")).isNaN();
        assertThat(r.getDouble("run/trainer/best")).isInfinite();
        assertThat(r.getLong("run/loop/epoch")).isEqualTo(3);
        assertThat(r.getText("history/names")).isEqualTo("a\nb");
        assertThat(r.scoped("run").scoped("trainer").values("W", 12)).isEqualTo(s.array("run/trainer/W").values());
        assertThatThrownBy(() -> r.scoped("run").values("trainer/W", 13)).isInstanceOf(IllegalStateException.class)
                .hasMessage(where + ": 'run/trainer/W' has 12 values but 13 are needed (was it written with other "
                        + "settings?)");
        assertThatThrownBy(() -> r.getLong("nothing")).hasMessage(where + ": no integer 'nothing'");
    }

    @Test
    void onlyTheNewestAreKeptAndNumberingGoesOn() {
        CheckpointFiles store = new CheckpointFiles(dir, 2);
        for (int i = 1; i <= 5; i++) {
            store.write(sample(i));
        }
        assertThat(store.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-000004.dbn4j", "checkpoint-000005.dbn4j");
        assertThat(store.latest().orElseThrow().getLong("run/loop/epoch")).isEqualTo(5);
        CheckpointFiles again = new CheckpointFiles(dir, 2);
        again.write(sample(6));
        assertThat(again.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-000005.dbn4j", "checkpoint-000006.dbn4j");
        assertThat(new CheckpointFiles(dir.resolve("empty"), 1).latest()).isEmpty();
    }

    @Test
    void aFullDiskKeepsThePreviousCheckpointsAndLeavesNoTemporaryFile() throws IOException {
        CheckpointFiles good = new CheckpointFiles(dir, 2);
        good.write(sample(1));
        good.write(sample(2));
        List<Path> before = good.files();
        byte[] newest = Files.readAllBytes(before.get(1));
        for (int limit : new int[] {0, 10, 100, 250}) {
            CheckpointFiles full = new CheckpointFiles(dir, 2, out -> new FullDisk(out, limit));
            assertThatThrownBy(() -> full.write(sample(3))).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("checkpoint-000003.dbn4j").hasMessageContaining("No space left on device")
                    .hasMessageEndingWith("the previous checkpoint " + before.get(1) + " is kept");
            assertThat(good.files()).isEqualTo(before);
            try (Stream<Path> all = Files.list(dir)) {
                assertThat(all.map(p -> p.getFileName().toString())).as("no temporary file is left")
                        .containsExactlyInAnyOrder("checkpoint-000001.dbn4j", "checkpoint-000002.dbn4j");
            }
        }
        assertThat(Files.readAllBytes(before.get(1))).isEqualTo(newest);
        assertThat(good.latest().orElseThrow().getLong("run/loop/epoch")).isEqualTo(2);
    }

    @Test
    void anUnusableDirectoryIsNamed() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> new CheckpointFiles(file, 1)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file + " is a file, not a directory");
        assertThatThrownBy(() -> new CheckpointFiles(file.resolve("sub"), 1)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot use checkpoint directory " + file.resolve("sub"));
        assertThatThrownBy(() -> new CheckpointFiles(dir, 0)).hasMessageContaining("at least one checkpoint");
    }

    @Test
    void aWriteKilledHalfwayLeavesOnlyATemporaryFileWhichIsRemovedOnOpening() throws IOException {
        CheckpointFiles store = new CheckpointFiles(dir, 3);
        store.write(sample(1));
        byte[] bytes = Files.readAllBytes(store.files().get(0));
        Path torn = dir.resolve(".checkpoint-000002.dbn4j.0123456789ab.tmp");
        Files.write(torn, Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(store.latest().orElseThrow().getLong("run/loop/epoch")).isEqualTo(1);
        new CheckpointFiles(dir, 3);
        assertThat(torn).doesNotExist();
    }

    @Test
    void aDamagedNewestCheckpointIsNamedWithTheOneBeforeIt() throws IOException {
        CheckpointFiles store = new CheckpointFiles(dir, 3);
        store.write(sample(1));
        store.write(sample(2));
        Path newest = store.files().get(1);
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 0x10;
        Files.write(newest, b);
        assertThatThrownBy(store::latest).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(newest + ": checksum mismatch")
                .hasMessageContaining("the one before it is " + store.files().get(0));
    }

    @Test
    void everyTruncationAndByteFlipIsRejected() throws IOException {
        Path file = Path.of(new CheckpointFiles(dir, 1).write(sample(4)));
        byte[] full = Files.readAllBytes(file);
        Path bad = dir.resolve("bad.dbn4j");
        int rejected = 0;
        for (int length = 0; length < full.length; length++) {
            Files.write(bad, Arrays.copyOf(full, length));
            assertThatThrownBy(() -> CheckpointFiles.read(bad)).isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(bad + ": ");
            rejected++;
        }
        for (int i = 0; i < full.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] b = full.clone();
                b[i] ^= (byte) mask;
                Files.write(bad, b);
                assertThatThrownBy(() -> CheckpointFiles.read(bad)).isInstanceOf(ModelFileException.class)
                        .hasMessageStartingWith(bad + ": ");
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(full.length * 4).isGreaterThan(1000);
    }

    @Test
    void modelsAndCheckpointsAreNotTakenForEachOther() {
        Path model = dir.resolve("model.dbn4j");
        ModelFiles.write(model, TestModels.rbm());
        assertThatThrownBy(() -> CheckpointFiles.read(model)).isInstanceOf(ModelFileException.class)
                .hasMessage(model + ": holds a model, not a training checkpoint");
        Path ckpt = Path.of(new CheckpointFiles(dir, 1).write(sample(1)));
        assertThatThrownBy(() -> ModelFiles.read(ckpt)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("holds a training checkpoint, not a model");
    }

    /** A disk that fills up after {@code limit} bytes. */
    static final class FullDisk extends FilterOutputStream {
        private int left;

        FullDisk(OutputStream out, int limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                out.write(b, off, left);
                left = 0;
                throw new IOException("No space left on device");
            }
            left -= len;
            out.write(b, off, len);
        }
    }
}
