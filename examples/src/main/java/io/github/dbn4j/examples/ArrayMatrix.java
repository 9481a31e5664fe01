package io.github.dbn4j.examples;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;

/** A FLOAT64 matrix of {@link ArrayBackend}: its values in one row-major {@code double[]}. */
public final class ArrayMatrix implements Matrix {

    final int rows;
    final int cols;
    final double[] data;

    ArrayMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.data = new double[Math.multiplyExact(rows, cols)];
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public String toString() {
        return "ArrayMatrix[" + shape() + "]";
    }
}
