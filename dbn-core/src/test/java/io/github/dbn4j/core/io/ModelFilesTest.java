package io.github.dbn4j.core.io;

import static io.github.dbn4j.core.io.TestModels.assertSameDbn;
import static io.github.dbn4j.core.io.TestModels.assertSameRbm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.rbm.Rbm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void rbmsRoundTripExactlyWithTheirConfigs() {
        for (Rbm rbm : new Rbm[] {TestModels.rbm(), TestModels.rbmWithConfig(), TestModels.labelledRbm(),
                TestModels.gaussianRbm()}) {
            Path file = dir.resolve("rbm.bin");
            ModelFiles.write(file, rbm);
            assertSameRbm(ModelFiles.readRbm(file), rbm, true);
            assertThat(ModelFiles.read(file)).isInstanceOf(Rbm.class).isEqualTo(rbm);
            assertThat(ModelFiles.detect(file)).isEqualTo(ModelFormat.NATIVE);
        }
    }

    @Test
    void dbnsRoundTripExactlyWithClassifierLabelsAndConfigs() {
        for (Dbn dbn : new Dbn[] {TestModels.labelledDbnWithClassifier(), TestModels.gaussianDbn(),
                TestModels.oneLayerDbn()}) {
            Path file = dir.resolve("dbn.bin");
            ModelFiles.write(file, dbn);
            assertSameDbn(ModelFiles.readDbn(file), dbn, true);
            assertSameDbn((Dbn) ModelFiles.read(file), dbn, true);
            assertSameDbn(ModelFormat.detect(file).readDbn(file), dbn, true);
        }
        assertThat(TestModels.labelledDbnWithClassifier().config()).isPresent();
        assertThat(TestModels.labelledDbnWithClassifier().top().config()).isPresent();
    }

    @Test
    void writingTheSameModelTwiceGivesTheSameBytes() throws IOException {
        ModelFiles.write(dir.resolve("a.bin"), TestModels.labelledDbnWithClassifier());
        ModelFiles.write(dir.resolve("b.bin"), TestModels.labelledDbnWithClassifier());
        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(Files.readAllBytes(dir.resolve("b.bin")));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.bin", "b.bin");
        }
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        byte[] full = written();
        Path file = dir.resolve("cut.bin");
        int rejected = 0;
        for (int length = 0; length < full.length; length++) {
            Files.write(file, Arrays.copyOf(full, length));
            assertThatThrownBy(() -> ModelFiles.readDbn(file)).isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(file.toString());
            rejected++;
        }
        assertThat(rejected).isEqualTo(full.length).isGreaterThan(1000);
        Files.write(file, Arrays.copyOf(full, full.length - 100));
        assertThatThrownBy(() -> ModelFiles.readDbn(file)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": truncated: expected " + full.length + " bytes, found " + (full.length - 100));
        Files.write(file, Arrays.copyOf(full, 5));
        assertThatThrownBy(() -> ModelFiles.readDbn(file)).hasMessageContaining("truncated");
    }

    @Test
    void everySingleByteFlipIsRejected() throws IOException {
        byte[] full = written();
        Path file = dir.resolve("flipped.bin");
        int[] masks = {0x01, 0xff};
        int rejected = 0;
        int checksum = 0;
        for (int i = 0; i < full.length; i++) {
            for (int mask : masks) {
                byte[] b = full.clone();
                b[i] ^= (byte) mask;
                Files.write(file, b);
                try {
                    ModelFiles.readDbn(file);
                } catch (ModelFileException e) {
                    rejected++;
                    checksum += e.getMessage().contains("checksum mismatch") ? 1 : 0;
                    assertThat(e.getMessage()).startsWith(file + ": ");
                }
            }
        }
        assertThat(rejected).isEqualTo(full.length * masks.length);
        assertThat(checksum).as("the checksum catches everything outside the magic, version and length")
                .isEqualTo((full.length - 20) * masks.length);
    }

    @Test
    void appendedBytesAreRejected() throws IOException {
        byte[] full = written();
        Path file = dir.resolve("long.bin");
        Files.write(file, Arrays.copyOf(full, full.length + 3));
        assertThatThrownBy(() -> ModelFiles.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("trailing data");
    }

    @Test
    void wrongMagicIsNotAModelFile() throws IOException {
        Path file = dir.resolve("other.bin");
        Files.writeString(file, "hello, this is not a model at all");
        assertThatThrownBy(() -> ModelFiles.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": not a dbn4j model file (no DBN4JMDL magic)");
        assertThatThrownBy(() -> ModelFiles.detect(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("neither a dbn4j model file nor an npz archive");
        Path npz = dir.resolve("model.npz");
        ModelNpz.write(npz, TestModels.rbm());
        assertThatThrownBy(() -> ModelFiles.read(npz)).hasMessageContaining("looks like an npz archive");
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ModelFiles.read(empty)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aNewerFormatVersionIsRejectedEvenWithAValidChecksum() throws IOException {
        byte[] b = written();
        ByteBuffer.wrap(b).putInt(8, 9);
        Path file = dir.resolve("future.bin");
        Files.write(file, resealed(b));
        assertThatThrownBy(() -> ModelFiles.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": format version 9 is newer than this build reads (1)");
    }

    @Test
    void anUnsupportedPrecisionOrKindIsRejected() throws IOException {
        byte[] b = written();
        b[21] = 4;
        Path file = dir.resolve("float32.bin");
        Files.write(file, resealed(b));
        assertThatThrownBy(() -> ModelFiles.read(file)).hasMessageContaining("storage precision code 4");
        b = written();
        b[20] = 7;
        Files.write(file, resealed(b));
        assertThatThrownBy(() -> ModelFiles.read(file)).hasMessageContaining("unknown model kind 7");
    }

    @Test
    void theWrongKindIsNamed() {
        Path dbn = dir.resolve("dbn.bin");
        Path rbm = dir.resolve("rbm.bin");
        ModelFiles.write(dbn, TestModels.gaussianDbn());
        ModelFiles.write(rbm, TestModels.rbm());
        assertThatThrownBy(() -> ModelFiles.readRbm(dbn)).isInstanceOf(ModelFileException.class)
                .hasMessage(dbn + ": holds a DBN, not an RBM");
        assertThatThrownBy(() -> ModelFiles.readDbn(rbm)).isInstanceOf(ModelFileException.class)
                .hasMessage(rbm + ": holds an RBM, not a DBN");
    }

    @Test
    void aMissingFileIsAModelFileException() {
        Path file = dir.resolve("missing.bin");
        assertThatThrownBy(() -> ModelFiles.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": cannot read the file");
    }

    @Test
    void writingIntoAMissingDirectoryNamesThePath() {
        Path file = dir.resolve("no/such/dir/model.bin");
        assertThatThrownBy(() -> ModelFiles.write(file, TestModels.rbm())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString());
    }

    /** The DBN with every part (layers, labels, classifier, configs) as native bytes. */
    private byte[] written() throws IOException {
        Path file = dir.resolve("full.bin");
        ModelFiles.write(file, TestModels.labelledDbnWithClassifier());
        return Files.readAllBytes(file);
    }

    /** The bytes with a fresh checksum, as a deliberate (not accidental) change would have. */
    private static byte[] resealed(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }
}
