package io.github.dbn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dbn4j.core.io.Npy;
import io.github.dbn4j.core.io.NpyArray;
import io.github.dbn4j.core.io.Npz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data sets from IDX directories, npz archives and CSV files, told apart by content; and their bad forms. */
class DataSetsTest {

    @TempDir
    Path dir;

    @Test
    void anIdxDirectoryThatIsNotMnistIsReadAndSaidToBeUnchecked() throws IOException {
        Path idx = Files.createDirectory(dir.resolve("shapes"));
        writeIdx(idx.resolve("train-images-idx3-ubyte.gz"), true, images(30, 4, 5));
        writeIdx(idx.resolve("train-labels-idx1-ubyte"), false, labels(30, 3));
        writeIdx(idx.resolve("t10k-images-idx3-ubyte"), false, images(12, 4, 5));
        writeIdx(idx.resolve("t10k-labels-idx1-ubyte.gz"), true, labels(12, 3));
        DataSets.Loaded loaded = DataSets.read(idx, null, 1);
        assertThat(loaded.description()).isEqualTo("an IDX data set that is not a known one (30 + 12 images of 4x5,"
                + " 3 classes), read without a checksum");
        LabelledImages train = loaded.data().train();
        assertThat(train.count()).isEqualTo(30);
        assertThat(train.classes()).isEqualTo(3);
        assertThat(train.imageRows()).isEqualTo(4);
        assertThat(train.imageCols()).isEqualTo(5);
        assertThat(train.side()).as("not square").isZero();
        assertThat(train.values(1, 2, LabelledImages.Pixels.SCALED, 0)[3]).as("case 1, value 3: byte 20 + 3 + 3")
                .isCloseTo(26 / 255.0, within(1e-15));
        assertThat(loaded.data().test().labels()).containsExactly(expectedLabels(12, 3));
        assertThatThrownBy(() -> DataSets.read(idx, dir.resolve("t.npz"), 1)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("holds its own test files");
    }

    @Test
    void anNpzArchiveWithANamedSplitOrASeparateTestFile() throws IOException {
        Path split = dir.resolve("split.npz");
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("x", NpyArray.ofDoubles(new double[] {0, 0.5, 1, 0.25, 0.75, 0.125}, 3, 2));
        a.put("y", NpyArray.ofLongs(new long[] {0, 4, 2}, 3));
        a.put("x_test", NpyArray.ofDoubles(new double[] {1, 1}, 1, 2));
        a.put("y_test", NpyArray.ofLongs(new long[] {1}, 1));
        Npz.write(split, a);
        DataSets.Loaded loaded = DataSets.read(split, null, 1);
        assertThat(loaded.description()).isEqualTo("an npz archive (3 + 1 cases of 2 values, 5 classes)");
        assertThat(loaded.data().train().values(0, 3, LabelledImages.Pixels.SCALED, 0))
                .containsExactly(0, 0.5, 1, 0.25, 0.75, 0.125);
        assertThat(loaded.data().train().labels()).containsExactly(0, 4, 2);
        assertThat(loaded.data().test().labels()).containsExactly(1);
        assertThat(loaded.data().train().hasImageShape()).isFalse();

        Path train = dir.resolve("train.npz");
        Path test = dir.resolve("test.npz");
        Npz.write(train, Map.of("x", NpyArray.ofDoubles(new double[] {0, 1, 1, 0}, 2, 2),
                "y", NpyArray.ofLongs(new long[] {0, 1}, 2)));
        Npz.write(test, Map.of("x", NpyArray.ofDoubles(new double[] {1, 1}, 1, 2), "y",
                NpyArray.ofLongs(new long[] {1}, 1)));
        assertThat(DataSets.read(train, test, 1).data().test().count()).isEqualTo(1);
        assertThatThrownBy(() -> DataSets.read(split, test, 1)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("holds x_test and y_test, and a test file");
        assertThatThrownBy(() -> DataSets.read(train, null, 1)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("holds no test cases");
    }

    @Test
    void aDirectoryOfNpyFilesWithItsOwnOrASeparateTestPart() throws IOException {
        Path npy = Files.createDirectory(dir.resolve("arrays"));
        Npy.write(npy.resolve("x.npy"), NpyArray.ofDoubles(new double[] {0, 0.5, 1, 0.25, 0.75, 0.125}, 3, 2));
        Npy.write(npy.resolve("y.npy"), NpyArray.ofLongs(new long[] {0, 3, 2}, 3));
        Files.writeString(npy.resolve("README.txt"), "other files are not looked at");
        assertThatThrownBy(() -> DataSets.read(npy, null, 1)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("holds no test cases");

        Path other = Files.createDirectory(dir.resolve("test-arrays"));
        Npy.write(other.resolve("x.npy"), NpyArray.ofDoubles(new double[] {1, 0}, 1, 2));
        Npy.write(other.resolve("y.npy"), NpyArray.ofLongs(new long[] {1}, 1));
        DataSets.Loaded separate = DataSets.read(npy, other, 1);
        assertThat(separate.description()).isEqualTo(".npy arrays (3 + 1 cases of 2 values, 4 classes)");
        assertThat(separate.known()).isNull();
        assertThat(separate.data().test().values(0, 1, LabelledImages.Pixels.SCALED, 0)).containsExactly(1, 0);

        Npy.write(npy.resolve("x_test.npy"), NpyArray.ofDoubles(new double[] {0.5, 0.5}, 1, 2));
        Npy.write(npy.resolve("y_test.npy"), NpyArray.ofLongs(new long[] {2}, 1));
        DataSets.Loaded own = DataSets.read(npy, null, 1);
        assertThat(own.data().train().values(0, 3, LabelledImages.Pixels.SCALED, 0))
                .containsExactly(0, 0.5, 1, 0.25, 0.75, 0.125);
        assertThat(own.data().train().labels()).containsExactly(0, 3, 2);
        assertThat(own.data().test().labels()).containsExactly(2);

        // a truncated label file is named, and nothing is read from it
        byte[] y = Files.readAllBytes(npy.resolve("y_test.npy"));
        Files.write(npy.resolve("y_test.npy"), java.util.Arrays.copyOf(y, y.length - 3));
        assertThatThrownBy(() -> DataSets.read(npy, null, 1)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(npy.resolve("y_test.npy") + ": ").hasMessageContaining("truncated or forged");
        assertThatThrownBy(() -> DataSets.read(npy, write("t.csv", "0,0,0\n"), 1))
                .isInstanceOf(DataFileException.class).hasMessageContaining("are .npy arrays");
    }

    @Test
    void bytesInAnNpzArchiveAreScaledByTheirMaximum() throws IOException {
        Path file = dir.resolve("bytes.npz");
        byte[] npy = npyBytes("|u1", "(2, 2)", new byte[] {0, (byte) 255, 51, 102});
        writeZip(file, Map.of("x", npy, "y", npyBytes("<i8", "(2,)", longs(0, 1)),
                "x_test", npyBytes("|u1", "(1, 2)", new byte[] {(byte) 255, 0}),
                "y_test", npyBytes("<i8", "(1,)", longs(1))));
        assertThat(DataSets.read(file, null, 1).data().train().values(0, 2, LabelledImages.Pixels.SCALED, 0))
                .containsExactly(0, 1, 0.2, 0.4);
    }

    @Test
    void csvFilesWithAndWithoutAHeaderAndAScale() throws IOException {
        Path train = write("train.csv", "label,a,b,c\n0,0,255,51\n2,255,255,0\n\n");
        Path test = write("test.csv", "1,0,0,0\n");
        DataSets.Loaded loaded = DataSets.read(train, test, 255);
        assertThat(loaded.description()).isEqualTo("CSV files (2 + 1 cases of 3 values, 3 classes, values divided"
                + " by 255.0)");
        assertThat(loaded.data().train().values(0, 2, LabelledImages.Pixels.SCALED, 0))
                .containsExactly(0, 1, 0.2, 1, 1, 0);
        assertThat(loaded.data().train().labels()).containsExactly(0, 2);
        assertThatThrownBy(() -> DataSets.read(train, test, 1)).isInstanceOf(DataFileException.class)
                .hasMessage(train + ": line 2, column 3: 255 is outside [0, 1] (for pixels written as 0..255, divide"
                        + " by 255)");
        assertThatThrownBy(() -> DataSets.read(train, null, 255)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("give the test cases as a second CSV file");
    }

    @Test
    void everyBadDataFileIsRefusedNamingFileAndPlace() throws IOException {
        Path goodCsv = write("good.csv", "0,0.5\n1,0.25\n");
        Path goodNpz = dir.resolve("good.npz");
        Npz.write(goodNpz, Map.of("x", NpyArray.ofDoubles(new double[] {0.5}, 1, 1), "y",
                NpyArray.ofLongs(new long[] {1}, 1)));
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {write("ragged.csv", "0,0.5,0.5\n1,0.25\n"), goodCsv,
            "line 2 has 2 columns but the first row has 3"});
        cases.add(new Object[] {write("word.csv", "0,0.5\n1,abc\n"), goodCsv, "line 2, column 2: 'abc' is not a number"});
        cases.add(new Object[] {write("nan.csv", "0,NaN\n"), goodCsv, "line 1, column 2: NaN is outside [0, 1]"});
        cases.add(new Object[] {write("negative.csv", "0,0.5\n-1,0.5\n"), goodCsv, "line 2: label -1 is negative"});
        cases.add(new Object[] {write("fraction.csv", "0,0.5\n1.5,0.5\n"), goodCsv,
            "line 2, column 1: label '1.5' is not a whole number"});
        cases.add(new Object[] {write("huge-label.csv", "0,0.5\n99999999,0.5\n"), goodCsv, "makes more than 10000"});
        cases.add(new Object[] {write("labels-only.csv", "0\n1\n"), goodCsv, "line 1 has no values after its label"});
        cases.add(new Object[] {write("empty.csv", ""), goodCsv, "holds no rows"});
        cases.add(new Object[] {write("header-only.csv", "label,a\n"), goodCsv, "holds no rows"});
        cases.add(new Object[] {writeBytes("binary.csv", new byte[] {'0', ',', (byte) 0xC3, (byte) 0x28}), goodCsv,
            "is not text (UTF-8)"});
        cases.add(new Object[] {goodCsv, write("wide.csv", "0,0.5,0.5\n"), "rows have 2 values but the training rows"
            + " have 1"});
        cases.add(new Object[] {goodCsv, goodNpz, "is an npz archive but the training data"});
        cases.add(new Object[] {npz("no-y.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5}, 1, 1))), goodNpz,
            "missing array 'y'"});
        cases.add(new Object[] {npz("short-y.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5, 0.5}, 2, 1),
            "y", NpyArray.ofLongs(new long[] {1}, 1))), goodNpz, "array 'y' has shape (1,) but must be (2,)"});
        cases.add(new Object[] {npz("float-y.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5}, 1, 1),
            "y", NpyArray.ofDoubles(new double[] {1}, 1))), goodNpz, "labels must be integers"});
        cases.add(new Object[] {npz("int-x.npz", Map.of("x", NpyArray.ofLongs(new long[] {3}, 1, 1),
            "y", NpyArray.ofLongs(new long[] {1}, 1))), goodNpz, "values must be uint8"});
        cases.add(new Object[] {npz("flat-x.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5}, 1),
            "y", NpyArray.ofLongs(new long[] {1}, 1))), goodNpz, "array 'x' has shape (1,) but must be (cases, values)"});
        cases.add(new Object[] {npz("big-x.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5, 1.5}, 1, 2),
            "y", NpyArray.ofLongs(new long[] {1}, 1))), write("t.csv", "0,0\n"), "are an npz archive"});
        cases.add(new Object[] {npz("out-of-range.npz", Map.of("x", NpyArray.ofDoubles(new double[] {1.5}, 1, 1),
            "y", NpyArray.ofLongs(new long[] {1}, 1))), goodNpz, "case 0, value 0 is 1.5, outside [0, 1]"});
        cases.add(new Object[] {npz("extra.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5}, 1, 1),
            "y", NpyArray.ofLongs(new long[] {1}, 1), "w", NpyArray.ofLongs(new long[] {1}, 1))), goodNpz,
            "unexpected arrays [w]"});
        cases.add(new Object[] {npz("neg-y.npz", Map.of("x", NpyArray.ofDoubles(new double[] {0.5}, 1, 1),
            "y", NpyArray.ofLongs(new long[] {-3}, 1))), goodNpz, "label -3 of case 0 in 'y' is negative"});
        cases.add(new Object[] {writeBytes("array.npy", npyBytes("<f8", "(1, 1)", new byte[8])), null,
            "a single .npy array holds no labels"});
        cases.add(new Object[] {writeBytes("images.gz", gzip(new byte[] {0, 0, 8, 3})), null,
            "give the directory that holds the four IDX files"});
        cases.add(new Object[] {dir.resolve("absent.npz"), null, "no such file"});
        for (Object[] c : cases) {
            Path file = (Path) c[0];
            Path test = (Path) c[1];
            assertThatThrownBy(() -> DataSets.read(file, test, 1)).as(file.getFileName().toString())
                    .isInstanceOfAny(DataFileException.class, IllegalArgumentException.class)
                    .hasMessageContaining((String) c[2]);
        }
    }

    @Test
    void anImageShapeMustHoldTheValuesOfACase() {
        LabelledImages cases = LabelledImages.ofValues(new double[6], 6, new int[] {0}, 2, 0, 0);
        assertThat(cases.withImageShape(2, 3).imageCols()).isEqualTo(3);
        assertThatThrownBy(() -> cases.withImageShape(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an image of 2x2 does not hold the 6 values of a case");
    }

    // ---- files ----------------------------------------------------------------------------------

    private static byte[] images(int n, int rows, int cols) {
        byte[] b = new byte[n * rows * cols];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i + 3);
        }
        ByteBuffer h = ByteBuffer.allocate(16 + b.length);
        h.putInt(0x00000803).putInt(n).putInt(rows).putInt(cols).put(b);
        return h.array();
    }

    private static byte[] labels(int n, int classes) {
        ByteBuffer h = ByteBuffer.allocate(8 + n);
        h.putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) {
            h.put((byte) (i * 7 % classes));
        }
        return h.array();
    }

    private static int[] expectedLabels(int n, int classes) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i * 7 % classes;
        }
        return out;
    }

    private static void writeIdx(Path file, boolean gz, byte[] content) throws IOException {
        Files.write(file, gz ? gzip(content) : content);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path npz(String name, Map<String, NpyArray> arrays) {
        Path f = dir.resolve(name);
        Npz.write(f, new LinkedHashMap<>(arrays));
        return f;
    }

    private static byte[] npyBytes(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) (total - 10)).put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').put(data).array();
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
