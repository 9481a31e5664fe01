package io.github.dbn4j.core.data;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.internal.Labels;

/**
 * Cases with one class label each: grey images of unsigned bytes (e.g. one part of MNIST, read
 * from IDX, values {@code byte / 255}), or rows of real values in [0, 1] (from arrays or CSV),
 * with an image shape when one is known. Immutable; {@link #toMatrix} turns the values into
 * training data on a backend.
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

    /** The bytes of IDX images, or null. */
    private final Idx.Images images;
    /** Real values in [0, 1], row after row, or null. */
    private final double[] reals;
    private final int width;
    private final int imageRows;
    private final int imageCols;
    private final int[] labels;
    private final int classes;

    public LabelledImages(Idx.Images images, int[] labels, int classes) {
        this(images, null, images.size(), images.rows(), images.cols(), labels, classes);
    }

    private LabelledImages(Idx.Images images, double[] reals, int width, int imageRows, int imageCols, int[] labels,
                           int classes) {
        int count = images != null ? images.count() : reals.length / width;
        if (count != labels.length) {
            throw new IllegalArgumentException(count + " cases but " + labels.length + " labels");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        this.images = images;
        this.reals = reals;
        this.width = width;
        this.imageRows = imageRows;
        this.imageCols = imageCols;
        this.labels = labels.clone();
        this.classes = classes;
    }

    /**
     * Rows of real values.
     *
     * @param values    {@code labels.length x width} values in [0, 1], row-major (not copied)
     * @param width     values per case
     * @param labels    one label per case, each in {@code 0 .. classes-1}
     * @param classes   the number of classes
     * @param imageRows the image height when the values are images, else 0
     * @param imageCols the image width, else 0
     * @throws IllegalArgumentException naming the case and value that is not in [0, 1], the label
     *                                  out of range, or the sizes that disagree
     */
    public static LabelledImages ofValues(double[] values, int width, int[] labels, int classes, int imageRows,
                                          int imageCols) {
        if (width < 1 || values.length != (long) labels.length * width || labels.length == 0) {
            throw new IllegalArgumentException(values.length + " values are not " + labels.length + " cases of "
                    + width);
        }
        if ((imageRows != 0 || imageCols != 0) && (long) imageRows * imageCols != width) {
            throw new IllegalArgumentException("an image of " + imageRows + "x" + imageCols + " does not hold "
                    + width + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0 && values[i] <= 1)) {
                throw new IllegalArgumentException("case " + i / width + ", value " + i % width + " is " + values[i]
                        + ", outside [0, 1]");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            Labels.check(labels, i, classes, "case");
        }
        return new LabelledImages(null, values, width, imageRows, imageCols, labels, classes);
    }

    /** The same cases with an image shape ({@code rows x cols == width()}). */
    public LabelledImages withImageShape(int rows, int cols) {
        if ((long) rows * cols != width) {
            throw new IllegalArgumentException("an image of " + rows + "x" + cols + " does not hold the " + width
                    + " values of a case");
        }
        return new LabelledImages(images, reals, width, rows, cols, labels, classes);
    }

    /** Whether an image shape is known (from IDX, or given). */
    public boolean hasImageShape() {
        return imageRows > 0;
    }

    /** The image height, or 0 if no image shape is known. */
    public int imageRows() {
        return imageRows;
    }

    /** The image width, or 0 if no image shape is known. */
    public int imageCols() {
        return imageCols;
    }

    public int count() {
        return labels.length;
    }

    /** Values per case (pixels per image). */
    public int width() {
        return width;
    }

    /** The side of square images, or 0 when the images are not square or no image shape is known. */
    public int side() {
        return imageRows == imageCols ? imageRows : 0;
    }

    public int classes() {
        return classes;
    }

    /** The IDX images these cases were read from, or null for real values. */
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
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return pick(rows, 0, rows.length);
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
        int[] lab = new int[to - from];
        for (int i = from; i < to; i++) {
            lab[i - from] = labels[perm[i]];
        }
        if (images == null) {
            double[] v = new double[(to - from) * size];
            for (int i = from; i < to; i++) {
                System.arraycopy(reals, perm[i] * size, v, (i - from) * size, size);
            }
            return new LabelledImages(null, v, size, imageRows, imageCols, lab, classes);
        }
        byte[] px = new byte[(to - from) * size];
        for (int i = from; i < to; i++) {
            System.arraycopy(images.pixels(), perm[i] * size, px, (i - from) * size, size);
        }
        return new LabelledImages(new Idx.Images(to - from, images.rows(), images.cols(), px), null, size, imageRows,
                imageCols, lab, classes);
    }

    /** The values of cases {@code from .. to-1} as a row-major array. */
    public double[] values(int from, int to, Pixels mode, long seed) {
        int size = width();
        double[] out = new double[(to - from) * size];
        RandomStream rng = RandomStream.of(seed).split(41);
        for (int i = 0; i < out.length; i++) {
            long k = (long) from * size + i;
            double p = images == null ? reals[(int) k] : (images.pixels()[(int) k] & 0xff) / 255.0;
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
