package io.github.dbn4j.cli.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Formats metric values for people: floating-point numbers to {@value #DIGITS} significant digits, error
 * rates as percentages, durations as hours, minutes and seconds.
 *
 * <ul>
 *   <li>{@code null}: "n/a";</li>
 *   <li>{@link Double}, {@link Float}, {@link BigDecimal}: {@value #DIGITS} significant digits without
 *       trailing zeros ("0.1235", "1235", "0.5"), scientific notation below 1e-4 or from 1e6 in magnitude
 *       ("1.235e-05"), "NaN", "inf" and "-inf"; if the key {@linkplain #isErrorRate(String) is an error
 *       rate} the value is taken as a fraction and shown as a percentage ("0.0123" → "1.23%");</li>
 *   <li>other numbers (integers, counts): their decimal form, unchanged;</li>
 *   <li>{@link Duration}: "850 ms", "12.35 s", "3 min 05 s", "1 h 02 min 03 s";</li>
 *   <li>{@code double[]}, {@code float[]}, {@code int[]}, {@code long[]} and collections: the elements
 *       formatted as above, comma separated, in brackets;</li>
 *   <li>anything else: {@link String#valueOf(Object)}.</li>
 * </ul>
 */
public final class MetricFormat {

    /** Significant digits of floating-point values. */
    public static final int DIGITS = 4;

    private static final MathContext CONTEXT = new MathContext(DIGITS, RoundingMode.HALF_UP);

    private MetricFormat() {
    }

    /**
     * Whether a metric is an error rate shown as a percentage: its key is "error", ends in "_error"
     * or has "_error_" inside (ignoring case), e.g. "test_error", "validation_error",
     * "test_error_finetuned".
     *
     * @param key the metric name
     * @return true for error-rate keys
     */
    public static boolean isErrorRate(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("error") || k.endsWith("_error") || k.contains("_error_");
    }

    /**
     * Formats one metric value.
     *
     * @param key the metric name (decides percentages)
     * @param value the value, may be null
     * @return the text to show, never null
     */
    public static String format(String key, Object value) {
        boolean percent = isErrorRate(key);
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return decimal((Number) value, percent);
        }
        if (value instanceof Duration) {
            return duration((Duration) value);
        }
        if (value instanceof double[]) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (double d : (double[]) value) {
                j.add(decimal(d, percent));
            }
            return j.toString();
        }
        if (value instanceof float[]) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (float f : (float[]) value) {
                j.add(decimal(f, percent));
            }
            return j.toString();
        }
        if (value instanceof int[]) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (int i : (int[]) value) {
                j.add(Integer.toString(i));
            }
            return j.toString();
        }
        if (value instanceof long[]) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (long l : (long[]) value) {
                j.add(Long.toString(l));
            }
            return j.toString();
        }
        if (value instanceof Collection) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (Object o : (Collection<?>) value) {
                j.add(format(key, o));
            }
            return j.toString();
        }
        return String.valueOf(value);
    }

    /**
     * Formats a number to {@value #DIGITS} significant digits (see the class description).
     *
     * @param value the number
     * @return its text
     */
    public static String significant(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return significant(BigDecimal.valueOf(value));
    }

    private static String significant(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal rounded = value.round(CONTEXT);
        BigDecimal abs = rounded.abs();
        if (abs.compareTo(new BigDecimal("1e-4")) < 0 || abs.compareTo(new BigDecimal("1e6")) >= 0) {
            return String.format(Locale.ROOT, "%." + (DIGITS - 1) + "e", rounded).replaceAll(
                    "\\.?0+e", "e");
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    private static String decimal(Number n, boolean percent) {
        if (n instanceof BigDecimal) {
            BigDecimal b = (BigDecimal) n;
            return percent ? significant(b.movePointRight(2)) + "%" : significant(b);
        }
        double d = n instanceof Float ? Double.parseDouble(n.toString()) : n.doubleValue();
        if (!Double.isFinite(d)) {
            return significant(d);
        }
        return percent ? significant(BigDecimal.valueOf(d).movePointRight(2)) + "%" : significant(d);
    }

    private static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return significant(millis / 1000.0) + " s";
        }
        long seconds = Math.round(millis / 1000.0);
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        if (h == 0) {
            return String.format(Locale.ROOT, "%d min %02d s", m, s);
        }
        return String.format(Locale.ROOT, "%d h %02d min %02d s", h, m, s);
    }
}
