package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.dbn4j.core.data.DataFileException;
import io.github.dbn4j.core.data.Idx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to hurt the readers: deflate and gzip bombs, forged headers and shapes, wrong dtypes,
 * truncations at every length, archives that are not models. Each must be refused with an
 * exception of the library that names the file, before the reader allocates what the file
 * claims; none may load.
 */
class HostileFilesTest {

    /** The most a refusal may allocate (the program's target for resident memory is 200 MB). */
    private static final long REFUSAL_BYTES = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void anArchiveThatIsNotAModelIsRefusedBeforeItsArrayIsRead() throws IOException {
        Path file = dir.resolve("not-a-model.npz");
        writeZeros(file, "x", 2500, 5000, Map.of()); // 100 MB of float64 zeros in about 0.1 MB
        assertThat(Files.size(file)).isLessThan(1 << 20);
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> ModelNpz.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": missing array 'format_version'"));
        assertThat(allocated).as("bytes allocated to refuse it").isLessThan(REFUSAL_BYTES);
    }

    @Test
    void aModelWhoseShapesDisagreeIsRefusedBeforeItsWeightsAreRead() throws IOException {
        Path file = dir.resolve("bomb.npz");
        Map<String, byte[]> small = new LinkedHashMap<>();
        small.put("format_version", NpyTest.npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                longs(1)));
        small.put("kind", NpyTest.npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", longs(0)));
        small.put("gaussian_visible", NpyTest.npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                longs(0)));
        small.put("vbias", NpyTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (784,), }",
                new byte[784 * 8]));
        small.put("hbias", NpyTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (500,), }",
                new byte[500 * 8]));
        writeZeros(file, "W", 4000, 3000, small);
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> ModelNpz.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("array 'vbias' has shape (784,) but must be (4000,)"));
        assertThat(allocated).as("bytes allocated to refuse it").isLessThan(REFUSAL_BYTES);
    }

    @Test
    void anArrayLargerThanTheHeapIsRefusedBeforeAnythingIsAllocated() {
        long side = 46_000; // 2.1e9 values: 16 GiB as doubles, more than any test heap here
        byte[] header = NpyTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (" + side + ", " + side
                + "), }", new byte[0]);
        long size = header.length + side * side * 4;
        Path file = Path.of("huge.npz");
        InputStream claims = new InputStream() { // the header, then zeros that are never asked for
            private int next;

            @Override
            public int read() {
                return next < header.length ? header[next++] & 0xff : 0;
            }
        };
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> Npy.read(claims, size, file, "W.npy"))
                .isInstanceOf(InsufficientMemoryException.class)
                .hasMessageStartingWith("huge.npz: entry 'W.npy': shape (46000, 46000) of '<f4'")
                .hasMessageContaining("needs 15.8 GiB of memory but this JVM has"));
        assertThat(allocated).as("bytes allocated to refuse it").isLessThan(REFUSAL_BYTES);
    }

    @Test
    void aGzipIdxThatAnnouncesMoreThanItCanInflateIsRefusedAtItsHeader() throws IOException {
        Path file = dir.resolve("images.gz");
        Files.write(file, gzip(idxHeader(0x08, 1000, 1000, 1000))); // announces 10^9 bytes in 40
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("more than its gzip stream can inflate"));
        assertThat(allocated).as("bytes allocated to refuse it").isLessThan(REFUSAL_BYTES);
    }

    @Test
    void overAThousandHostileFilesAreEachRefusedWithTheFileNamed() throws IOException {
        List<Hostile> files = new ArrayList<>();
        byte[] model = bytesOf(f -> ModelNpz.write(f, TestModels.labelledRbm()));
        byte[] dbn = bytesOf(f -> ModelNpz.write(f, TestModels.labelledDbnWithClassifier()));
        byte[] npy = NpyTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", new byte[96]);
        byte[] idx = idx(0x08, 5, 4, 4);
        byte[] idxGz = gzip(idx);
        for (int cut = 0; cut < model.length; cut += Math.max(1, model.length / 300)) {
            files.add(new Hostile("model cut at " + cut, "npz", Arrays.copyOf(model, cut), ModelNpz::read));
        }
        for (int cut = 0; cut < dbn.length; cut += Math.max(1, dbn.length / 200)) {
            files.add(new Hostile("DBN cut at " + cut, "npz", Arrays.copyOf(dbn, cut), ModelNpz::read));
        }
        for (int cut = 0; cut < npy.length; cut++) {
            files.add(new Hostile("npy cut at " + cut, "npy", Arrays.copyOf(npy, cut), Npy::read));
        }
        for (int cut = 0; cut < idx.length; cut++) {
            files.add(new Hostile("idx cut at " + cut, "idx", Arrays.copyOf(idx, cut), Idx::readImages));
        }
        for (int cut = 0; cut < idxGz.length; cut++) {
            files.add(new Hostile("gzip idx cut at " + cut, "gz", Arrays.copyOf(idxGz, cut), Idx::readImages));
        }
        for (String descr : List.of("<c16", ">f8", "|O", "<U4", "<f2", "<i2", "|b1", "<m8", "f8", "<f16", "",
                "<f8 ", "|u2", ">i4", "<V8", "S3")) {
            byte[] bad = NpyTest.npy(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (3, 4), }",
                    new byte[96]);
            files.add(new Hostile("dtype " + descr, "npy", bad, Npy::read));
            files.add(new Hostile("model W of dtype " + descr, "npz", replaceEntry(model, "W", bad), ModelNpz::read));
        }
        for (String shape : List.of("(3, 4, 1)", "(-1, 4)", "(3, -4)", "(2147483647, 2)",
                "(46341, 46341)", "(3, 4,, )", "(3.0, 4)", "[3, 4]", "(3 4)", "(1, 1, 1, 1)", "(13,)", "()", "(0,)")) {
            byte[] bad = NpyTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }",
                    new byte[96 + ("(13,)".equals(shape) ? 1 : 0)]);
            files.add(new Hostile("shape " + shape, "npy", bad, Npy::read));
            files.add(new Hostile("model W of shape " + shape, "npz", replaceEntry(model, "W", bad),
                    ModelNpz::read));
        }
        files.add(new Hostile("Fortran order", "npy", NpyTest.npy(1,
                "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }", new byte[96]), Npy::read));
        for (String header : List.of("", "{", "{}", "{'descr': '<f8'}", "{'descr': '<f8', 'shape': (3, 4)}",
                "{'descr': '<f8', 'fortran_order': 1, 'shape': (3, 4), }", "not a dict at all",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), 'extra': 1}",
                "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }")) {
            files.add(new Hostile("header " + header, "npy", NpyTest.npy(1, header, new byte[96]), Npy::read));
        }
        for (int major = 0; major < 6; major++) {
            for (int minor = 0; minor < 3; minor++) {
                if (major >= 1 && major <= 3 && minor == 0) {
                    continue;
                }
                byte[] bad = npy.clone();
                bad[6] = (byte) major;
                bad[7] = (byte) minor;
                files.add(new Hostile("npy version " + major + "." + minor, "npy", bad, Npy::read));
            }
        }
        for (int i = 0; i < 6; i++) {
            byte[] bad = npy.clone();
            bad[i] ^= 0x20;
            files.add(new Hostile("npy magic byte " + i, "npy", bad, Npy::read));
        }
        for (int type : new int[] {0x00, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0xFF}) {
            for (int dims = 0; dims <= 4; dims++) {
                byte[] bad = idx.clone();
                bad[2] = (byte) type;
                bad[3] = (byte) dims;
                files.add(new Hostile("idx type " + type + ", " + dims + " dimensions", "idx", bad, Idx::readImages));
                files.add(new Hostile("gzip idx type " + type + ", " + dims + " dimensions", "gz", gzip(bad),
                        Idx::readImages));
            }
        }
        for (int zero = 0; zero < 2; zero++) {
            for (int v = 1; v < 256; v += 17) {
                byte[] bad = idx.clone();
                bad[zero] = (byte) v;
                files.add(new Hostile("idx magic byte " + zero + " = " + v, "idx", bad, Idx::readImages));
            }
        }
        for (int[] dims : new int[][] {{0, 4, 4}, {5, 0, 4}, {-1, 4, 4}, {6, 4, 4}, {4, 4, 4}, {5, 4, 5},
                {1 << 20, 1 << 10, 1 << 10}, {1 << 15, 1 << 15, 1}, {Integer.MAX_VALUE, 2, 2}}) {
            byte[] bad = idx.clone();
            ByteBuffer.wrap(bad).putInt(4, dims[0]).putInt(8, dims[1]).putInt(12, dims[2]);
            files.add(new Hostile("idx dims " + Arrays.toString(dims), "idx", bad, Idx::readImages));
            files.add(new Hostile("gzip idx dims " + Arrays.toString(dims), "gz", gzip(bad), Idx::readImages));
        }
        byte[] trailing = Arrays.copyOf(idx, idx.length + 7);
        files.add(new Hostile("idx with trailing bytes", "idx", trailing, Idx::readImages));
        files.add(new Hostile("gzip idx with trailing bytes", "gz", gzip(trailing), Idx::readImages));
        files.addAll(modelForgeries(model));

        assertThat(files.size()).as("hostile files").isGreaterThanOrEqualTo(1000);
        int n = 0;
        for (Hostile h : files) {
            Path file = dir.resolve("hostile-" + n++ + "." + h.extension());
            Files.write(file, h.bytes());
            long allocated = allocatedBy(() -> {
                try {
                    h.reader().accept(file);
                    fail(h.what() + ": loaded");
                } catch (ModelFileException | DataFileException | InsufficientMemoryException e) {
                    assertThat(e.getMessage()).as(h.what()).startsWith(file.toString());
                }
            });
            assertThat(allocated).as(h.what() + ": bytes allocated to refuse it").isLessThan(REFUSAL_BYTES);
        }
    }

    /** A valid labelled RBM archive with one thing wrong. */
    private static List<Hostile> modelForgeries(byte[] model) throws IOException {
        Map<String, byte[]> entries = entries(model);
        List<Hostile> out = new ArrayList<>();
        for (String name : entries.keySet()) {
            Map<String, byte[]> without = new LinkedHashMap<>(entries);
            without.remove(name);
            if (!name.equals("kind")) { // without 'kind' an archive is an RBM: still valid
                out.add(new Hostile("model without " + name, "npz", zip(without), ModelNpz::read));
            }
            Map<String, byte[]> renamed = new LinkedHashMap<>(entries);
            renamed.put(name + "_extra", entries.get(name));
            out.add(new Hostile("model with an extra " + name, "npz", zip(renamed), ModelNpz::read));
        }
        String scalar = "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }";
        for (long v : new long[] {-1, 0, 2, Long.MAX_VALUE}) {
            out.add(new Hostile("format_version " + v, "npz",
                    replaceEntry(model, "format_version", NpyTest.npy(1, scalar, longs(v))), ModelNpz::read));
        }
        for (long v : new long[] {-1, 1, 2, 7}) {
            out.add(new Hostile("kind " + v + " of an RBM's arrays", "npz",
                    replaceEntry(model, "kind", NpyTest.npy(1, scalar, longs(v))), ModelNpz::read));
            out.add(new Hostile("gaussian_visible " + (v + 3), "npz",
                    replaceEntry(model, "gaussian_visible", NpyTest.npy(1, scalar, longs(v + 3))), ModelNpz::read));
        }
        out.add(new Hostile("float format_version", "npz", replaceEntry(model, "format_version",
                NpyTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", longs(1))),
                ModelNpz::read));
        out.add(new Hostile("format_version of two values", "npz", replaceEntry(model, "format_version",
                NpyTest.npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", longs(1, 1))),
                ModelNpz::read));
        NpyArray w = Npz.read(write(model)).get("W");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] values = w.doubles();
            values[values.length / 2] = bad;
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            Npy.write(npy, NpyArray.ofDoubles(values, w.shape()));
            out.add(new Hostile("W holding " + bad, "npz", replaceEntry(model, "W", npy.toByteArray()),
                    ModelNpz::read));
        }
        return out;
    }

    // ---- building files --------------------------------------------------------------------------

    private record Hostile(String what, String extension, byte[] bytes, Consumer<Path> reader) {
    }

    /** An npz with {@code small} stored and a deflated float64 array of zeros named {@code big}. */
    private static void writeZeros(Path file, String big, int rows, int cols, Map<String, byte[]> small)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : small.entrySet()) {
                zip.putNextEntry(stored(e.getKey(), e.getValue()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(big + ".npy"));
            zip.write(NpyTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols
                    + "), }", new byte[0]));
            byte[] zeros = new byte[1 << 20];
            for (long left = 8L * rows * cols; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            zip.closeEntry();
        }
    }

    private static ZipEntry stored(String name, byte[] content) {
        ZipEntry e = new ZipEntry(name + ".npy");
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setMethod(ZipEntry.STORED);
        e.setSize(content.length);
        e.setCompressedSize(content.length);
        e.setCrc(crc.getValue());
        return e;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(stored(e.getKey(), e.getValue()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The raw .npy bytes of every entry of an archive, by name without {@code .npy}. */
    private static Map<String, byte[]> entries(byte[] npz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(npz))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName().substring(0, e.getName().length() - 4), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] replaceEntry(byte[] npz, String name, byte[] npy) {
        try {
            Map<String, byte[]> entries = entries(npz);
            entries.put(name, npy);
            return zip(entries);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path write(byte[] bytes) throws IOException {
        Path f = Files.createTempFile("hostile", ".npz");
        f.toFile().deleteOnExit();
        Files.write(f, bytes);
        return f;
    }

    private static byte[] bytesOf(Consumer<Path> writer) throws IOException {
        Path f = Files.createTempFile("valid", ".npz");
        try {
            writer.accept(f);
            return Files.readAllBytes(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static byte[] idxHeader(int type, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** A valid IDX image file of the given dimensions, pixels 0, 1, 2, ... */
    private static byte[] idx(int type, int... dims) {
        byte[] header = idxHeader(type, dims);
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        byte[] out = Arrays.copyOf(header, header.length + n);
        for (int i = 0; i < n; i++) {
            out[header.length + i] = (byte) i;
        }
        return out;
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The bytes the current thread allocated while {@code action} ran. */
    private static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
