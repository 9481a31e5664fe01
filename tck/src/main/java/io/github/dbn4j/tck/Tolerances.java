package io.github.dbn4j.tck;

import io.github.dbn4j.api.Precision;

/** Named tolerances, each used through {@link NumericAssertions#assertAllClose}. */
public final class Tolerances {

    /** FLOAT64 op versus the double reference: a few ulps of accumulated rounding. */
    public static final double OP_F64_RTOL = 1e-12;
    public static final double OP_F64_ATOL = 1e-12;
    /** FLOAT32 op versus the double reference on float-rounded inputs. */
    public static final double OP_F32_RTOL = 2e-5;
    public static final double OP_F32_ATOL = 2e-5;

    /** The same FLOAT64 computation on two backends (different summation orders). */
    public static final double CROSS_BACKEND_F64 = 1e-9;
    /** A FLOAT32 run versus the FLOAT64 run of the same computation. */
    public static final double F32_VS_F64 = 1e-4;

    private Tolerances() {
    }

    /** Relative tolerance for one op at a precision. */
    public static double opRtol(Precision p) {
        return p == Precision.FLOAT64 ? OP_F64_RTOL : OP_F32_RTOL;
    }

    /** Absolute tolerance for one op at a precision, for values of magnitude about {@code scale}. */
    public static double opAtol(Precision p, double scale) {
        return (p == Precision.FLOAT64 ? OP_F64_ATOL : OP_F32_ATOL) * Math.max(1.0, scale);
    }
}
