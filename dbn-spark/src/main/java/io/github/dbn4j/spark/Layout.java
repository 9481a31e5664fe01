package io.github.dbn4j.spark;

import io.github.dbn4j.core.rbm.VisibleUnits;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The checked shape of a distributed data set: its width, and the cases in each non-empty
 * partition (a slice). Made by one Spark job that reads every case before any training, and
 * throws on the first bad case by partition and position.
 */
final class Layout {

    /** Slice index of each partition, -1 for an empty one. */
    final int[] slice;
    /** Cases per slice. */
    final int[] rows;
    final long total;
    final int width;

    private Layout(int[] slice, int[] rows, long total, int width) {
        this.slice = slice;
        this.rows = rows;
        this.total = total;
        this.width = width;
    }

    int slices() {
        return rows.length;
    }

    /** One partition's report. */
    record Report(int partition, long cases, int width, String error) implements Serializable {
    }

    /**
     * Reads every case once and checks it against the visible units (Bernoulli: values in [0, 1],
     * or 0 and 1 when {@code strict}; Gaussian or a classifier's inputs: finite) and the label
     * units (none when {@code classes} is 0).
     *
     * @throws IllegalArgumentException naming the partition, the case and the problem
     */
    static Layout check(JavaRDD<Case> data, VisibleUnits units, boolean strict, int classes) {
        int partitions = data.getNumPartitions();
        if (partitions == 0) {
            throw new IllegalArgumentException("no training cases: the data set has no partitions");
        }
        List<Report> reports = data.mapPartitionsWithIndex(
                (p, it) -> List.of(report(p, it, units, strict, classes)).iterator(), true).collect();
        int width = -1;
        for (Report r : reports) {
            if (r.error() != null) {
                throw new IllegalArgumentException("training data, partition " + r.partition() + ", " + r.error());
            }
            if (r.cases() > 0) {
                if (width < 0) {
                    width = r.width();
                } else if (r.width() != width) {
                    throw new IllegalArgumentException("training data: partition " + r.partition() + " has cases of "
                            + r.width() + " values, but earlier partitions have " + width);
                }
            }
        }
        if (width < 0) {
            throw new IllegalArgumentException("no training cases: all " + partitions + " partitions are empty");
        }
        int[] slice = new int[partitions];
        List<Integer> rows = new ArrayList<>();
        long total = 0;
        for (Report r : reports) {
            if (r.cases() == 0) {
                slice[r.partition()] = -1;
            } else {
                if (r.cases() > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("training data, partition " + r.partition() + ": " + r.cases()
                            + " cases; repartition to fewer than 2^31 a partition");
                }
                slice[r.partition()] = rows.size();
                rows.add((int) r.cases());
                total += r.cases();
            }
        }
        return new Layout(slice, rows.stream().mapToInt(Integer::intValue).toArray(), total, width);
    }

    static Report report(int partition, Iterator<Case> it, VisibleUnits units, boolean strict, int classes) {
        long n = 0;
        int width = -1;
        while (it.hasNext()) {
            Case c = it.next();
            String where = "case " + n + ": ";
            if (c == null || c.values() == null) {
                return new Report(partition, n, width, where + "no values");
            }
            double[] v = c.values();
            if (width < 0) {
                if (v.length == 0) {
                    return new Report(partition, n, width, where + "no values");
                }
                width = v.length;
            } else if (v.length != width) {
                return new Report(partition, n, width, where + v.length + " values, but the cases before it have "
                        + width);
            }
            for (int j = 0; j < v.length; j++) {
                double x = v[j];
                if (!Double.isFinite(x)) {
                    return new Report(partition, n, width, where + "value " + x + " at column " + j
                            + " is not finite");
                }
                if (units == VisibleUnits.BERNOULLI) {
                    if (strict ? x != 0 && x != 1 : x < 0 || x > 1) {
                        return new Report(partition, n, width, where + "value " + x + " at column " + j + " is not "
                                + (strict ? "0 or 1 (strictly binary visible units)"
                                : "in [0, 1] (Bernoulli visible units)"));
                    }
                }
            }
            if (classes > 0 && (c.label() < 0 || c.label() >= classes)) {
                String label = c.label() == Case.NO_LABEL ? "no label"
                        : c.label() == Case.NOT_A_CLASS ? "a label that is not a whole number" : "label " + c.label();
                return new Report(partition, n, width, where + label + ", but the model has " + classes
                        + " classes (labels 0 to " + (classes - 1) + ")");
            }
            n++;
        }
        return new Report(partition, n, width, null);
    }
}
