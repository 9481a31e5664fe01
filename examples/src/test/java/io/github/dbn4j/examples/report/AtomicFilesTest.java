package io.github.dbn4j.examples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path file = dir.resolve("a.txt");
        AtomicFiles.write(file, "first".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("first");
        AtomicFiles.write(file, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertThat(file).hasContent("second");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void createsMissingParentDirectories() {
        Path file = dir.resolve("out/run1/report.html");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void failedContentLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("filters.png");
        Files.writeString(file, "old picture");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half a pic".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("disk full");

        assertThat(file).hasContent("old picture");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void runtimeFailuresPropagateUnchangedAndCleanUp() throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old report");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw boom;
        })).isSameAs(boom);

        assertThat(file).hasContent("old report");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void invalidPictureArgumentsLeaveAnExistingPictureUnchanged() throws IOException {
        Path file = dir.resolve("filters.png");
        Files.writeString(file, "previous run");

        assertThatThrownBy(() -> Pictures.filters(file, new double[10], 784, 500, 28, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pictures.samples(file, new double[784], 0, 1, 28))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsOfTiles");

        assertThat(file).hasContent("previous run");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void unwritableTargetsNameThePath() throws IOException {
        Path directoryInTheWay = dir.resolve("taken");
        Files.createDirectory(directoryInTheWay);
        Files.writeString(directoryInTheWay.resolve("child"), "x"); // a non-empty directory cannot be replaced

        assertThatThrownBy(() -> AtomicFiles.write(directoryInTheWay, new byte[] {1}))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(directoryInTheWay.toString());
        assertThat(files()).containsExactly(directoryInTheWay);
    }
}
