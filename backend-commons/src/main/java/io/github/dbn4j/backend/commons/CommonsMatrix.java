package io.github.dbn4j.backend.commons;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import org.apache.commons.math3.linear.BlockRealMatrix;

/**
 * A matrix of the Commons Math backend: a {@link BlockRealMatrix} that wraps block arrays this
 * class keeps a reference to, so element-wise operations can run over the blocks directly
 * (two matrices of the same shape have the same block layout).
 */
public final class CommonsMatrix implements Matrix {

    final BlockRealMatrix m;
    final double[][] blocks;

    CommonsMatrix(int rows, int cols) {
        this.blocks = BlockRealMatrix.createBlocksLayout(rows, cols);
        this.m = new BlockRealMatrix(rows, cols, blocks, false);
    }

    /** The underlying Commons Math matrix (shared, not a copy). */
    public BlockRealMatrix unwrap() {
        return m;
    }

    @Override
    public int rows() {
        return m.getRowDimension();
    }

    @Override
    public int cols() {
        return m.getColumnDimension();
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public String toString() {
        return "CommonsMatrix[" + shape() + "]";
    }
}
