package io.github.dbn4j.core.data;

import io.github.dbn4j.core.io.InsufficientMemoryException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the IDX format of the MNIST files (LeCun et al.), raw or gzip-compressed: a magic
 * number {@code 0x0000 TT DD} (type {@code 0x08}, unsigned bytes; {@code DD} dimensions), the
 * dimensions as big-endian 32-bit integers, then the data. Everything is checked: magic, type,
 * number and size of dimensions, and that the file holds exactly the data the header announces,
 * no less and no more. A forged header cannot make the reader allocate more than the file holds.
 */
public final class Idx {

    /** Largest number of data bytes accepted (MNIST's training images are 47,040,000). */
    public static final long MAX_BYTES = 1L << 30;
    /** Deflate cannot expand by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private Idx() {
    }

    /** Images: {@code count} images of {@code rows x cols} unsigned bytes, row-major, image after image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixels per image. */
        public int size() {
            return rows * cols;
        }

        /** Pixel {@code k} of image {@code i}, 0..255. */
        public int pixel(int i, int k) {
            return pixels[i * size() + k] & 0xff;
        }
    }

    /** Reads an image file (three dimensions). */
    public static Images readImages(Path file) {
        Parsed p = read(file, 3);
        return new Images(p.dims[0], p.dims[1], p.dims[2], p.data);
    }

    /**
     * Reads a label file (one dimension) and checks every label is below {@code classes}.
     */
    public static int[] readLabels(Path file, int classes) {
        return labels(read(file, 1), file, classes);
    }

    private static int[] labels(Parsed p, Path file, int classes) {
        int[] labels = new int[p.dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = p.data[i] & 0xff;
            if (labels[i] >= classes) {
                throw new DataFileException(file, "label " + labels[i] + " at index " + i + " is outside 0.."
                        + (classes - 1));
            }
        }
        return labels;
    }

    private record Parsed(int[] dims, byte[] data) {
    }

    /**
     * The dimensions a file's header announces (e.g. {@code {60000, 28, 28}} for images), after
     * every check that needs no data: magic, type, sizes against the file (or what its gzip
     * stream can inflate to) and against the memory left. Reads only the header.
     *
     * @param expectedDims 3 for images, 1 for labels
     */
    public static int[] dimensions(Path file, int expectedDims) {
        return read(file, expectedDims, true).dims;
    }

    private static Parsed read(Path file, int expectedDims) {
        return read(file, expectedDims, false);
    }

    private static Parsed read(Path file, int expectedDims, boolean headerOnly) {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file, expectedDims, Files.size(file), headerOnly);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e + ")", e);
        }
    }

    /** Reads images from a stream (raw or gzip); {@code name} is used in messages. */
    public static Images readImages(InputStream in, Path name) {
        Parsed p = read(in, name, 3, Long.MAX_VALUE, false);
        return new Images(p.dims[0], p.dims[1], p.dims[2], p.data);
    }

    /** Reads labels from a stream (raw or gzip); {@code name} is used in messages. */
    public static int[] readLabels(InputStream in, Path name, int classes) {
        return labels(read(in, name, 1, Long.MAX_VALUE, false), name, classes);
    }

    private static Parsed read(InputStream stream, Path file, int expectedDims, long size, boolean headerOnly) {
        try {
            InputStream raw = new BufferedInputStream(stream, 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            long inflatedAtMost = !gzip || size == Long.MAX_VALUE ? Long.MAX_VALUE
                    : size * MAX_DEFLATE_RATIO + 1024;
            return parse(file, in, expectedDims, gzip ? Long.MAX_VALUE : size, inflatedAtMost, headerOnly);
        } catch (ZipException e) {
            throw new DataFileException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataFileException(file, "truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e + ")", e);
        }
    }

    private static Parsed parse(Path file, InputStream in, int expectedDims, long fileSize, long inflatedAtMost,
                                boolean headerOnly) throws IOException {
        byte[] header = readFully(in, 4, "the 4-byte magic number");
        if (header[0] != 0 || header[1] != 0) {
            throw new DataFileException(file, String.format("not an IDX file: magic number %02x%02x%02x%02x does not "
                    + "start with two zero bytes", header[0], header[1], header[2], header[3]));
        }
        if (header[2] != 0x08) {
            throw new DataFileException(file, String.format("IDX data type 0x%02x is not 0x08 (unsigned byte)",
                    header[2]));
        }
        int dims = header[3];
        if (dims != expectedDims) {
            throw new DataFileException(file, "has " + dims + " dimensions, expected " + expectedDims
                    + (expectedDims == 3 ? " (images)" : " (labels)"));
        }
        byte[] dimBytes = readFully(in, 4L * dims, "the dimension sizes");
        int[] sizes = new int[dims];
        long total = 1;
        for (int d = 0; d < dims; d++) {
            sizes[d] = ((dimBytes[4 * d] & 0xff) << 24) | ((dimBytes[4 * d + 1] & 0xff) << 16)
                    | ((dimBytes[4 * d + 2] & 0xff) << 8) | (dimBytes[4 * d + 3] & 0xff);
            if (sizes[d] <= 0) {
                throw new DataFileException(file, "dimension " + d + " has size " + sizes[d] + "; sizes must be positive");
            }
            total *= sizes[d];
            if (total > MAX_BYTES) {
                throw new DataFileException(file, "header announces more than " + MAX_BYTES + " data bytes");
            }
        }
        long headerBytes = 4 + 4L * dims;
        if (fileSize != Long.MAX_VALUE && fileSize != headerBytes + total) {
            throw new DataFileException(file, (fileSize < headerBytes + total ? "truncated" : "has trailing data")
                    + ": the header announces " + total + " data bytes (file of " + (headerBytes + total)
                    + " bytes) but the file has " + fileSize + " bytes");
        }
        if (headerBytes + total > inflatedAtMost) {
            throw new DataFileException(file, "the header announces " + total + " data bytes, more than its "
                    + "gzip stream can inflate to (at most " + inflatedAtMost + " bytes)");
        }
        // the buffer grows by doubling as the data arrive: at the last step the old half and the new whole
        InsufficientMemoryException.require(total + total / 2, file, "the header's " + total + " data bytes");
        if (headerOnly) {
            return new Parsed(sizes, null);
        }
        byte[] data = readFully(in, total, total + " data bytes");
        if (in.read() != -1) {
            throw new DataFileException(file, "has trailing data after the " + total + " data bytes the header announces");
        }
        return new Parsed(sizes, data);
    }

    /** Reads exactly {@code n} bytes, growing the buffer as data arrives so a forged length allocates nothing. */
    private static byte[] readFully(InputStream in, long n, String what) throws IOException {
        int chunk = (int) Math.min(n, 1 << 20);
        byte[] out = new byte[chunk];
        int have = 0;
        while (have < n) {
            if (have == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            int r = in.read(out, have, out.length - have);
            if (r < 0) {
                throw new EOFException("ended after " + have + " of " + what);
            }
            have += r;
        }
        return out;
    }
}
