package io.github.dbn4j.backend.ejml;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import org.ejml.data.FMatrixRMaj;

/** A FLOAT32 matrix of the EJML backend: a row-major {@link FMatrixRMaj}. */
public final class EjmlFloatMatrix implements Matrix {

    final FMatrixRMaj m;

    EjmlFloatMatrix(FMatrixRMaj m) {
        this.m = m;
    }

    /** The underlying EJML matrix (shared, not a copy), for callers that want EJML's own ops. */
    public FMatrixRMaj unwrap() {
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
        return Precision.FLOAT32;
    }

    @Override
    public String toString() {
        return "EjmlFloatMatrix[" + shape() + "]";
    }
}
