package io.github.dbn4j.core.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The byte layout of dbn4j's native model files (described in {@link ModelFiles}): writing a
 * set of named arrays and texts, and reading them back with the magic, version, length and
 * checksum verified before anything is parsed, and every length checked against the bytes that
 * remain before anything is allocated.
 */
final class NativeFormat {

    static final byte[] MAGIC = "DBN4JMDL".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic, version, total length, kind, precision, entry count. */
    static final int HEADER = 8 + 4 + 8 + 1 + 1 + 4;
    static final int CHECKSUM = 4;
    static final int PRECISION_FLOAT64 = 8;

    static final byte TYPE_FLOAT64 = 1;
    static final byte TYPE_INT64 = 2;
    static final byte TYPE_TEXT = 3;

    private static final int MAX_NAME = 256;
    private static final int MAX_TEXT = 1 << 20;
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;

    /** What a file holds. */
    record Content(int kind, Map<String, NpyArray> arrays, Map<String, String> texts) {
    }

    private NativeFormat() {
    }

    static void write(OutputStream raw, Content content) throws IOException {
        long length = HEADER + CHECKSUM;
        for (Map.Entry<String, NpyArray> e : content.arrays().entrySet()) {
            length += 2 + utf8(e.getKey()).length + 1 + 1 + 4L * e.getValue().rank() + 8L * e.getValue().size();
        }
        for (Map.Entry<String, String> e : content.texts().entrySet()) {
            length += 2 + utf8(e.getKey()).length + 1 + 4 + utf8(e.getValue()).length;
        }
        CRC32C crc = new CRC32C();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(length);
        out.writeByte(content.kind());
        out.writeByte(PRECISION_FLOAT64);
        out.writeInt(content.arrays().size() + content.texts().size());
        for (Map.Entry<String, NpyArray> e : content.arrays().entrySet()) {
            NpyArray a = e.getValue();
            writeName(out, e.getKey());
            out.writeByte(a.isInteger() ? TYPE_INT64 : TYPE_FLOAT64);
            out.writeByte(a.rank());
            for (int d : a.shapeView()) {
                out.writeInt(d);
            }
            writeValues(out, a);
        }
        for (Map.Entry<String, String> e : content.texts().entrySet()) {
            writeName(out, e.getKey());
            out.writeByte(TYPE_TEXT);
            byte[] text = utf8(e.getValue());
            out.writeInt(text.length);
            out.write(text);
        }
        out.flush();
        new DataOutputStream(raw).writeInt((int) crc.getValue());
    }

    private static void writeName(DataOutputStream out, String name) throws IOException {
        byte[] b = utf8(name);
        if (b.length == 0 || b.length > MAX_NAME) {
            throw new IllegalArgumentException("entry name '" + name + "' must have 1 to " + MAX_NAME + " bytes");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    private static void writeValues(OutputStream out, NpyArray a) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long[] longs = a.longsView();
        double[] doubles = longs == null ? a.doublesView() : null;
        int n = a.size();
        for (int i = 0; i < n; i++) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            if (longs != null) {
                buf.putLong(longs[i]);
            } else {
                buf.putDouble(doubles[i]);
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a file, verifying magic, version, length and checksum first.
     *
     * @throws ModelFileException naming the file and the problem
     */
    static Content read(Path file) {
        try {
            long size = Files.size(file);
            verify(file, size);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
                return parse(new Cursor(new DataInputStream(in), size - CHECKSUM, file));
            }
        } catch (EOFException e) {
            throw new ModelFileException(file, "truncated: the file ended while being read", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        }
    }

    private static void verify(Path file, long size) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER);
        }
        int magicLength = Math.min(head.length, MAGIC.length);
        for (int i = 0; i < magicLength; i++) {
            if (head[i] != MAGIC[i]) {
                throw new ModelFileException(file, "not a dbn4j model file (no " + new String(MAGIC,
                        StandardCharsets.US_ASCII) + " magic" + (ModelFormat.isZip(head) ? "; it looks like an npz "
                        + "archive, which ModelNpz reads)" : ")"));
            }
        }
        if (head.length < HEADER) {
            throw new ModelFileException(file, "truncated: expected at least " + (HEADER + CHECKSUM)
                    + " bytes, found " + head.length);
        }
        ByteBuffer b = ByteBuffer.wrap(head, MAGIC.length, HEADER - MAGIC.length);
        int version = b.getInt();
        if (version > VERSION) {
            throw new ModelFileException(file, "format version " + version + " is newer than this build reads ("
                    + VERSION + ")");
        }
        if (version < 1) {
            throw new ModelFileException(file, "format version " + version + " is not valid");
        }
        long declared = b.getLong();
        if (declared < HEADER + CHECKSUM) {
            throw new ModelFileException(file, "corrupt header: declared length " + declared + " is too short");
        }
        if (size < declared) {
            throw new ModelFileException(file, "truncated: expected " + declared + " bytes, found " + size);
        }
        if (size > declared) {
            throw new ModelFileException(file, "expected " + declared + " bytes but found " + size
                    + ": trailing data after the model");
        }
        CRC32C crc = new CRC32C();
        int stored;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK];
            for (long left = size - CHECKSUM; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new ModelFileException(file, "truncated: the file shrank while being read");
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            stored = new DataInputStream(in).readInt();
        }
        if (stored != (int) crc.getValue()) {
            throw new ModelFileException(file, String.format("checksum mismatch (stored %08x, computed %08x): the "
                    + "file is corrupt", stored, (int) crc.getValue()));
        }
    }

    private static Content parse(Cursor c) throws IOException {
        c.skip(MAGIC.length + 4 + 8);
        int kind = c.readByte();
        int precision = c.readByte();
        if (precision != PRECISION_FLOAT64) {
            throw c.error("storage precision code " + precision + " is not supported (this build reads float64, code "
                    + PRECISION_FLOAT64 + ")");
        }
        int count = c.readInt();
        if (count < 0 || count > c.remaining() / 4) {
            throw c.error("corrupt: " + count + " entries cannot fit in the " + c.remaining() + " bytes left");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int nameLength = c.readShort();
            if (nameLength < 1 || nameLength > MAX_NAME) {
                throw c.error("corrupt: entry " + i + " has a name of " + nameLength + " bytes");
            }
            String name = new String(c.readBytes(nameLength), StandardCharsets.UTF_8);
            if (arrays.containsKey(name) || texts.containsKey(name)) {
                throw c.error("entry '" + name + "' appears twice");
            }
            int type = c.readByte();
            if (type == TYPE_TEXT) {
                int length = c.readInt();
                if (length < 0 || length > MAX_TEXT || length > c.remaining()) {
                    throw c.error("corrupt: text entry '" + name + "' claims " + length + " bytes");
                }
                texts.put(name, new String(c.readBytes(length), StandardCharsets.UTF_8));
            } else if (type == TYPE_FLOAT64 || type == TYPE_INT64) {
                arrays.put(name, readArray(c, name, type == TYPE_INT64));
            } else {
                throw c.error("corrupt: entry '" + name + "' has unknown type " + type);
            }
        }
        if (c.remaining() != 0) {
            throw c.error("corrupt: " + c.remaining() + " bytes after the last entry");
        }
        return new Content(kind, arrays, texts);
    }

    private static NpyArray readArray(Cursor c, String name, boolean integer) throws IOException {
        int rank = c.readByte();
        if (rank < 1 || rank > 2) {
            throw c.error("corrupt: array '" + name + "' has rank " + rank);
        }
        int[] shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = c.readInt();
            if (shape[d] < 0) {
                throw c.error("corrupt: array '" + name + "' has dimension " + shape[d]);
            }
            count *= shape[d];
        }
        if (count > MAX_ELEMENTS || count * 8 > c.remaining()) {
            throw c.error("corrupt: array '" + name + "' of shape " + NpyArray.shapeString(shape) + " needs "
                    + count + " x 8 bytes but only " + c.remaining() + " remain");
        }
        InsufficientMemoryException.require(count * 8, c.file, "array '" + name + "' of shape "
                + NpyArray.shapeString(shape));
        int n = (int) count;
        double[] doubles = integer ? null : new double[n];
        long[] longs = integer ? new long[n] : null;
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        for (int done = 0; done < n; ) {
            int m = Math.min(CHUNK / 8, n - done);
            c.in.readFully(chunk, 0, m * 8);
            c.pos += m * 8L;
            buf.clear();
            if (integer) {
                buf.asLongBuffer().get(longs, done, m);
            } else {
                buf.asDoubleBuffer().get(doubles, done, m);
            }
            done += m;
        }
        return NpyArray.wrap(integer ? NpyArray.INT64 : NpyArray.FLOAT64, shape, doubles, longs);
    }

    /** A stream with the count of bytes read and the end of the content (before the checksum). */
    private static final class Cursor {
        final DataInputStream in;
        final long end;
        final Path file;
        long pos;

        Cursor(DataInputStream in, long end, Path file) {
            this.in = in;
            this.end = end;
            this.file = file;
        }

        long remaining() {
            return end - pos;
        }

        ModelFileException error(String problem) {
            return new ModelFileException(file, problem + " (at byte " + pos + ")");
        }

        private void need(long n) {
            if (n > remaining()) {
                throw error("corrupt: " + n + " more bytes needed but only " + remaining() + " remain");
            }
        }

        void skip(int n) throws IOException {
            need(n);
            in.readFully(new byte[n]);
            pos += n;
        }

        int readByte() throws IOException {
            need(1);
            pos++;
            return in.readUnsignedByte();
        }

        int readShort() throws IOException {
            need(2);
            pos += 2;
            return in.readUnsignedShort();
        }

        int readInt() throws IOException {
            need(4);
            pos += 4;
            return in.readInt();
        }

        byte[] readBytes(int n) throws IOException {
            need(n);
            byte[] b = new byte[n];
            in.readFully(b);
            pos += n;
            return b;
        }
    }
}
