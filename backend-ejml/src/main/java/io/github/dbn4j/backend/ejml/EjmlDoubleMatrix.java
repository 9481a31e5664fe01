package io.github.dbn4j.backend.ejml;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import org.ejml.data.DMatrixRMaj;

/** A FLOAT64 matrix of the EJML backend: a row-major {@link DMatrixRMaj}. */
public final class EjmlDoubleMatrix implements Matrix {

    final DMatrixRMaj m;

    EjmlDoubleMatrix(DMatrixRMaj m) {
        this.m = m;
    }

    /** The underlying EJML matrix (shared, not a copy), for callers that want EJML's own ops. */
    public DMatrixRMaj unwrap() {
        return m;
    }

    @Override
    public int rows() {
        return m.numRows;
    }

    @Override
    public int cols() {
        return m.numCols;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public String toString() {
        return "EjmlDoubleMatrix[" + shape() + "]";
    }
}
