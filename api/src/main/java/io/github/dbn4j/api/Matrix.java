package io.github.dbn4j.api;

/**
 * A dense, row-major, two-dimensional matrix owned by one {@link Backend}.
 *
 * <p>A matrix is a handle: its values live wherever the backend keeps them (a Java array, a
 * native buffer) and are read and written only through the backend's operations, or copied
 * out with {@link Backend#toArray(Matrix)}. A matrix must only be passed to the backend that
 * created it. Matrices are not thread-safe.
 */
public interface Matrix {

    /** Number of rows, at least 1. */
    int rows();

    /** Number of columns, at least 1. */
    int cols();

    /** The precision every element is stored in. */
    Precision precision();

    /** Number of elements, {@code rows() * cols()}. */
    default long size() {
        return (long) rows() * cols();
    }

    /** The shape as {@code rows x cols}, for messages. */
    default String shape() {
        return rows() + "x" + cols();
    }
}
