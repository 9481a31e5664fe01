package io.github.dbn4j.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.data.Cifar10;
import io.github.dbn4j.core.data.DataFileException;
import io.github.dbn4j.core.data.DataSets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIFAR-10 from its archive: checked by SHA-256 before it is unpacked, and when it is neither there
 * nor to be had, an error that says what to download and where to put it. A tiny archive in the
 * published layout stands in for the real one (its own SHA-256 given to the fetcher).
 */
class Cifar10FetcherTest {

    @TempDir
    Path dir;

    static byte[] records(int n, int label) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int i = 0; i < n; i++) {
            b[i * Cifar10.RECORD] = (byte) label;
            b[i * Cifar10.RECORD + 5] = (byte) (40 + i);
        }
        return b;
    }

    /** A .tar.gz with the six batches (2 images each) under cifar-10-batches-bin/, and a readme. */
    static Path archive(Path where, List<String> leaveOut) throws IOException {
        Path f = where.resolve(Cifar10.ARCHIVE);
        List<String> names = new ArrayList<>(Cifar10.TRAIN_FILES);
        names.add(Cifar10.TEST_FILE);
        names.removeAll(leaveOut);
        try (OutputStream out = Files.newOutputStream(f);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            byte[] readme = "readme".getBytes(StandardCharsets.US_ASCII);
            TarArchiveEntry r = new TarArchiveEntry(Cifar10.ARCHIVE_DIR + "/readme.html");
            r.setSize(readme.length);
            tar.putArchiveEntry(r);
            tar.write(readme);
            tar.closeArchiveEntry();
            for (int i = 0; i < names.size(); i++) {
                byte[] b = records(2, i);
                TarArchiveEntry e = new TarArchiveEntry(Cifar10.ARCHIVE_DIR + "/" + names.get(i));
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return f;
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void anArchiveWithItsChecksumIsUnpackedAndReads() throws Exception {
        Path a = archive(dir, List.of());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new Cifar10Fetcher(new PrintStream(log, true, StandardCharsets.UTF_8), sha256(a), "http://127.0.0.1:9/none")
                .fetch(dir, false);
        assertThat(Cifar10.present(dir)).isTrue();
        DataSets.Loaded loaded = DataSets.read(dir, null, 1);
        assertThat(loaded.data().train().count()).isEqualTo(10);
        assertThat(loaded.data().test().labels()).containsExactly(5, 5);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("SHA-256 checked");
        assertThat(dir.resolve(Cifar10.ARCHIVE_DIR).resolve("readme.html")).doesNotExist();
    }

    @Test
    void anArchiveWithAnotherChecksumIsRefusedBeforeAnythingIsUnpacked() throws Exception {
        archive(dir, List.of());
        assertThatThrownBy(() -> new Cifar10Fetcher(System.err).fetch(dir, false))
                .isInstanceOf(DataFileException.class).hasMessageContaining(Cifar10.ARCHIVE)
                .hasMessageContaining(Cifar10.ARCHIVE_SHA256).hasMessageContaining("not the published SHA-256");
        assertThat(dir.resolve(Cifar10.ARCHIVE_DIR)).doesNotExist();
    }

    @Test
    void anArchiveLackingABatchIsNamed() throws Exception {
        Path a = archive(dir, List.of("data_batch_4.bin"));
        assertThatThrownBy(() -> new Cifar10Fetcher(System.err, sha256(a), "http://127.0.0.1:9/none").fetch(dir, false))
                .isInstanceOf(DataFileException.class).hasMessageContaining("lacks data_batch_4.bin");
    }

    @Test
    void withoutTheArchiveTheErrorSaysWhatToDownloadAndWhere() {
        Path empty = dir.resolve("nothing");
        assertThatThrownBy(() -> new Cifar10Fetcher(System.err).fetch(empty, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("--no-fetch")
                .hasMessageContaining(Cifar10.PAGE).hasMessageContaining(Cifar10.ARCHIVE_SHA256)
                .hasMessageContaining("170,052,171 bytes").hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> new Cifar10Fetcher(System.err, Cifar10.ARCHIVE_SHA256, "http://127.0.0.1:9/x.tar.gz")
                .fetch(empty, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be fetched from http://127.0.0.1:9/x.tar.gz")
                .hasMessageContaining(Cifar10.PAGE);
    }
}
