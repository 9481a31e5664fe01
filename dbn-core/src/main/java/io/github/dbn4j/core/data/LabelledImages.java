package io.github.dbn4j.core.data;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;

/**
 * Grey images (unsigned bytes) with one class label each, e.g. one part of MNIST. Immutable;
 * {@link #toMatrix} turns the pixels into training data on a backend.
 */
public final class LabelledImages {

    /** How pixel bytes become values. */
    public enum Pixels {
        /** {@code value / 255}, in [0, 1]. */
        SCALED,
        /** 1 where {@code value / 255 >= 0.5}, else 0. */
        THRESHOLD,
        /** 1 with probability {@code value / 255} ({@code u < p}, seeded), else 0. */
        STOCHASTIC
    }

    private final Idx.Images images;
    private final int[] labels;
    private final int classes;

    public LabelledImages(Idx.Images images, int[] labels, int classes) {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
        }
        this.images = images;
        this.labels = labels.clone();
        this.classes = classes;
    }

    public int count() {
        return labels.length;
    }

    /** Pixels per image. */
    public int width() {
        return images.size();
    }

    public int side() {
        return images.rows();
    }

    public int classes() {
        return classes;
    }

    public Idx.Images images() {
        return images;
    }

    /** The labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** The first {@code n} cases (all of them if there are fewer). */
    public LabelledImages head(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one case, got " + n);
        }
        return range(0, Math.min(n, count()));
    }

    /** Cases {@code from .. to-1}. */
    public LabelledImages range(int from, int to) {
        if (from < 0 || to > count() || from >= to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " is not within 0.." + count());
        }
        int size = width();
        byte[] px = java.util.Arrays.copyOfRange(images.pixels(), from * size, to * size);
        return new LabelledImages(new Idx.Images(to - from, images.rows(), images.cols(), px),
                java.util.Arrays.copyOfRange(labels, from, to), classes);
    }

    /**
     * A deterministic split into training and validation cases: the last {@code validation} cases
     * of a seeded permutation are held out. Returns {training, validation}.
     */
    public LabelledImages[] split(int validation, long seed) {
        if (validation < 1 || validation >= count()) {
            throw new IllegalArgumentException("validation size " + validation + " must be between 1 and "
                    + (count() - 1));
        }
        int[] perm = RandomStream.of(seed).split(31).permutation(count(), 0);
        return new LabelledImages[] {pick(perm, 0, count() - validation), pick(perm, count() - validation, count())};
    }

    /** The cases at {@code rows} (any order, repeats allowed), each index within {@code 0 .. count()-1}. */
    public LabelledImages select(int[] rows) {
        for (int r : rows) {
            if (r < 0 || r >= count()) {
                throw new IllegalArgumentException("case " + r + " is not within 0.." + (count() - 1));
            }
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("need at least one case, got none");
        }
        return pick(rows, 0, rows.length);
    }

    private LabelledImages pick(int[] perm, int from, int to) {
        int size = width();
        byte[] px = new byte[(to - from) * size];
        int[] lab = new int[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(images.pixels(), perm[i] * size, px, (i - from) * size, size);
            lab[i - from] = labels[perm[i]];
        }
        return new LabelledImages(new Idx.Images(to - from, images.rows(), images.cols(), px), lab, classes);
    }

    /** Pixel values of cases {@code from .. to-1} as a row-major array. */
    public double[] values(int from, int to, Pixels mode, long seed) {
        int size = width();
        double[] out = new double[(to - from) * size];
        RandomStream rng = RandomStream.of(seed).split(41);
        for (int i = 0; i < out.length; i++) {
            long k = (long) from * size + i;
            double p = (images.pixels()[(int) k] & 0xff) / 255.0;
            out[i] = switch (mode) {
                case SCALED -> p;
                case THRESHOLD -> p >= 0.5 ? 1 : 0;
                case STOCHASTIC -> rng.uniform(k) < p ? 1 : 0;
            };
        }
        return out;
    }

    /** All pixels as an {@code n x width} matrix on a backend, streamed in chunks of 1000 rows. */
    public Matrix toMatrix(Backend backend, Pixels mode, long seed) {
        Matrix m = backend.create(count(), width());
        for (int start = 0; start < count(); start += 1000) {
            int end = Math.min(count(), start + 1000);
            backend.setRows(m, start, values(start, end, mode, seed));
        }
        return m;
    }
}
