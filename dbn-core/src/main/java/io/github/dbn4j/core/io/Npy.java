package io.github.dbn4j.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes single arrays in NumPy's NPY format
 * (<a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>).
 * Hand-written: there is no maintained Java NPY reader on Maven Central.
 *
 * <p>Writing produces format version 1.0, little-endian, C order, dtype {@code '<f8'} or
 * {@code '<i8'}, with the header padded so that the data start at a multiple of 64 bytes.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0; dtypes {@code '<f8'} and {@code '<f4'}
 * (as doubles) and {@code '<i8'}, {@code '<i4'} and {@code '|u1'} (as longs); ranks 0 to 2 in C
 * order. It rejects Fortran order, big-endian and object dtypes, ranks above 2, headers longer
 * than {@value #MAX_HEADER_LENGTH} bytes and any inconsistency. It is safe on hostile input: it
 * never allocates more than the bytes actually present imply.
 */
public final class Npy {

    /** The longest header accepted, in bytes. */
    public static final int MAX_HEADER_LENGTH = 1 << 16;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;

    private Npy() {
    }

    /**
     * Writes one array as a standalone {@code .npy} file (format 1.0), replacing it atomically.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, NpyArray array) {
        if (array == null) {
            throw new IllegalArgumentException("no array to write to " + file);
        }
        AtomicFiles.write(file, out -> write(out, array));
    }

    /**
     * Writes one array as a complete NPY 1.0 file body (magic, header, data).
     *
     * @throws IOException if the stream fails
     */
    static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(header(array));
        long[] longs = array.longsView();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        if (longs != null) {
            for (long v : longs) {
                if (!buf.hasRemaining()) {
                    flush(out, buf);
                }
                buf.putLong(v);
            }
        } else if (array.writesFloat32()) {
            for (double v : array.doublesView()) {
                if (!buf.hasRemaining()) {
                    flush(out, buf);
                }
                buf.putFloat((float) v);
            }
        } else {
            for (double v : array.doublesView()) {
                if (!buf.hasRemaining()) {
                    flush(out, buf);
                }
                buf.putDouble(v);
            }
        }
        flush(out, buf);
    }

    /** Number of bytes {@link #write} writes for this array. */
    static long byteCount(NpyArray array) {
        return header(array).length + (array.writesFloat32() ? 4L : 8L) * array.size();
    }

    private static void flush(OutputStream out, ByteBuffer buf) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    /** Magic, version 1.0, header length and the header padded with spaces and a newline to 64 bytes. */
    private static byte[] header(NpyArray array) {
        String dict = NpyHeader.format(array.isInteger() ? NpyArray.INT64
                : array.writesFloat32() ? NpyArray.FLOAT32 : NpyArray.FLOAT64, array.shapeView());
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] h = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        return b.array();
    }

    /**
     * Reads a standalone {@code .npy} file.
     *
     * @throws ModelFileException if the file cannot be read or is not a supported NPY array
     */
    public static NpyArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, Files.size(file), file, null);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        }
    }

    /**
     * The shape a standalone {@code .npy} file declares, checked against its size; nothing of the
     * data is read.
     *
     * @throws ModelFileException if the file cannot be read or is not a supported NPY array
     */
    public static int[] shape(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return readLayout(in, Files.size(file), file, null).shape().clone();
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        }
    }

    /**
     * Reads one NPY array from a stream that holds exactly {@code size} bytes.
     *
     * @param in    the stream, positioned at the magic string; read up to its end
     * @param size  the number of bytes the stream holds (e.g. a zip entry's size); nothing larger
     *              than this is ever allocated
     * @param file  the file, for messages
     * @param entry the name of the zip entry, for messages, or null for a standalone file
     * @throws ModelFileException naming file and entry if the bytes are not a supported NPY array
     * @throws IOException        if the stream fails
     */
    static NpyArray read(InputStream in, long size, Path file, String entry) throws IOException {
        Layout layout = readLayout(in, size, file, entry);
        String where = where(entry);
        InsufficientMemoryException.require(8 * layout.count(), file, where + "shape "
                + NpyArray.shapeString(layout.shape()) + " of '" + layout.descr() + "' (" + layout.count()
                + " values, read as 8-byte numbers)");
        NpyArray array = readData(in, layout.dtype(), layout.descr(), layout.shape(), (int) layout.count(), file,
                where);
        if (in.read() != -1) {
            throw new ModelFileException(file, where + "more bytes than its declared size of " + size);
        }
        return array;
    }

    /**
     * What an NPY header declares, checked against the bytes the array holds.
     *
     * @param dtype the element type
     * @param descr the dtype as written in the header, e.g. {@code '<f4'}
     * @param shape the shape, rank 0 to 2
     * @param count the number of values
     */
    record Layout(Dtype dtype, String descr, int[] shape, long count) {
    }

    private static String where(String entry) {
        return entry == null ? "" : "entry '" + entry + "': ";
    }

    /**
     * Reads and checks the magic string and header of an NPY array of {@code size} bytes, leaving
     * the stream at the first data byte; nothing is allocated for the data.
     *
     * @throws ModelFileException naming file and entry if the header is not that of a supported
     *                            NPY array of exactly {@code size} bytes
     * @throws IOException        if the stream fails
     */
    static Layout readLayout(InputStream in, long size, Path file, String entry) throws IOException {
        String where = where(entry);
        if (size < MAGIC.length + 4) {
            throw new ModelFileException(file, where + "too short to be an NPY array (" + size + " bytes)");
        }
        byte[] start = readFully(in, MAGIC.length + 2, file, where);
        for (int i = 0; i < MAGIC.length; i++) {
            if (start[i] != MAGIC[i]) {
                throw new ModelFileException(file, where + "not an NPY array (bad magic string)");
            }
        }
        int major = start[6] & 0xff;
        int minor = start[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new ModelFileException(file, where + "unsupported NPY format version " + major + "." + minor
                    + " (1.0, 2.0 and 3.0 are read)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer lb = ByteBuffer.wrap(readFully(in, lengthBytes, file, where)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lb.getShort() & 0xffffL : lb.getInt() & 0xffffffffL;
        long preamble = MAGIC.length + 2L + lengthBytes;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new ModelFileException(file, where + "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_LENGTH + " bytes");
        }
        if (preamble + headerLength > size) {
            throw new ModelFileException(file, where + "truncated: the header needs " + (preamble + headerLength)
                    + " bytes but the array holds " + size);
        }
        NpyHeader header = parseHeader(readFully(in, (int) headerLength, file, where), major, file, where);
        Dtype dtype = Dtype.of(header.descr(), file, where);
        if (header.fortranOrder()) {
            throw new ModelFileException(file, where + "Fortran-order arrays are not supported; save with "
                    + "numpy.ascontiguousarray");
        }
        int[] shape = header.shape();
        if (shape.length > 2) {
            throw new ModelFileException(file, where + "shape " + NpyArray.shapeString(shape) + " has rank "
                    + shape.length + "; only ranks 0 to 2 are supported");
        }
        long count = 1;
        for (int d : shape) {
            count *= d; // at most two factors below 2^31: no overflow
        }
        long dataBytes = size - preamble - headerLength;
        if (count > MAX_ELEMENTS) {
            throw new ModelFileException(file, where + "shape " + NpyArray.shapeString(shape) + " holds " + count
                    + " values, more than a Java array can (and more than the " + dataBytes + " data bytes hold)");
        }
        if (count * dtype.size != dataBytes) {
            throw new ModelFileException(file, where + "shape " + NpyArray.shapeString(shape) + " of '"
                    + header.descr() + "' needs " + count + " x " + dtype.size + " data bytes but the array holds "
                    + dataBytes + (count * dtype.size > dataBytes ? " (truncated or forged shape)" : ""));
        }
        return new Layout(dtype, header.descr(), shape, count);
    }

    private static NpyHeader parseHeader(byte[] bytes, int major, Path file, String where) {
        String text;
        try {
            text = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFileException(file, where + "header is not valid UTF-8", e);
        }
        try {
            return NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, where + e.getMessage(), e);
        }
    }

    private static NpyArray readData(InputStream in, Dtype dtype, String descr, int[] shape, int count, Path file,
                                     String where) throws IOException {
        double[] doubles = dtype.floating ? new double[count] : null;
        long[] longs = dtype.floating ? null : new long[count];
        byte[] chunk = new byte[(int) Math.min(CHUNK, (long) count * dtype.size)];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = Math.max(1, chunk.length / dtype.size);
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            int bytes = n * dtype.size;
            if (in.readNBytes(chunk, 0, bytes) != bytes) {
                throw new ModelFileException(file, where + "truncated: the data end before value " + done + " of "
                        + count);
            }
            buf.clear();
            for (int i = 0; i < n; i++, done++) {
                switch (dtype) {
                    case F8 -> doubles[done] = buf.getDouble();
                    case F4 -> doubles[done] = buf.getFloat();
                    case I8 -> longs[done] = buf.getLong();
                    case I4 -> longs[done] = buf.getInt();
                    case U1 -> longs[done] = buf.get() & 0xff;
                    default -> throw new AssertionError(dtype);
                }
            }
        }
        return NpyArray.wrap(descr, shape, doubles, longs);
    }

    private static byte[] readFully(InputStream in, int n, Path file, String where) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new ModelFileException(file, where + "truncated: the NPY header ends early");
        }
        return b;
    }

    /** The dtypes read. */
    enum Dtype {
        F8("<f8", 8, true), F4("<f4", 4, true), I8("<i8", 8, false), I4("<i4", 4, false), U1("|u1", 1, false);

        final String descr;
        final int size;
        final boolean floating;

        Dtype(String descr, int size, boolean floating) {
            this.descr = descr;
            this.size = size;
            this.floating = floating;
        }

        static Dtype of(String descr, Path file, String where) {
            for (Dtype d : values()) {
                if (d.descr.equals(descr)) {
                    return d;
                }
            }
            if (descr.startsWith(">")) {
                throw new ModelFileException(file, where + "big-endian dtype '" + descr + "' is not supported; "
                        + "convert with astype('<" + descr.substring(1) + "')");
            }
            if (descr.endsWith("O")) {
                throw new ModelFileException(file, where + "object arrays (dtype '" + descr + "') are not supported");
            }
            throw new ModelFileException(file, where + "unsupported dtype '" + descr
                    + "' (supported: '<f8', '<f4', '<i8', '<i4', '|u1')");
        }
    }
}
