package io.github.dbn4j.backend.nd4j;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A matrix of the ND4J backend: a contiguous, 'c'-ordered {@link INDArray} of an explicit data
 * type, with a direct NIO view of its native buffer for the few operations that touch elements
 * from Java (random fills, row gathers, transfers) without an intermediate Java array.
 */
public final class Nd4jMatrix implements Matrix {

    final INDArray array;
    final Precision precision;
    private final int rows;
    private final int cols;
    /** View of the native data when FLOAT32, else null. */
    final FloatBuffer floats;
    /** View of the native data when FLOAT64, else null. */
    final DoubleBuffer doubles;
    /** The native data for BLAS calls when FLOAT32, else null. */
    final FloatPointer fp;
    /** The native data for BLAS calls when FLOAT64, else null. */
    final DoublePointer dp;

    Nd4jMatrix(INDArray array, Precision precision) {
        this.array = array;
        this.precision = precision;
        this.rows = array.rows();
        this.cols = array.columns();
        if (array.offset() != 0 || array.ordering() != 'c' || array.rank() != 2) {
            throw new IllegalArgumentException("expected a contiguous 'c'-ordered matrix at offset 0, got shape "
                    + java.util.Arrays.toString(array.shape()) + ", ordering " + array.ordering()
                    + ", offset " + array.offset());
        }
        Pointer address = array.data().addressPointer();
        if (precision == Precision.FLOAT32) {
            this.floats = array.data().asNioFloat();
            this.doubles = null;
            this.fp = new FloatPointer(address);
            this.dp = null;
        } else {
            this.floats = null;
            this.doubles = array.data().asNioDouble();
            this.fp = null;
            this.dp = new DoublePointer(address);
        }
    }

    /** The underlying array (shared, not a copy). */
    public INDArray unwrap() {
        return array;
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
        return precision;
    }

    double get(int i) {
        return floats != null ? floats.get(i) : doubles.get(i);
    }

    void put(int i, double v) {
        if (floats != null) {
            floats.put(i, (float) v);
        } else {
            doubles.put(i, v);
        }
    }

    @Override
    public String toString() {
        return "Nd4jMatrix[" + shape() + ", " + precision + "]";
    }
}
