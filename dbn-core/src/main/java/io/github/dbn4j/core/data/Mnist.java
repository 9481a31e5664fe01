package io.github.dbn4j.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST database of handwritten digits (LeCun, Cortes and Burges): 60,000 training and
 * 10,000 test images of 28 x 28 pixels. {@link #load(Path)} reads the four original files
 * from a directory (raw or {@code .gz}) after checking each against its published SHA-256;
 * {@link #subset()} reads the 5,000 + 1,000 digit subset shipped in this jar (the first 5,000
 * training and first 1,000 test images), for tests and quick offline runs.
 */
public final class Mnist {

    /** The four original files, with the SHA-256 of their uncompressed content. */
    public enum Part {
        TRAIN_IMAGES("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                60_000, 28, 28),
        TRAIN_LABELS("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                60_000),
        TEST_IMAGES("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                10_000, 28, 28),
        TEST_LABELS("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
                10_000);

        private final String fileName;
        private final String sha256;
        private final int[] dimensions;

        Part(String fileName, String sha256, int... dimensions) {
            this.fileName = fileName;
            this.sha256 = sha256;
            this.dimensions = dimensions;
        }

        /** The dimensions its IDX header announces: {@code {count, 28, 28}} for images, {@code {count}} for labels. */
        public int[] dimensions() {
            return dimensions.clone();
        }

        /** The original file name, without {@code .gz}. */
        public String fileName() {
            return fileName;
        }

        /** SHA-256 of the uncompressed file, lower-case hex. */
        public String sha256() {
            return sha256;
        }
    }

    /** Training and test parts. */
    public record Dataset(LabelledImages train, LabelledImages test) {
    }

    /** SHA-256 of the shipped subset files (uncompressed), in the order train images, train labels, test images, test labels. */
    private static final String[][] SUBSET = {
        {"train-images.idx.gz", "1e3ffdb2f57e22d9e5363dde25c2d057542c2e72baa312f0f3b03948bb3802b7"},
        {"train-labels.idx.gz", "685aeb7baef68233efa643639a5e9c15bb48be09a628f96fb7f606ca2a1ea7bc"},
        {"test-images.idx.gz", "de7c252b04f05e1f8309634180ccdf286dc6dbac8c579b74e76e02ae0331ca52"},
        {"test-labels.idx.gz", "832c0d20f0dc42e575488c75a83a970787d4c8d4d05831b2ef03701b4a478a90"}};

    private Mnist() {
    }

    /** The file for a part in {@code dir}: the raw name, else the name with {@code .gz}; null if neither exists. */
    public static Path find(Path dir, Part part) {
        Path raw = dir.resolve(part.fileName());
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(part.fileName() + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** Whether all four files are in {@code dir} (not yet verified). */
    public static boolean present(Path dir) {
        for (Part p : Part.values()) {
            if (find(dir, p) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a file's uncompressed content against the part's SHA-256.
     *
     * @throws DataFileException naming the file and both digests on a mismatch
     */
    public static void verify(Path file, Part part) {
        String got = sha256(file);
        if (!got.equals(part.sha256())) {
            throw new DataFileException(file, "SHA-256 of the content is " + got + ", expected " + part.sha256()
                    + " for " + part.fileName() + ": the file is corrupt or not the original; delete it to fetch "
                    + "it again");
        }
    }

    /** Reads and verifies the four files in {@code dir}. */
    public static Dataset load(Path dir) {
        Path[] files = new Path[4];
        for (Part p : Part.values()) {
            Path f = find(dir, p);
            if (f == null) {
                throw new DataFileException(dir.resolve(p.fileName()), "missing (also looked for "
                        + p.fileName() + ".gz)");
            }
            verify(f, p);
            files[p.ordinal()] = f;
        }
        LabelledImages train = new LabelledImages(Idx.readImages(files[0]), Idx.readLabels(files[1], 10), 10);
        LabelledImages test = new LabelledImages(Idx.readImages(files[2]), Idx.readLabels(files[3], 10), 10);
        return new Dataset(train, test);
    }

    /** The shipped subset: the first 5,000 training and the first 1,000 test digits. */
    public static Dataset subset() {
        Object[] parts = new Object[4];
        for (int i = 0; i < 4; i++) {
            String name = "mnist-subset/" + SUBSET[i][0];
            Path shown = Path.of(name);
            byte[] gz;
            try (InputStream in = Mnist.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new DataFileException(shown, "missing from the class path");
                }
                gz = in.readAllBytes();
            } catch (IOException e) {
                throw new DataFileException(shown, "cannot be read (" + e + ")", e);
            }
            String digest = sha256(new java.io.ByteArrayInputStream(gz), shown, true);
            if (!digest.equals(SUBSET[i][1])) {
                throw new DataFileException(shown, "SHA-256 " + digest + " differs from the recorded " + SUBSET[i][1]);
            }
            parts[i] = i % 2 == 0 ? Idx.readImages(new java.io.ByteArrayInputStream(gz), shown)
                    : Idx.readLabels(new java.io.ByteArrayInputStream(gz), shown, 10);
        }
        return new Dataset(new LabelledImages((Idx.Images) parts[0], (int[]) parts[1], 10),
                new LabelledImages((Idx.Images) parts[2], (int[]) parts[3], 10));
    }

    /** SHA-256 of a file's content, decompressed first if it is gzip. */
    public static String sha256(Path file) {
        return KnownDataSet.Digests.of(file).content();
    }

    private static String sha256(InputStream raw, Path name, boolean gzip) {
        try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0;) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.util.zip.ZipException e) {
            throw new DataFileException(name, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot be read", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }
}
