package io.github.dbn4j.core.internal;

/** Argument checks shared by the immutable model values. */
public final class Parameters {

    private Parameters() {
    }

    /**
     * A copy of {@code values} after checking it holds exactly {@code expected} finite numbers.
     *
     * @param name what the array is, e.g. {@code weights}
     * @param what what fixes its length, e.g. {@code "784x500"}
     * @throws IllegalArgumentException naming the array, the lengths, or the first non-finite value
     */
    public static double[] finiteCopy(String name, double[] values, long expected, String what) {
        if (values == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " has " + values.length + " values but " + what + " needs "
                    + expected);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + ": parameters must be finite");
            }
        }
        return values.clone();
    }
}
