package io.github.dbn4j.core;

import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.internal.Labels;
import java.util.Arrays;

/**
 * Orders of the training cases for trainers that take their mini-batches from the rows in the
 * order given ({@code fixedBatches} in the configurations): arrange the rows once with one of
 * these (a {@code gatherRows} of the data and the same permutation of the labels), and every epoch
 * then sees the same mini-batches, as in the authors' Matlab code of the classic papers.
 */
public final class Batches {

    private Batches() {
    }

    /** A seeded random permutation of {@code 0 .. n-1}. */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, got " + n);
        }
        return RandomStream.of(seed).split(31).permutation(n, 0);
    }

    /**
     * A seeded order of the cases in which every run of consecutive cases holds the classes in
     * their overall proportions, as nearly as whole cases allow: with 4,400 cases of each of 10
     * classes, every mini-batch of 100 (taken from the start) holds exactly 10 of each, the
     * balanced mini-batches of Hinton, Osindero and Teh (2006). Each class is shuffled, its
     * {@code i}-th case of {@code n_c} placed at {@code (i + 1/2) / n_c}, and the cases sorted by
     * place (ties by class).
     *
     * @param labels the class of every case, each in {@code [0, classes)}
     */
    public static int[] balanced(int[] labels, int classes, long seed) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        int[] counts = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            Labels.check(labels, i, classes, "case");
            counts[labels[i]]++;
        }
        int[][] members = new int[classes][];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][fill[labels[i]]++] = i;
        }
        RandomStream rng = RandomStream.of(seed).split(32);
        Integer[] boxed = new Integer[labels.length];
        double[] place = new double[labels.length];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            int[] perm = rng.split(c).permutation(counts[c], 0);
            for (int i = 0; i < counts[c]; i++) {
                int row = members[c][perm[i]];
                place[row] = (i + 0.5) / counts[c];
                boxed[k++] = row;
            }
        }
        Arrays.sort(boxed, (a, b) -> {
            int byPlace = Double.compare(place[a], place[b]);
            return byPlace != 0 ? byPlace : Integer.compare(labels[a], labels[b]);
        });
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
