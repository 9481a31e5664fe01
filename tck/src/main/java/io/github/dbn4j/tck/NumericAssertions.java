package io.github.dbn4j.tck;

import org.opentest4j.AssertionFailedError;

/** The one numeric comparison every dbn4j test goes through. */
public final class NumericAssertions {

    private NumericAssertions() {
    }

    /**
     * Asserts {@code |actual[i] - expected[i]| <= atol + rtol * |expected[i]|} for every
     * element (NaN equals NaN, infinities must match exactly), reporting the first failing
     * index, its values and the largest violation.
     */
    public static void assertAllClose(double[] actual, double[] expected, double rtol, double atol, String what) {
        if (actual.length != expected.length) {
            throw new AssertionFailedError(what + ": length " + actual.length + " but expected " + expected.length);
        }
        int first = -1;
        int failures = 0;
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a)) {
                ok = Double.isNaN(e) && Double.isNaN(a);
            } else if (Double.isInfinite(e) || Double.isInfinite(a)) {
                ok = a == e;
            } else {
                double err = Math.abs(a - e);
                double allowed = atol + rtol * Math.abs(e);
                ok = err <= allowed;
                if (!ok) {
                    worst = Math.max(worst, err / allowed);
                }
            }
            if (!ok) {
                failures++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (first >= 0) {
            throw new AssertionFailedError(String.format(
                    "%s: %d of %d elements differ; first at [%d]: actual %s, expected %s (rtol %g, atol %g)%s",
                    what, failures, actual.length, first, actual[first], expected[first], rtol, atol,
                    worst > 0 ? String.format(", worst error %.3g x allowed", worst) : ""));
        }
    }

    /** The largest relative difference {@code |a - b| / max(|a|, |b|, floor)} over all elements. */
    public static double maxRelativeDifference(double[] a, double[] b, double floor) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]) / Math.max(floor, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
