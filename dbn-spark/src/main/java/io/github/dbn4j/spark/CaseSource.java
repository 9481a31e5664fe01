package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.BatchSource;
import java.util.List;

/**
 * The cases of one partition as a {@link BatchSource}: a batch copies only its own rows, so a
 * round of a few mini-batches costs nothing in proportion to the partition's size. With
 * {@code classes > 0} it gives the cases' labels one-hot instead of their values.
 */
final class CaseSource implements BatchSource {

    private final Backend backend;
    private final List<Case> cases;
    private final int cols;
    private final boolean labels;
    private double[] buffer = new double[0];

    private CaseSource(Backend backend, List<Case> cases, int cols, boolean labels) {
        this.backend = backend;
        this.cases = cases;
        this.cols = cols;
        this.labels = labels;
    }

    static CaseSource values(Backend backend, List<Case> cases, int width) {
        return new CaseSource(backend, cases, width, false);
    }

    static CaseSource labels(Backend backend, List<Case> cases, int classes) {
        return new CaseSource(backend, cases, classes, true);
    }

    @Override
    public int rows() {
        return cases.size();
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void fill(int[] order, int offset, Matrix out) {
        int n = out.rows() * cols;
        if (buffer.length != n) {
            buffer = new double[n];
        }
        for (int i = 0; i < out.rows(); i++) {
            Case c = cases.get(order[offset + i]);
            if (labels) {
                java.util.Arrays.fill(buffer, i * cols, (i + 1) * cols, 0.0);
                buffer[i * cols + c.label()] = 1.0;
            } else {
                System.arraycopy(c.values(), 0, buffer, i * cols, cols);
            }
        }
        backend.set(out, buffer);
    }
}
