package io.github.dbn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary layout on tiny files written here: values, labels, and truncated or corrupt files. */
class Cifar10Test {

    @TempDir
    Path dir;

    /** {@code n} records whose label is {@code (first + i) % 10} and whose value {@code k} is {@code (i + k) % 256}. */
    static byte[] records(int n, int first) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int i = 0; i < n; i++) {
            b[i * Cifar10.RECORD] = (byte) ((first + i) % 10);
            for (int k = 0; k < Cifar10.VALUES; k++) {
                b[i * Cifar10.RECORD + 1 + k] = (byte) ((i + k) % 256);
            }
        }
        return b;
    }

    Path writeSet(Path where, int perFile) throws IOException {
        Files.createDirectories(where);
        for (int f = 0; f < 5; f++) {
            Files.write(where.resolve(Cifar10.TRAIN_FILES.get(f)), records(perFile, f));
        }
        Files.write(where.resolve(Cifar10.TEST_FILE), records(perFile, 7));
        return where;
    }

    @Test
    void aBatchKeepsTheRecordsLabelsAndPlanesInOrder() throws IOException {
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, records(3, 8));
        LabelledImages d = Cifar10.read(f);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.width()).isEqualTo(3072);
        assertThat(d.labels()).containsExactly(8, 9, 0);
        assertThat(d.imageRows()).isEqualTo(96);
        assertThat(d.imageCols()).isEqualTo(32);
        byte[] px = d.images().pixels();
        assertThat(px[3072 + 1024] & 0xff).as("image 1, green plane, first value").isEqualTo((1 + 1024) % 256);
        assertThat(px[2 * 3072 + 3071] & 0xff).isEqualTo((2 + 3071) % 256);
    }

    @Test
    void aDirectoryOrItsExtractedSubdirectoryReadsAsTrainingAndTestImages() throws IOException {
        writeSet(dir.resolve(Cifar10.ARCHIVE_DIR), 2);
        assertThat(Cifar10.present(dir)).isTrue();
        DataSets.Loaded loaded = DataSets.read(dir, null, 1);
        assertThat(loaded.data().train().count()).isEqualTo(10);
        assertThat(loaded.data().test().count()).isEqualTo(2);
        assertThat(loaded.data().train().labels()).containsExactly(0, 1, 1, 2, 2, 3, 3, 4, 4, 5);
        assertThat(loaded.data().test().labels()).containsExactly(7, 8);
        assertThat(loaded.description()).contains("CIFAR-10").contains("10 + 2 images").contains("without a checksum");
        assertThat(loaded.known()).isNull();
    }

    @Test
    void truncatedCorruptEmptyAndMissingFilesAreNamed() throws IOException {
        Path set = writeSet(dir.resolve("set"), 2);
        byte[] whole = records(2, 0);
        Files.write(set.resolve("data_batch_3.bin"), Arrays.copyOf(whole, whole.length - 100));
        assertThatThrownBy(() -> Cifar10.load(set)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("data_batch_3.bin").hasMessageContaining("truncated")
                .hasMessageContaining("1 whole 3,073-byte records and 2973 bytes more");

        byte[] bad = records(2, 0);
        bad[Cifar10.RECORD] = (byte) 200;
        Files.write(set.resolve("data_batch_3.bin"), bad);
        assertThatThrownBy(() -> Cifar10.load(set)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("data_batch_3.bin").hasMessageContaining("record 1")
                .hasMessageContaining("label 200");

        Files.write(set.resolve("data_batch_3.bin"), new byte[0]);
        assertThatThrownBy(() -> Cifar10.load(set)).hasMessageContaining("data_batch_3.bin")
                .hasMessageContaining("empty");

        Files.delete(set.resolve("test_batch.bin"));
        assertThatThrownBy(() -> Cifar10.load(set)).hasMessageContaining("test_batch.bin")
                .hasMessageContaining("missing");
    }
}
