package io.github.dbn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    private static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    private static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(0x00000801).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzipFiles() throws IOException {
        byte[] raw = images(3, 2, 4);
        Idx.Images a = Idx.readImages(write("a", raw));
        Idx.Images b = Idx.readImages(write("b.gz", gzip(raw)));
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.rows()).isEqualTo(2);
        assertThat(a.cols()).isEqualTo(4);
        assertThat(a.pixels()).isEqualTo(Arrays.copyOfRange(raw, 16, raw.length)).isEqualTo(b.pixels());
        assertThat(a.pixel(1, 3)).isEqualTo(((8 + 3) * 7) & 0xff);
        assertThat(Idx.readLabels(write("l", labels(3, 0, 9)), 10)).containsExactly(3, 0, 9);
    }

    @Test
    void everyDefectIsNamedWithTheFile() throws IOException {
        byte[] raw = images(3, 2, 4);
        Path truncated = write("truncated", Arrays.copyOf(raw, raw.length - 5));
        assertThatThrownBy(() -> Idx.readImages(truncated)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(truncated.toString()).hasMessageContaining("truncated");
        Path trailing = write("trailing", Arrays.copyOf(raw, raw.length + 2));
        assertThatThrownBy(() -> Idx.readImages(trailing)).hasMessageContaining("trailing data");
        byte[] badMagic = raw.clone();
        badMagic[0] = 0x1f;
        assertThatThrownBy(() -> Idx.readImages(write("magic", badMagic))).hasMessageContaining("not an IDX file");
        byte[] badType = raw.clone();
        badType[2] = 0x0d;
        assertThatThrownBy(() -> Idx.readImages(write("type", badType))).hasMessageContaining("0x0d");
        assertThatThrownBy(() -> Idx.readImages(write("dims", labels(1, 2))))
                .hasMessageContaining("has 1 dimensions, expected 3");
        assertThatThrownBy(() -> Idx.readLabels(write("range", labels(1, 12, 3)), 10))
                .hasMessageContaining("label 12 at index 1 is outside 0..9");
        Path gzTruncated = write("t.gz", Arrays.copyOf(gzip(raw), 20));
        assertThatThrownBy(() -> Idx.readImages(gzTruncated)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(gzTruncated.toString());
        assertThatThrownBy(() -> Idx.readImages(dir.resolve("absent"))).hasMessageContaining("no such file");
    }

    @Test
    void aForgedHeaderCannotAllocateWhatTheFileDoesNotHold() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 10);
        b.putInt(0x00000803).putInt(60000).putInt(1000).putInt(1000);
        Path forged = write("forged", b.array());
        assertThatThrownBy(() -> Idx.readImages(forged)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("more than");
        ByteBuffer c = ByteBuffer.allocate(16 + 10);
        c.putInt(0x00000803).putInt(1000).putInt(1000).putInt(1000);
        Path forgedGz = write("forged.gz", gzip(c.array()));
        assertThatThrownBy(() -> Idx.readImages(forgedGz)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("more than its gzip stream can inflate");
    }

    /** Seeded random mutations of a valid file: each one either reads or fails with the documented exception. */
    @Test
    void mutatedFilesFailOnlyWithTheDocumentedException() throws IOException {
        byte[] valid = gzip(images(4, 3, 3));
        byte[] validRaw = images(4, 3, 3);
        SplittableRandom r = new SplittableRandom(5);
        int rejected = 0;
        int cases = 2000;
        for (int i = 0; i < cases; i++) {
            byte[] m = (i % 2 == 0 ? valid : validRaw).clone();
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits; e++) {
                m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            }
            if (r.nextInt(4) == 0) {
                m = Arrays.copyOf(m, r.nextInt(m.length));
            }
            Path p = write("m", m);
            try {
                Idx.Images img = Idx.readImages(p);
                assertThat((long) img.count() * img.rows() * img.cols()).isEqualTo(img.pixels().length);
            } catch (DataFileException expected) {
                rejected++;
            }
        }
        assertThat(rejected).as("most mutations are detected").isGreaterThan(cases / 4);
    }

    @Test
    void theShippedSubsetLoadsAndConverts() {
        Mnist.Dataset d = Mnist.subset();
        assertThat(d.train().count()).isEqualTo(5000);
        assertThat(d.test().count()).isEqualTo(1000);
        assertThat(d.train().width()).isEqualTo(784);
        Set<Integer> classes = new HashSet<>();
        for (int l : d.train().labels()) {
            classes.add(l);
        }
        assertThat(classes).hasSize(10);
        assertThat(d.train().labels()[0]).as("the first MNIST training digit is a 5").isEqualTo(5);

        LabelledImages[] split = d.train().split(500, 3);
        assertThat(split[0].count()).isEqualTo(4500);
        assertThat(split[1].count()).isEqualTo(500);
        assertThat(d.train().split(500, 3)[1].labels()).containsExactly(split[1].labels());

        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        LabelledImages few = d.train().head(1200);
        Matrix scaled = few.toMatrix(b, LabelledImages.Pixels.SCALED, 1);
        double[] s = b.toArray(scaled);
        assertThat(scaled.rows()).isEqualTo(1200);
        assertThat(s[1100 * 784 + 400]).isEqualTo(few.images().pixel(1100, 400) / 255.0);
        double[] t = b.toArray(few.toMatrix(b, LabelledImages.Pixels.THRESHOLD, 1));
        double[] st = b.toArray(few.toMatrix(b, LabelledImages.Pixels.STOCHASTIC, 1));
        assertThat(Arrays.stream(t).allMatch(v -> v == 0 || v == 1)).isTrue();
        org.junit.jupiter.api.Assertions.assertArrayEquals(st, b.toArray(few.toMatrix(b, LabelledImages.Pixels.STOCHASTIC, 1)));
        double meanScaled = Arrays.stream(s).average().orElseThrow();
        double meanStochastic = Arrays.stream(st).average().orElseThrow();
        assertThat(meanStochastic).isBetween(meanScaled - 0.005, meanScaled + 0.005);
    }

    @Test
    void mnistFilesAreVerifiedAgainstTheirDigests() throws IOException {
        Path fake = write(Mnist.Part.TEST_LABELS.fileName(), labels(1, 2, 3));
        assertThatThrownBy(() -> Mnist.verify(fake, Mnist.Part.TEST_LABELS)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(Mnist.Part.TEST_LABELS.sha256()).hasMessageContaining("corrupt or not the original");
        assertThat(Mnist.present(dir)).isFalse();
        assertThatThrownBy(() -> Mnist.load(dir)).hasMessageContaining("missing");
    }
}
