package io.github.dbn4j.core.rbm;

/**
 * An annealed-importance-sampling estimate of {@code log Z}.
 *
 * @param logZ      the estimate, {@code log Z_A + log mean(w)}
 * @param stdErr    standard error of {@code logZ} by the delta method,
 *                  {@code sd(w) / (sqrt(runs) * mean(w))}
 * @param logZLow   {@code log(mean(w) - 3 sd(w)/sqrt(runs))} + offsets, the lower bound
 *                  Salakhutdinov and Murray report (minus infinity when that is not positive)
 * @param logZHigh  {@code log(mean(w) + 3 sd(w)/sqrt(runs))} + offsets
 * @param logZBase  {@code log Z} of the base-rate model the runs start from
 * @param runs      number of independent runs
 * @param betas     number of intermediate distributions
 */
public record AisResult(double logZ, double stdErr, double logZLow, double logZHigh, double logZBase, int runs,
                        int betas) {
}
