package io.github.dbn4j.core.optim;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimises a differentiable function of parameters held as backend matrices by Polak-Ribière
 * conjugate gradients, each line search the one of Rasmussen's {@code minimize}: it extrapolates
 * by cubic fits (at most {@link #EXT} times the last step, at least {@link #INT} of the bracket
 * beyond it) until the slope has risen above {@code SIG} times its initial value or the value
 * exceeds the Armijo line, then interpolates (quadratic or cubic, kept {@link #INT} of the bracket
 * away from its ends) until both Wolfe-Powell conditions hold ({@code |d| <= -SIG d0} and
 * {@code f <= f0 + x RHO d0}), with at most {@link #MAX_EVALUATIONS} function evaluations per
 * line search. A failed line search restarts along the steepest descent once; a second failure
 * in a row ends the call. The next search starts from the last step times the ratio of the
 * slopes, at most {@link #RATIO}. This is the optimiser Hinton and Salakhutdinov (2006) used to
 * fine-tune their classifiers, three line searches per batch of 1,000 cases.
 *
 * <p>Every point the function is asked about, and every step, is computed on the backend; the
 * scalars of the line search are doubles. Not thread-safe; the buffers are kept for the next
 * call with the same shapes.
 */
public final class ConjugateGradient {

    /** Do not re-evaluate within 0.1 of the limit of the current bracket. */
    public static final double INT = 0.1;
    /** Extrapolate at most 3 times the current step. */
    public static final double EXT = 3.0;
    /** Function evaluations per line search at most. */
    public static final int MAX_EVALUATIONS = 20;
    /** The largest ratio between the first step of a line search and the last step of the one before. */
    public static final double RATIO = 10;
    /** The curvature condition: the slope must fall to {@code SIG} times its initial size. */
    public static final double SIG = 0.1;
    /** The sufficient-decrease condition: the value must fall below {@code f0 + x RHO d0}. */
    public static final double RHO = SIG / 2;

    /** A differentiable function of a list of matrices. */
    @FunctionalInterface
    public interface Objective {
        /**
         * The value at {@code point} and its gradient into {@code gradient} (the same shapes);
         * must not modify {@code point}. A non-finite value or gradient makes the line search
         * try a shorter step.
         */
        double evaluate(List<Matrix> point, List<Matrix> gradient);
    }

    /**
     * What one call did.
     *
     * @param initialValue the value at the starting point
     * @param finalValue   the value at the point returned
     * @param lineSearches the line searches that succeeded
     * @param evaluations  the function evaluations, the starting point's included
     */
    public record Result(double initialValue, double finalValue, int lineSearches, int evaluations) {
    }

    private final Backend backend;
    private List<Matrix> best;
    private List<Matrix> direction;
    private List<Matrix> grad0;
    private List<Matrix> grad3;
    private List<Matrix> bestGrad;
    private List<Matrix> trial;
    private int evaluations;

    public ConjugateGradient(Backend backend) {
        this.backend = backend;
    }

    /**
     * Runs {@code lineSearches} line searches from {@code x} (modified: it ends at the lowest
     * point found).
     */
    public Result minimize(Objective f, List<Matrix> x, int lineSearches) {
        if (lineSearches < 1) {
            throw new IllegalArgumentException("lineSearches must be at least 1, got " + lineSearches);
        }
        allocate(x);
        evaluations = 0;
        double f0 = evaluate(f, x, grad0);
        if (!Double.isFinite(f0) || !finite(grad0)) {
            return new Result(f0, f0, 0, evaluations); // nothing to search from; the caller sees the value
        }
        double initial = f0;
        negate(grad0, direction);
        double d0 = -dot(direction, direction);
        double x3 = 1 / (1 - d0);
        boolean failedBefore = false;
        int succeeded = 0;
        for (int search = 0; search < lineSearches; search++) {
            copy(x, best);
            double bestF = f0;
            copy(grad0, bestGrad);
            int budget = MAX_EVALUATIONS;
            double x1;
            double f1;
            double d1;
            double x2;
            double f2;
            double d2;
            double f3;
            double d3;
            double x4 = 0;
            double f4 = 0;
            double d4 = 0;
            while (true) { // extrapolation
                x2 = 0;
                f2 = f0;
                d2 = d0;
                f3 = f0;
                d3 = d0;
                copy(grad0, grad3);
                boolean success = false;
                while (!success && budget > 0) {
                    budget--;
                    f3 = evaluateAlong(f, x, x3, grad3);
                    d3 = dot(grad3, direction); // finite only when every element of grad3 is
                    if (Double.isFinite(f3) && Double.isFinite(d3)) {
                        success = true;
                    } else {
                        x3 = (x2 + x3) / 2;
                    }
                }
                if (f3 < bestF) {
                    copy(trial, best);
                    bestF = f3;
                    copy(grad3, bestGrad);
                }
                if (d3 > SIG * d0 || f3 > f0 + x3 * RHO * d0 || budget == 0) {
                    break;
                }
                x1 = x2;
                f1 = f2;
                d1 = d2;
                x2 = x3;
                f2 = f3;
                d2 = d3;
                double a = 6 * (f1 - f2) + 3 * (d2 + d1) * (x2 - x1);
                double b = 3 * (f2 - f1) - (2 * d1 + d2) * (x2 - x1);
                x3 = x1 - d1 * (x2 - x1) * (x2 - x1) / (b + Math.sqrt(b * b - a * d1 * (x2 - x1)));
                if (!Double.isFinite(x3) || x3 < 0) { // no real or no positive root: extrapolate the most
                    x3 = x2 * EXT;
                } else if (x3 > x2 * EXT) {
                    x3 = x2 * EXT;
                } else if (x3 < x2 + INT * (x2 - x1)) {
                    x3 = x2 + INT * (x2 - x1);
                }
            }
            while ((Math.abs(d3) > -SIG * d0 || f3 > f0 + x3 * RHO * d0) && budget > 0) { // interpolation
                if (d3 > 0 || f3 > f0 + x3 * RHO * d0) {
                    x4 = x3;
                    f4 = f3;
                    d4 = d3;
                } else {
                    x2 = x3;
                    f2 = f3;
                    d2 = d3;
                }
                if (f4 > f0) {
                    x3 = x2 - (0.5 * d2 * (x4 - x2) * (x4 - x2)) / (f4 - f2 - d2 * (x4 - x2)); // quadratic
                } else {
                    double a = 6 * (f2 - f4) / (x4 - x2) + 3 * (d4 + d2);
                    double b = 3 * (f4 - f2) - (2 * d2 + d4) * (x4 - x2);
                    x3 = x2 + (Math.sqrt(b * b - a * d2 * (x4 - x2) * (x4 - x2)) - b) / a; // cubic
                }
                if (!Double.isFinite(x3)) {
                    x3 = (x2 + x4) / 2;
                }
                x3 = Math.max(Math.min(x3, x4 - INT * (x4 - x2)), x2 + INT * (x4 - x2));
                f3 = evaluateAlong(f, x, x3, grad3);
                if (f3 < bestF) {
                    copy(trial, best);
                    bestF = f3;
                    copy(grad3, bestGrad);
                }
                budget--;
                d3 = dot(grad3, direction);
            }
            if (Math.abs(d3) < -SIG * d0 && f3 < f0 + x3 * RHO * d0) { // the line search succeeded
                copy(trial, x);
                f0 = f3;
                // Polak-Ribiere: s = (g3'g3 - g0'g3) / g0'g0 * s - g3
                double beta = (dot(grad3, grad3) - dot(grad0, grad3)) / dot(grad0, grad0);
                for (int i = 0; i < x.size(); i++) {
                    backend.scale(beta, direction.get(i), direction.get(i));
                    backend.axpy(-1.0, grad3.get(i), direction.get(i));
                }
                copy(grad3, grad0);
                double slopeBefore = d0;
                d0 = dot(grad0, direction);
                if (d0 > 0) { // not a descent direction: restart along the gradient
                    negate(grad0, direction);
                    d0 = -dot(direction, direction);
                }
                x3 = x3 * Math.min(RATIO, slopeBefore / (d0 - Double.MIN_NORMAL));
                failedBefore = false;
                succeeded++;
            } else {
                copy(best, x);
                f0 = bestF;
                copy(bestGrad, grad0);
                if (failedBefore) {
                    break;
                }
                negate(grad0, direction);
                d0 = -dot(direction, direction);
                x3 = 1 / (1 - d0);
                failedBefore = true;
            }
        }
        return new Result(initial, f0, succeeded, evaluations);
    }

    private double evaluate(Objective f, List<Matrix> point, List<Matrix> gradient) {
        evaluations++;
        return f.evaluate(point, gradient);
    }

    /** {@code f(x + step * direction)}; the point stays in {@code trial}. */
    private double evaluateAlong(Objective f, List<Matrix> x, double step, List<Matrix> gradient) {
        for (int i = 0; i < x.size(); i++) {
            backend.copy(x.get(i), trial.get(i));
            backend.axpy(step, direction.get(i), trial.get(i));
        }
        return evaluate(f, trial, gradient);
    }

    private double dot(List<Matrix> a, List<Matrix> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += backend.dot(a.get(i), b.get(i));
        }
        return sum;
    }

    private boolean finite(List<Matrix> a) {
        for (Matrix m : a) {
            if (!backend.isFinite(m)) {
                return false;
            }
        }
        return true;
    }

    private void negate(List<Matrix> a, List<Matrix> out) {
        for (int i = 0; i < a.size(); i++) {
            backend.scale(-1.0, a.get(i), out.get(i));
        }
    }

    private void copy(List<Matrix> from, List<Matrix> to) {
        for (int i = 0; i < from.size(); i++) {
            backend.copy(from.get(i), to.get(i));
        }
    }

    private void allocate(List<Matrix> x) {
        if (best != null && sameShapes(best, x)) {
            return;
        }
        best = like(x);
        direction = like(x);
        grad0 = like(x);
        grad3 = like(x);
        bestGrad = like(x);
        trial = like(x);
    }

    private List<Matrix> like(List<Matrix> x) {
        List<Matrix> out = new ArrayList<>(x.size());
        for (Matrix m : x) {
            out.add(backend.create(m.rows(), m.cols()));
        }
        return out;
    }

    private static boolean sameShapes(List<Matrix> a, List<Matrix> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).rows() != b.get(i).rows() || a.get(i).cols() != b.get(i).cols()) {
                return false;
            }
        }
        return true;
    }
}
