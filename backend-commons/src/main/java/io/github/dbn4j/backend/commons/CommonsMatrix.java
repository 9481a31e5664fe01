package io.github.dbn4j.backend.commons;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import org.apache.commons.math3.linear.BlockRealMatrix;

/**
 * A matrix of the Commons Math backend: a {@link BlockRealMatrix} that wraps block arrays this
 * class keeps a reference to, so operations can run over the blocks directly, without the
 * library's per-call objects (two matrices of the same shape have the same block layout).
 */
public final class CommonsMatrix implements Matrix {

    /** Commons Math's block side: blocks are {@code B x B} but at the right and bottom edges. */
    static final int B = BlockRealMatrix.BLOCK_SIZE;

    final BlockRealMatrix m;
    final double[][] blocks;
    final int rows;
    final int cols;
    /** Number of block columns: blocks are stored row by row, each block row-major. */
    final int blockColumns;

    CommonsMatrix(int rows, int cols) {
        this.blocks = BlockRealMatrix.createBlocksLayout(rows, cols);
        this.m = new BlockRealMatrix(rows, cols, blocks, false);
        this.rows = rows;
        this.cols = cols;
        this.blockColumns = (cols + B - 1) / B;
    }

    /** Width of the blocks in block column {@code bj}. */
    int blockWidth(int bj) {
        return Math.min(B, cols - bj * B);
    }

    /** Element (i, j), read from its block. */
    double get(int i, int j) {
        int bi = i / B;
        int bj = j / B;
        return blocks[bi * blockColumns + bj][(i - bi * B) * blockWidth(bj) + (j - bj * B)];
    }

    void set(int i, int j, double v) {
        int bi = i / B;
        int bj = j / B;
        blocks[bi * blockColumns + bj][(i - bi * B) * blockWidth(bj) + (j - bj * B)] = v;
    }

    /** The underlying Commons Math matrix (shared, not a copy). */
    public BlockRealMatrix unwrap() {
        return m;
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
        return "CommonsMatrix[" + shape() + "]";
    }
}
