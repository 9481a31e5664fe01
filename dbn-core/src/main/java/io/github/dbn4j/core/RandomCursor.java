package io.github.dbn4j.core;

import io.github.dbn4j.api.RandomStream;

/**
 * A position in a {@link RandomStream}, advanced by the number of values each draw uses, so a
 * sequence of draws is reproducible from the seed alone. Not thread-safe.
 */
public final class RandomCursor {

    private final RandomStream stream;
    private long position;

    public RandomCursor(RandomStream stream) {
        this(stream, 0);
    }

    public RandomCursor(RandomStream stream, long position) {
        if (stream == null) {
            throw new IllegalArgumentException("stream is null");
        }
        this.stream = stream;
        this.position = position;
    }

    public RandomStream stream() {
        return stream;
    }

    /** The next unused position. */
    public long position() {
        return position;
    }

    /** Moves to {@code newPosition} (to resume a run from a checkpoint). */
    public void seek(long newPosition) {
        this.position = newPosition;
    }

    /** Reserves {@code count} positions and returns the first of them. */
    public long take(long count) {
        long p = position;
        position += count;
        return p;
    }
}
