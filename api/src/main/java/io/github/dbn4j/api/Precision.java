package io.github.dbn4j.api;

/** Floating-point precision of every matrix a {@link Backend} creates. */
public enum Precision {
    /** IEEE 754 binary64 ({@code double}). */
    FLOAT64,
    /** IEEE 754 binary32 ({@code float}). */
    FLOAT32;

    /**
     * Parses a user-supplied name such as {@code float32}, {@code FLOAT64}, {@code f32} or {@code double}.
     *
     * @throws IllegalArgumentException naming the value and the accepted spellings
     */
    public static Precision parse(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "float64", "f64", "double", "fp64":
                    return FLOAT64;
                case "float32", "f32", "float", "fp32":
                    return FLOAT32;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name + "': use float64 or float32");
    }

    /** Lower-case name as used on command lines and in reports, e.g. {@code float32}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
