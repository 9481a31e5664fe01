package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "old");
        AtomicFiles.write(file, out -> out.write("new content".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("new content");
        assertThat(names()).containsExactly("out.txt");
    }

    @Test
    void aWriterFailingMidwayWithIoExceptionLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.bin");
        Files.writeString(file, "the old model");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it reaches the temporary file
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("disk full");
        assertThat(Files.readString(file)).isEqualTo("the old model");
        assertThat(names()).containsExactly("model.bin");
    }

    @Test
    void aWriterFailingMidwayWithARuntimeExceptionLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.bin");
        ModelFiles.write(file, TestModels.rbm());
        byte[] old = Files.readAllBytes(file);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[70_000]);
            throw boom;
        })).isSameAs(boom);
        assertThat(Files.readAllBytes(file)).isEqualTo(old);
        assertThat(ModelFiles.readRbm(file)).isEqualTo(TestModels.rbm());
        assertThat(names()).containsExactly("model.bin");
    }

    @Test
    void aWriterThatClosesTheStreamIsFine() throws IOException {
        Path file = dir.resolve("closed.txt");
        AtomicFiles.write(file, out -> {
            out.write('x');
            out.close();
        });
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aFailedMoveNamesThePathAndCleansUp() throws IOException {
        Path target = dir.resolve("a-directory");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "keep");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(1)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(target.toString());
        assertThat(names()).containsExactly("a-directory");
    }

    private Stream<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
