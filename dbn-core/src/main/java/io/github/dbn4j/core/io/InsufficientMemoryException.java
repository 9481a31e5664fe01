package io.github.dbn4j.core.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A file holds more data than this JVM has heap left to read it into. Thrown before anything
 * is allocated, so the program loses nothing and can say how to give it more memory. The
 * message names the file, what is large, the bytes it needs and the bytes left.
 */
public final class InsufficientMemoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Room kept free beyond the array itself, for the reader's buffers and what the caller builds next. */
    static final long SLACK = 32L << 20;

    private final long needed;
    private final long available;
    private final long maximum;

    private InsufficientMemoryException(Path file, String what, long needed, long available, long maximum) {
        super(file + ": " + what + " needs " + size(needed) + " of memory but this JVM has " + size(available)
                + " of heap left (maximum heap " + size(maximum) + ")");
        this.needed = needed;
        this.available = available;
        this.maximum = maximum;
    }

    /**
     * Throws unless {@code bytes} (and some slack) fit in the heap that is left; runs the garbage
     * collector once before it gives up.
     *
     * @param bytes the memory the data will take once read
     * @param file  the file, for the message
     * @param what  what is large, e.g. "entry 'W.npy', shape (12000, 12000)"
     * @throws InsufficientMemoryException if it does not fit
     */
    public static void require(long bytes, Path file, String what) {
        if (bytes + SLACK <= heapLeft()) {
            return;
        }
        System.gc(); // only on the way to a refusal: garbage may be counted as used
        long available = heapLeft();
        if (bytes + SLACK > available) {
            throw new InsufficientMemoryException(file, what, bytes, Math.max(0, available - SLACK),
                    Runtime.getRuntime().maxMemory());
        }
    }

    private static long heapLeft() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /** The bytes the data needed. */
    public long needed() {
        return needed;
    }

    /** The heap that was left, in bytes. */
    public long available() {
        return available;
    }

    /** The JVM's maximum heap ({@code -Xmx}), in bytes. */
    public long maximum() {
        return maximum;
    }

    /** Bytes as MiB or GiB with three significant figures, e.g. {@code 1.07 GiB}. */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.3g GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.3g MiB", bytes / (double) (1L << 20));
    }
}
