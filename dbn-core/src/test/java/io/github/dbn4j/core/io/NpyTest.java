package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    private static final Path FILE = Path.of("x.npz");

    @TempDir
    Path dir;

    @Test
    void writesVersionOneWithAHeaderPaddedToAMultipleOf64Bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 3, 2));
        byte[] b = out.toByteArray();
        assertThat(b).hasSize(128 + 48);
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).isEqualTo((short) 118);
        String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }").endsWith(" \n");
        assertThat(ByteBuffer.wrap(b, 128 + 8, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble()).isEqualTo(2.0);
        assertThat(read(b)).isEqualTo(NpyArray.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 3, 2));
    }

    @Test
    void roundTripsRanksZeroToTwoAndLongs() throws IOException {
        for (NpyArray a : new NpyArray[] {NpyArray.ofDoubles(new double[] {Math.PI}), NpyArray.ofLongs(new long[] {
                Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3), NpyArray.ofDoubles(new double[0], 0, 5),
                NpyArray.ofDoubles(new double[] {-0.0, Double.MIN_VALUE}, 1, 2)}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            assertThat((out.size() - 8 * a.size()) % 64).isZero();
            assertThat(read(out.toByteArray())).isEqualTo(a);
        }
    }

    @Test
    void writesFloat32ArraysAsFourByteFloats() throws IOException {
        NpyArray a = NpyArray.ofFloats(new double[] {0.1, 1, 0.5, 1e-9}, 2, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        byte[] b = out.toByteArray();
        assertThat(b).hasSize(128 + 16);
        assertThat(new String(b, 10, 118, StandardCharsets.ISO_8859_1))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }");
        assertThat(ByteBuffer.wrap(b, 128, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(0.1f);
        NpyArray back = read(b);
        assertThat(back.dtype()).isEqualTo(NpyArray.FLOAT32);
        assertThat(back.doubles()).containsExactly((float) 0.1, 1, 0.5, (float) 1e-9);
        assertThat(a.doubles()).as("values rounded to float when made").containsExactly(back.doubles());
    }

    @Test
    void readsOtherDtypesAndVersions() throws IOException {
        NpyArray f4 = read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", le(4, 1.5f, -2f)));
        assertThat(f4.dtype()).isEqualTo("<f4");
        assertThat(f4.doubles()).containsExactly(1.5, -2.0);
        NpyArray i4 = read(npy(2, "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (1, 2)}",
                le(4, -7, 9)));
        assertThat(i4.longs()).containsExactly(-7, 9);
        assertThat(i4.doubles()).containsExactly(-7.0, 9.0);
        NpyArray u1 = read(npy(3, "{'shape':(3,),'fortran_order':False,'descr':'|u1'}", new byte[] {0, (byte) 200,
                (byte) 255}));
        assertThat(u1.longs()).containsExactly(0, 200, 255);
        NpyArray scalar = read(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (), }", le(8, 1L)));
        assertThat(scalar.rank()).isZero();
        assertThat(scalar.longs()).containsExactly(1);
    }

    @Test
    void rejectsUnsupportedLayoutsAndDtypes() {
        assertRejected(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", new byte[8]),
                "Fortran-order arrays are not supported");
        assertRejected(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "big-endian dtype '>f8' is not supported");
        assertRejected(npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "object arrays (dtype '|O') are not supported");
        assertRejected(npy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]),
                "unsupported dtype '<c16'");
        assertRejected(npy(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "structured dtypes are not supported");
        assertRejected(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", new byte[8]),
                "has rank 3; only ranks 0 to 2 are supported");
    }

    @Test
    void rejectsMalformedHeaders() {
        String[] bad = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,) ",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
            "{'descr': '<f8', 'fortran_order': False, }",
            "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
            "{'descr': '<f8', 'fortran_order': false, 'shape': (1,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } junk",
            "['descr', '<f8']",
            "{'descr': '<f8' 'fortran_order': False, 'shape': (1,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999,), }",
            "",
        };
        for (String header : bad) {
            assertThatThrownBy(() -> read(npy(1, header, new byte[8]))).as(header)
                    .isInstanceOf(ModelFileException.class).hasMessageStartingWith("x.npz: entry 'W.npy': ");
        }
        assertRejected("not numpy at all".getBytes(StandardCharsets.US_ASCII), "bad magic string");
        byte[] v4 = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        v4[6] = 4;
        assertRejected(v4, "unsupported NPY format version 4.0");
    }

    @Test
    void forgedShapesAndLengthsAreRejectedBeforeAllocating() {
        assertRejected(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 50000), }", new byte[16]),
                "shape (40000, 50000) of '<f8' needs 2000000000 x 8 data bytes but the array holds 16 "
                        + "(truncated or forged shape)");
        assertRejected(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", new byte[16]),
                "shape (100000, 100000) holds 10000000000 values, more than a Java array can");
        assertRejected(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647), }",
                new byte[16]), "more than a Java array can");
        assertRejected(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new byte[16]),
                "needs 3 x 8 data bytes but the array holds 16");
        ByteBuffer huge = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        huge.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0)
                .putInt(0x7ffffff0);
        assertRejected(huge.array(), "header length 2147483632 exceeds the limit of 65536 bytes");
        byte[] longHeader = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(longHeader), 40, FILE, "W.npy"))
                .hasMessageContaining("truncated: the header needs 128 bytes but the array holds 40");
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(longHeader), longHeader.length + 8, FILE, "W.npy"))
                .hasMessageContaining("needs 1 x 8 data bytes but the array holds 16");
        byte[] extra = java.util.Arrays.copyOf(longHeader, longHeader.length + 8);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(extra), longHeader.length, FILE, "W.npy"))
                .hasMessageContaining("more bytes than its declared size");
    }

    @Test
    void anNpzWithAForgedHugeShapeIsRejectedWithoutRunningOutOfMemory() throws IOException {
        Path file = dir.resolve("forged.npz");
        byte[] forged = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 1000), }",
                new byte[48]);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("W.npy"));
            zip.write(forged);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": entry 'W.npy': shape (2000000000, 1000)");
        assertThatThrownBy(() -> ModelNpz.readRbm(file)).isInstanceOf(ModelFileException.class);
    }

    @Test
    void anNpzWhoseDirectoryClaimsAHugeEntryIsRejected() throws IOException {
        Path file = dir.resolve("bomb.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("W.npy"));
            Npy.write(zip, NpyArray.ofDoubles(new double[100], 10, 10));
            zip.closeEntry();
        }
        byte[] b = Files.readAllBytes(file);
        int cen = indexOf(b, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, 0x7fffffff); // uncompressed size
        Files.write(file, b);
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": ");
    }

    @Test
    void nonNpyEntriesAndNonZipFilesAreRejected() throws IOException {
        Path file = dir.resolve("other.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> Npz.read(file)).hasMessage(file + ": entry 'readme.txt' is not a .npy array");
        Files.writeString(file, "plain text");
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": not a valid npz (zip) archive");
    }

    @Test
    void numpyFilesWithUnsupportedLayoutsAreRejected() throws IOException {
        String[][] cases = {
            {NumpyFiles.FORTRAN, "Fortran-order"}, {NumpyFiles.BIG_ENDIAN, "big-endian dtype '>f8'"},
            {NumpyFiles.OBJECT, "object arrays (dtype '|O')"}, {NumpyFiles.RANK3, "has rank 3"}};
        for (String[] c : cases) {
            Path file = dir.resolve("numpy.npz");
            Files.write(file, NumpyFiles.bytes(c[0]));
            assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(file + ": entry 'W.npy': ").hasMessageContaining(c[1]);
        }
    }

    @Test
    void standaloneNpyFilesAreRead() throws IOException {
        Path file = dir.resolve("a.npy");
        Files.write(file, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", le(8, 2.5)));
        assertThat(Npy.read(file).doubles()).containsExactly(2.5);
        NpyArray m = NpyArray.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Npy.write(file, m);
        assertThat(Npy.read(file)).isEqualTo(m);
        Files.write(file, "short".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": too short");
    }

    private static void assertRejected(byte[] npy, String problem) {
        assertThatThrownBy(() -> read(npy)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("x.npz: entry 'W.npy': ").hasMessageContaining(problem);
    }

    private static NpyArray read(byte[] npy) throws IOException {
        return Npy.read(new ByteArrayInputStream(npy), npy.length, FILE, "W.npy");
    }

    /** An NPY file of the given version with this header text (padded to 64) and data. */
    static byte[] npy(int version, String header, byte[] data) {
        int lengthBytes = version == 1 ? 2 : 4;
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int unpadded = 8 + lengthBytes + h.length + 1;
        int total = (unpadded + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        int headerLength = total - 8 - lengthBytes;
        if (version == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(h);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    private static byte[] le(int size, Number... values) {
        ByteBuffer b = ByteBuffer.allocate(size * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (Number v : values) {
            if (v instanceof Float f) {
                b.putFloat(f);
            } else if (v instanceof Double d) {
                b.putDouble(d);
            } else if (size == 4) {
                b.putInt(v.intValue());
            } else {
                b.putLong(v.longValue());
            }
        }
        return b.array();
    }

    private static int indexOf(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
