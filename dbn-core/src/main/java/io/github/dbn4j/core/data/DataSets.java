package io.github.dbn4j.core.data;

import io.github.dbn4j.core.io.InsufficientMemoryException;
import io.github.dbn4j.core.io.ModelFileException;
import io.github.dbn4j.core.io.Npy;
import io.github.dbn4j.core.io.NpyArray;
import io.github.dbn4j.core.io.Npz;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a labelled data set from a path, telling the format by content, not by name:
 * <ul>
 *   <li>a <b>directory</b> of the four IDX files in MNIST's layout and names
 *       ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *       {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz}):
 *       MNIST, Fashion-MNIST and Kuzushiji-MNIST are recognised by the published SHA-256 of their
 *       files ({@link KnownDataSet}); any other set is read without a checksum, and
 *       {@link Loaded#description()} says so. Pixels become {@code byte / 255}.</li>
 *   <li>a <b>directory</b> holding CIFAR-10's binary batches ({@code data_batch_1.bin} to
 *       {@code data_batch_5.bin} and {@code test_batch.bin}, or the {@code cifar-10-batches-bin}
 *       directory they come in): read by {@link Cifar10}.</li>
 *   <li>an <b>{@code .npz} archive</b> (a zip file) with {@code x} (cases x values) and {@code y}
 *       (one integer label per case), and the test cases either as {@code x_test} and
 *       {@code y_test} in the same archive or as {@code x} and {@code y} of a second archive; or a
 *       <b>directory of {@code .npy} files</b> of those names ({@code x.npy}, {@code y.npy},
 *       {@code x_test.npy}, {@code y_test.npy}), with the test cases in it or in a second one.
 *       Values of dtype {@code uint8} become {@code value / 255}; float values are taken as
 *       given and must lie in [0, 1] (Bernoulli units).</li>
 *   <li>a <b>CSV</b> file (anything else): the label in the first column, then the values, with
 *       or without a header line, and a second CSV file of test cases. Values are divided by a
 *       given scale (1 unless asked, 255 for pixels written as 0..255) and must then lie in
 *       [0, 1].</li>
 * </ul>
 * The classes are {@code 0 .. max label}, at least two. Every reader checks the shapes against
 * each other and the memory left before it allocates, and names the file, line, column or array
 * of any problem ({@link DataFileException}).
 */
public final class DataSets {

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] NPY = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Set<String> NPZ_NAMES = Set.of("x", "y", "x_test", "y_test");
    /** The most classes a data set may have. */
    public static final int MAX_CLASSES = 10_000;

    private DataSets() {
    }

    /**
     * A data set and how it was read.
     *
     * @param data        the training and test cases
     * @param description one line on what was read, e.g. {@code "Fashion-MNIST (SHA-256 checked)"}
     *                    or {@code "an IDX data set that is not a known one, read without a checksum"}
     * @param known       the known data set the files were recognised as, by the SHA-256 of all four;
     *                    null for any other data
     */
    public record Loaded(Mnist.Dataset data, String description, KnownDataSet known) {

        /** Whether the data are MNIST, recognised by the SHA-256 of its four files. */
        public boolean mnist() {
            return known == KnownDataSet.MNIST;
        }
    }

    /**
     * Reads a data set.
     *
     * @param train    a directory of IDX files, an {@code .npz} archive or a CSV file
     * @param test     the test cases when they are not in {@code train}: an {@code .npz} or CSV
     *                 file of the same format, or null
     * @param csvScale what CSV values are divided by (positive; 1 for values already in [0, 1])
     * @throws DataFileException naming the file and the problem
     * @throws InsufficientMemoryException if the data do not fit in the heap that is left
     */
    public static Loaded read(Path train, Path test, double csvScale) {
        if (!(csvScale > 0) || Double.isInfinite(csvScale)) {
            throw new IllegalArgumentException("the CSV scale must be positive and finite, got " + csvScale);
        }
        if (Files.isDirectory(train) && Files.exists(train.resolve("x.npy"))) {
            if (test != null && !Files.isDirectory(test) && format(test) != Format.NPZ) {
                throw new DataFileException(test, "is " + format(test).label + " but the training data " + train
                        + " are .npy arrays");
            }
            return npz(train, test);
        }
        if (Files.isDirectory(train) && Cifar10.present(train)) {
            if (test != null) {
                throw new DataFileException(test, "a CIFAR-10 directory holds its own test file (test_batch.bin); give"
                        + " no test file with it");
            }
            Mnist.Dataset d = Cifar10.load(train);
            return new Loaded(d, "CIFAR-10, binary version (" + d.train().count() + " + " + d.test().count()
                    + " images of 32x32x3, each shown as its red, green and blue planes one above the other), read"
                    + " without a checksum: only its archive " + Cifar10.ARCHIVE + " has a published one", null);
        }
        if (Files.isDirectory(train)) {
            if (test != null) {
                throw new DataFileException(test, "an IDX directory holds its own test files (t10k-*); give no test"
                        + " file with it");
            }
            return idx(train);
        }
        Format format = format(train);
        if (test != null && format == Format.NPZ && Files.isDirectory(test)) {
            return npz(train, test);
        }
        if (test != null && format(test) != format) {
            throw new DataFileException(test, "is " + format(test).label + " but the training data " + train + " are "
                    + format.label);
        }
        return switch (format) {
            case NPZ -> npz(train, test);
            case CSV -> csv(train, test, csvScale);
        };
    }

    private enum Format {
        NPZ("an npz archive"), CSV("a CSV file");

        final String label;

        Format(String label) {
            this.label = label;
        }
    }

    private static Format format(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file or directory");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e + ")", e);
        }
        if (startsWith(head, ZIP)) {
            return Format.NPZ;
        }
        if (startsWith(head, NPY)) {
            throw new DataFileException(file, "a single .npy array holds no labels: give the directory that holds"
                    + " x.npy, y.npy, x_test.npy and y_test.npy, or save them together, numpy.savez(file, x=x, y=y,"
                    + " x_test=x_test, y_test=y_test)");
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                || head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 8) {
            throw new DataFileException(file, "an IDX or gzip file: give the directory that holds the four IDX files");
        }
        return Format.CSV;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    // ---- IDX -------------------------------------------------------------------------------------

    private static Loaded idx(Path dir) {
        Path[] files = new Path[4];
        boolean mnistShapes = true;
        for (Mnist.Part p : Mnist.Part.values()) {
            Path f = Mnist.find(dir, p);
            if (f == null) {
                throw new DataFileException(dir.resolve(p.fileName()), "missing (also looked for " + p.fileName()
                        + ".gz); an IDX directory holds train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                        + " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or .gz");
            }
            files[p.ordinal()] = f;
            // every header first, so that a file too large or forged is refused before anything is inflated
            mnistShapes &= Arrays.equals(Idx.dimensions(f, p.dimensions().length), p.dimensions());
        }
        // only files of MNIST's shapes can be a known set, so only they are hashed
        KnownDataSet known = mnistShapes ? KnownDataSet.recognise(files).orElse(null) : null;
        int[] trainLabels = Idx.readLabels(files[1], 256);
        int[] testLabels = Idx.readLabels(files[3], 256);
        int classes = classes(trainLabels, testLabels);
        LabelledImages train = new LabelledImages(Idx.readImages(files[0]), trainLabels, classes);
        LabelledImages test = new LabelledImages(Idx.readImages(files[2]), testLabels, classes);
        if (train.width() != test.width() || train.imageRows() != test.imageRows()) {
            throw new DataFileException(files[2], "test images are " + test.imageRows() + "x" + test.imageCols()
                    + " but training images are " + train.imageRows() + "x" + train.imageCols());
        }
        return new Loaded(new Mnist.Dataset(train, test), known != null ? known.title() + " (SHA-256 checked)"
                : "an IDX data set that is not a known one (" + train.count() + " + " + test.count() + " images of "
                + train.imageRows() + "x" + train.imageCols() + ", " + classes + " classes), read without a checksum",
                known);
    }

    // ---- npz -------------------------------------------------------------------------------------

    private static Loaded npz(Path train, Path test) {
        Map<String, NpyArray> a = arrays(train);
        Part trainPart = part(train, a, "x", "y");
        Part testPart;
        if (test != null) {
            if (a.containsKey("x_test") || a.containsKey("y_test")) {
                throw new DataFileException(train, "holds x_test and y_test, and a test file " + test
                        + " was given too: keep one");
            }
            Map<String, NpyArray> t = arrays(test);
            testPart = t.containsKey("x") ? part(test, t, "x", "y") : part(test, t, "x_test", "y_test");
        } else if (a.containsKey("x_test") || a.containsKey("y_test")) {
            testPart = part(train, a, "x_test", "y_test");
        } else {
            throw new DataFileException(train, "holds no test cases: add x_test and y_test to the archive, or give a"
                    + " test file");
        }
        if (trainPart.width != testPart.width) {
            throw new DataFileException(test != null ? test : train, "test cases have " + testPart.width
                    + " values but training cases have " + trainPart.width);
        }
        int classes = classes(trainPart.labels, testPart.labels);
        return new Loaded(new Mnist.Dataset(trainPart.cases(train, classes), testPart.cases(test != null ? test : train,
                classes)), (Files.isDirectory(train) ? ".npy arrays (" : "an npz archive (") + trainPart.labels.length + " + " + testPart.labels.length
                + " cases of " + trainPart.width + " values, " + classes + " classes)", null);
    }

    /**
     * The arrays of a data archive, or of the {@code .npy} files of a directory: names and shapes
     * checked from the headers, memory checked, then read.
     */
    private static Map<String, NpyArray> arrays(Path file) {
        if (Files.isDirectory(file)) {
            return npyFiles(file);
        }
        try {
            Map<String, int[]> shapes = Npz.shapes(file);
            Set<String> unknown = new TreeSet<>(shapes.keySet());
            unknown.removeAll(NPZ_NAMES);
            if (!unknown.isEmpty()) {
                throw new DataFileException(file, "unexpected arrays " + unknown + "; a data archive holds x, y and"
                        + " optionally x_test, y_test");
            }
            long values = 0;
            for (int[] s : shapes.values()) {
                values += Arrays.stream(s).asLongStream().reduce(1, (p, q) -> p * q);
            }
            // the arrays as read, and the values made of them
            InsufficientMemoryException.require(16 * values, file, "the data (" + values + " values)");
            return Npz.read(file);
        } catch (ModelFileException e) {
            throw new DataFileException(file, e.problem(), e);
        }
    }

    /** The {@code .npy} files of {@link #NPZ_NAMES} in a directory; other files are not looked at. */
    private static Map<String, NpyArray> npyFiles(Path dir) {
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (String name : List.of("x", "y", "x_test", "y_test")) {
            Path f = dir.resolve(name + ".npy");
            if (Files.isRegularFile(f)) {
                files.put(name, f);
            }
        }
        if (files.isEmpty()) {
            throw new DataFileException(dir, "holds none of x.npy, y.npy, x_test.npy and y_test.npy");
        }
        long values = 0;
        Path current = dir;
        try {
            for (Map.Entry<String, Path> e : files.entrySet()) {
                current = e.getValue();
                values += Arrays.stream(Npy.shape(current)).asLongStream().reduce(1, (p, q) -> p * q);
            }
            InsufficientMemoryException.require(16 * values, dir, "the data (" + values + " values)");
            Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Path> e : files.entrySet()) {
                current = e.getValue();
                arrays.put(e.getKey(), Npy.read(e.getValue()));
            }
            return arrays;
        } catch (ModelFileException e) {
            throw new DataFileException(current, e.problem(), e);
        }
    }

    private record Part(double[] values, int width, int[] labels) {
        LabelledImages cases(Path file, int classes) {
            try {
                return LabelledImages.ofValues(values, width, labels, classes, 0, 0);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, e.getMessage(), e);
            }
        }
    }

    private static Part part(Path file, Map<String, NpyArray> a, String xName, String yName) {
        NpyArray x = a.get(xName);
        NpyArray y = a.get(yName);
        if (x == null || y == null) {
            throw new DataFileException(file, "missing array '" + (x == null ? xName : yName) + "'; a data archive"
                    + " holds " + xName + " (cases x values) and " + yName + " (one label per case)");
        }
        if (x.rank() != 2 || x.shape()[0] < 1 || x.shape()[1] < 1) {
            throw new DataFileException(file, "array '" + xName + "' has shape " + x.shapeString()
                    + " but must be (cases, values)");
        }
        if (y.rank() != 1 || y.size() != x.shape()[0]) {
            throw new DataFileException(file, "array '" + yName + "' has shape " + y.shapeString() + " but must be ("
                    + x.shape()[0] + ",), one label per case of '" + xName + "'");
        }
        if (!y.isInteger()) {
            throw new DataFileException(file, "array '" + yName + "' has dtype '" + y.dtype()
                    + "' but labels must be integers");
        }
        double[] values;
        if (x.isInteger()) {
            if (!x.dtype().equals(NpyArray.UINT8)) {
                throw new DataFileException(file, "array '" + xName + "' has dtype '" + x.dtype() + "'; values must be"
                        + " uint8 (scaled by 1/255) or floats in [0, 1]");
            }
            long[] raw = x.longs();
            values = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                values[i] = raw[i] / 255.0;
            }
        } else {
            values = x.doubles();
        }
        long[] raw = y.longs();
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] < 0 || raw[i] > Integer.MAX_VALUE - 1) {
                throw new DataFileException(file, "label " + raw[i] + " of case " + i + " in '" + yName
                        + "' is negative or too large");
            }
            labels[i] = (int) raw[i];
        }
        return new Part(values, x.shape()[1], labels);
    }

    // ---- CSV -------------------------------------------------------------------------------------

    private static Loaded csv(Path train, Path test, double scale) {
        if (test == null) {
            throw new DataFileException(train, "a CSV file holds one part: give the test cases as a second CSV file");
        }
        Part trainPart = csvPart(train, scale);
        Part testPart = csvPart(test, scale);
        if (trainPart.width != testPart.width) {
            throw new DataFileException(test, "rows have " + testPart.width + " values but the training rows have "
                    + trainPart.width);
        }
        int classes = classes(trainPart.labels, testPart.labels);
        return new Loaded(new Mnist.Dataset(trainPart.cases(train, classes), testPart.cases(test, classes)),
                "CSV files (" + trainPart.labels.length + " + " + testPart.labels.length + " cases of "
                        + trainPart.width + " values, " + classes + " classes, values divided by " + scale + ")",
                null);
    }

    /** One CSV file: a label and the values on every line, an optional header line first. */
    private static Part csvPart(Path file, double scale) {
        double[] values = new double[1 << 12];
        int[] labels = new int[1 << 8];
        int width = -1;
        int cases = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (lineNo == 1 && !isNumber(fields[0].trim())) {
                    continue; // a header
                }
                if (width < 0) {
                    width = fields.length - 1;
                    if (width < 1) {
                        throw new DataFileException(file, "line " + lineNo + " has no values after its label");
                    }
                } else if (fields.length - 1 != width) {
                    throw new DataFileException(file, "line " + lineNo + " has " + fields.length + " columns but the"
                            + " first row has " + (width + 1));
                }
                if (cases == labels.length) {
                    labels = Arrays.copyOf(labels, labels.length * 2);
                }
                if ((long) (cases + 1) * width > values.length) {
                    long grown = Math.max((long) (cases + 1) * width, 2L * values.length);
                    if (grown > Integer.MAX_VALUE - 8) {
                        throw new DataFileException(file, "more values than one array can hold, at line " + lineNo);
                    }
                    InsufficientMemoryException.require(8 * grown, file, "the rows read so far, grown");
                    values = Arrays.copyOf(values, (int) grown);
                }
                labels[cases] = label(file, lineNo, fields[0].trim());
                for (int j = 0; j < width; j++) {
                    double v = number(file, lineNo, j + 2, fields[j + 1].trim()) / scale;
                    if (!(v >= 0 && v <= 1)) {
                        throw new DataFileException(file, "line " + lineNo + ", column " + (j + 2) + ": "
                                + fields[j + 1].trim() + (scale == 1 ? "" : " / " + scale) + " is outside [0, 1]"
                                + (scale == 1 ? " (for pixels written as 0..255, divide by 255)" : ""));
                    }
                    values[cases * width + j] = v;
                }
                cases++;
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFileException(file, "is not text (UTF-8): not a CSV file", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e + ")", e);
        }
        if (cases == 0) {
            throw new DataFileException(file, "holds no rows");
        }
        return new Part(Arrays.copyOf(values, cases * width), width, Arrays.copyOf(labels, cases));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(Path file, int line, int column, String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "line " + line + ", column " + column + ": '" + shorten(s)
                    + "' is not a number");
        }
    }

    private static int label(Path file, int line, String s) {
        try {
            int label = Integer.parseInt(s);
            if (label < 0) {
                throw new DataFileException(file, "line " + line + ": label " + label + " is negative");
            }
            return label;
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "line " + line + ", column 1: label '" + shorten(s)
                    + "' is not a whole number");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** {@code max label + 1} over both parts, at least 2 and at most {@link #MAX_CLASSES}. */
    private static int classes(int[] train, int[] test) {
        int max = 1;
        for (int l : train) {
            max = Math.max(max, l);
        }
        for (int l : test) {
            max = Math.max(max, l);
        }
        if (max >= MAX_CLASSES) {
            throw new IllegalArgumentException("label " + max + " makes more than " + MAX_CLASSES + " classes;"
                    + " labels must be numbered from 0");
        }
        return max + 1;
    }
}
