package io.github.dbn4j.cli.data;

import io.github.dbn4j.core.data.Cifar10;
import io.github.dbn4j.core.data.DataFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Puts CIFAR-10's binary batches into a directory: from {@value Cifar10#ARCHIVE} when it lies there
 * already, else downloaded from its publisher. The archive is checked against its published SHA-256
 * before anything is unpacked; where it cannot be had, the error says what to download and where to
 * put it.
 */
public final class Cifar10Fetcher {

    /** The publisher's copy of the archive. */
    public static final String URL = "https://www.cs.toronto.edu/~kriz/" + Cifar10.ARCHIVE;

    private final PrintStream err;
    private final String sha256;
    private final String url;

    public Cifar10Fetcher(PrintStream err) {
        this(err, Cifar10.ARCHIVE_SHA256, URL);
    }

    /** With another checksum and address (for tests). */
    Cifar10Fetcher(PrintStream err, String sha256, String url) {
        this.err = err;
        this.sha256 = sha256;
        this.url = url;
    }

    /**
     * Makes {@code dir} hold the six batch files (in its {@value Cifar10#ARCHIVE_DIR} subdirectory).
     *
     * @param download whether the archive may be downloaded when it is not in {@code dir}
     * @throws IllegalStateException saying what to download where, when the archive is neither
     *                               there nor to be had
     * @throws DataFileException     naming the archive when its SHA-256 is not the published one or
     *                               it lacks a batch
     */
    public void fetch(Path dir, boolean download) {
        Path archive = dir.resolve(Cifar10.ARCHIVE);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + " (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(archive)) {
            if (!download) {
                throw new IllegalStateException(missing(dir, "--no-fetch forbids fetching it"));
            }
            String why = downloadTo(archive);
            if (why != null) {
                throw new IllegalStateException(missing(dir, "it could not be fetched from " + url + ": " + why));
            }
        }
        unpack(archive, dir);
    }

    private String missing(Path dir, String why) {
        return "CIFAR-10 is not in " + dir + " and " + why + ". Download " + Cifar10.ARCHIVE + " (the binary version, "
                + String.format("%,d", Cifar10.ARCHIVE_BYTES) + " bytes, SHA-256 " + Cifar10.ARCHIVE_SHA256 + ") from "
                + Cifar10.PAGE + " and put it in " + dir + ", where it is checked and unpacked; or give --data DIR of"
                + " its unpacked files (" + Cifar10.ARCHIVE_DIR + ")";
    }

    /** Downloads the archive, checks it and moves it into place; null, or why it failed. */
    private String downloadTo(Path archive) {
        Path tmp = null;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMinutes(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                return "HTTP " + response.statusCode();
            }
            tmp = Files.createTempFile(archive.getParent(), ".fetch-cifar10", ".tmp");
            err.println("fetching " + url);
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            verify(tmp, archive.getFileName().toString());
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (DataFileException e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private void verify(Path file, String name) {
        String got = sha256(file);
        if (!got.equals(sha256)) {
            throw new DataFileException(file, "SHA-256 " + got + " is not the published SHA-256 of " + name + " ("
                    + sha256 + "): a corrupt or different file");
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the archive, then writes its six batches into {@code dir/cifar-10-batches-bin}. */
    private void unpack(Path archive, Path dir) {
        verify(archive, Cifar10.ARCHIVE);
        Path out = dir.resolve(Cifar10.ARCHIVE_DIR);
        Set<String> wanted = new HashSet<>(Cifar10.TRAIN_FILES);
        wanted.add(Cifar10.TEST_FILE);
        try {
            Files.createDirectories(out);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                    Files.newInputStream(archive)))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                    String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    if (e.isFile() && e.getName().equals(Cifar10.ARCHIVE_DIR + "/" + name) && wanted.remove(name)) {
                        Path tmp = Files.createTempFile(out, "." + name, ".tmp");
                        try (OutputStream o = Files.newOutputStream(tmp)) {
                            tar.transferTo(o);
                        }
                        Files.move(tmp, out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
        } catch (IOException e) {
            throw new DataFileException(archive, "cannot be unpacked (" + e.getMessage() + ")", e);
        }
        if (!wanted.isEmpty()) {
            throw new DataFileException(archive, "lacks " + String.join(", ", wanted.stream().sorted().toList())
                    + " under " + Cifar10.ARCHIVE_DIR + "/");
        }
        err.println("dbn4j: unpacked " + archive + " (SHA-256 checked) into " + out);
    }
}
