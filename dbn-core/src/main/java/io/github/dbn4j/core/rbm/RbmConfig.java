package io.github.dbn4j.core.rbm;

import io.github.dbn4j.core.AddedComponent;
import io.github.dbn4j.core.LearningRateDecay;

/**
 * How to train one RBM. Defaults follow Hinton's practical guide (2010): CD-1, mini-batches of
 * 100, learning rate 0.1, momentum 0.5 for five epochs then 0.9, weight cost 2e-4, initial
 * weights N(0, 0.01^2), visible biases from the data's log-odds.
 *
 * @param hidden               number of hidden units, at least 1
 * @param visibleUnits         Bernoulli or unit-variance Gaussian visible units
 * @param cdSteps              Gibbs steps per update (the k of CD-k and PCD-k), at least 1
 * @param persistentChains     0 for contrastive divergence; otherwise the number of persistent
 *                             fantasy particles of PCD (Tieleman 2008)
 * @param batchSize            training cases per update, at least 1
 * @param epochs               maximum number of passes over the data, at least 0
 * @param learningRate         step size, finite and positive
 * @param initialMomentum      momentum before {@code momentumSwitchEpoch}, in [0, 1)
 * @param finalMomentum        momentum from {@code momentumSwitchEpoch} on, in [0, 1)
 * @param momentumSwitchEpoch  first epoch (0-based) that uses {@code finalMomentum}
 * @param weightDecay          L2 weight cost on W (not on biases), at least 0
 * @param sparsityTarget       target mean activation of hidden units in (0, 1), or 0 for none
 * @param sparsityCost         strength of the sparsity penalty, at least 0
 * @param sparsityDecay        decay of the running estimate of hidden activations, in [0, 1)
 * @param initialWeightStd     standard deviation of the initial weights, positive
 * @param tolerance            stop when the epoch's reconstruction cost changes by less than this
 *                             (absolute), or 0 to always run {@code epochs}
 * @param strictBinary         reject Bernoulli training data with values other than 0 and 1
 *                             (otherwise values in [0, 1] are used as probabilities)
 * @param seed                 seed of every random choice of the training run
 * @param centered             train the centered RBM of Montavon and Müller (2012) and Melchior, Fischer
 *                             and Wiskott (2016): the gradient is taken with the visible units offset
 *                             by the data means and the hidden units by a running mean of their
 *                             activations; the model itself stays an ordinary RBM (see {@link RbmTrainer})
 * @param fixedBatches         the same mini-batches every epoch, taken from the rows in the order given
 *                             (arrange them once, e.g. with {@link io.github.dbn4j.core.Batches}); otherwise
 *                             every epoch draws a new permutation
 * @param zeroInitialBiases    start every bias at 0 (as Hinton and Salakhutdinov 2006) instead of the visible
 *                             units' log-odds and the labels' log-frequencies
 * @param cdIncreaseEvery      0, or anneal CD-k as Salakhutdinov and Murray (2008): epoch {@code e} (1-based)
 *                             runs {@code min(cdSteps, ceil(e / cdIncreaseEvery))} Gibbs steps at the learning
 *                             rates divided by that number
 * @param biasLearningRate     the learning rate of the biases, or 0 for {@code learningRate}
 * @param labelLearningRate    the learning rate of the label weights, or 0 for {@code learningRate}
 * @param decayFrom            0, or the first epoch (1-based) from which every learning rate falls linearly
 *                             towards zero, as Tieleman (2008) decays the rate of PCD: epoch {@code e} (1-based) runs at
 *                             {@code (epochs - e + 1) / (epochs - decayFrom + 2)} of its rate, so the last epoch
 *                             keeps one step of the line and the next would reach zero
 * @param sampledNegative      the last visible states of CD-k's negative phase are sampled, and the negative
 *                             hidden probabilities computed from those samples, as Salakhutdinov and Murray's
 *                             CD-k does; otherwise ({@code false}) they are the visible probabilities, as Hinton's
 *                             guide recommends for CD-1. The statistics of probabilities are biased: for a pair
 *                             of units they miss how the visible unit's own state moves the hidden unit's input,
 *                             which understates the negative correlation of a large positive weight and
 *                             overstates that of a large negative one, so the steps grow the weights. PCD's
 *                             chains are always sampled.
 */
public record RbmConfig(
        int hidden,
        VisibleUnits visibleUnits,
        int cdSteps,
        int persistentChains,
        int batchSize,
        int epochs,
        double learningRate,
        double initialMomentum,
        double finalMomentum,
        int momentumSwitchEpoch,
        double weightDecay,
        double sparsityTarget,
        double sparsityCost,
        double sparsityDecay,
        double initialWeightStd,
        double tolerance,
        boolean strictBinary,
        long seed,
        boolean centered,
        boolean fixedBatches,
        boolean zeroInitialBiases,
        @AddedComponent int cdIncreaseEvery,
        @AddedComponent double biasLearningRate,
        @AddedComponent double labelLearningRate,
        @AddedComponent int decayFrom,
        @AddedComponent boolean sampledNegative) implements java.io.Serializable {

    /** The default seed of a training run. */
    public static final long DEFAULT_SEED = 12345L;

    public RbmConfig {
        atLeast("hidden", hidden, 1);
        if (visibleUnits == null) {
            throw new IllegalArgumentException("visibleUnits must be BERNOULLI or GAUSSIAN, got null");
        }
        atLeast("cdSteps", cdSteps, 1);
        atLeast("persistentChains", persistentChains, 0);
        atLeast("batchSize", batchSize, 1);
        atLeast("epochs", epochs, 0);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and positive, got " + learningRate);
        }
        unitInterval("initialMomentum", initialMomentum);
        unitInterval("finalMomentum", finalMomentum);
        atLeast("momentumSwitchEpoch", momentumSwitchEpoch, 0);
        nonNegative("weightDecay", weightDecay);
        if (!(sparsityTarget >= 0 && sparsityTarget < 1)) {
            throw new IllegalArgumentException("sparsityTarget must be in [0, 1) (0 turns it off), got " + sparsityTarget);
        }
        nonNegative("sparsityCost", sparsityCost);
        unitInterval("sparsityDecay", sparsityDecay);
        if (!(initialWeightStd > 0) || !Double.isFinite(initialWeightStd)) {
            throw new IllegalArgumentException("initialWeightStd must be finite and positive, got " + initialWeightStd);
        }
        nonNegative("tolerance", tolerance);
        atLeast("cdIncreaseEvery", cdIncreaseEvery, 0);
        nonNegative("biasLearningRate", biasLearningRate);
        nonNegative("labelLearningRate", labelLearningRate);
        atLeast("decayFrom", decayFrom, 0);
    }

    /** Hinton's defaults with the given number of hidden units and Bernoulli visible units. */
    public static RbmConfig defaults(int hidden) {
        return new RbmConfig(hidden, VisibleUnits.BERNOULLI, 1, 0, 100, 10, 0.1, 0.5, 0.9, 5, 2e-4, 0, 0, 0.95,
                0.01, 0, false, DEFAULT_SEED, true, false, false, 0, 0, 0, 0, false);
    }

    /** Whether training uses persistent chains (PCD) rather than chains started at the data (CD). */
    public boolean persistent() {
        return persistentChains > 0;
    }

    /** The momentum used in an epoch (0-based). */
    public double momentum(int epoch) {
        return epoch < momentumSwitchEpoch ? initialMomentum : finalMomentum;
    }

    /** The Gibbs steps of epoch {@code epoch} (0-based): {@link #cdSteps()}, or its annealed value. */
    public int cdSteps(int epoch) {
        return cdIncreaseEvery == 0 ? cdSteps : Math.min(cdSteps, epoch / cdIncreaseEvery + 1);
    }

    /**
     * The learning rate of the weights in epoch {@code epoch} (0-based), given the base rate {@code base}:
     * divided by the Gibbs steps when CD-k is annealed, and scaled by {@link #decayFactor(int)}.
     */
    public double weightRate(double base, int epoch) {
        double rate = cdIncreaseEvery == 0 ? base : base / cdSteps(epoch);
        return rate * decayFactor(epoch);
    }

    /**
     * The share of the learning rates left in epoch {@code epoch} (0-based) by the linear decay of
     * {@link #decayFrom()}: 1 before it and without it, then falling by {@code 1 / (epochs - decayFrom + 2)}
     * an epoch, never below that step (an epoch past {@link #epochs()} keeps the last epoch's rate).
     */
    public double decayFactor(int epoch) {
        return LearningRateDecay.linear(epochs, decayFrom, epoch);
    }

    /** The factor that turns the weights' learning rate into the biases'. */
    public double biasRateFactor() {
        return biasLearningRate == 0 ? 1 : biasLearningRate / learningRate;
    }

    /** The factor that turns the weights' learning rate into the label weights'. */
    public double labelRateFactor() {
        return labelLearningRate == 0 ? 1 : labelLearningRate / learningRate;
    }

    public RbmConfig withHidden(int v) {
        return copy(c -> c.hidden = v);
    }

    public RbmConfig withVisibleUnits(VisibleUnits v) {
        return copy(c -> c.visibleUnits = v);
    }

    public RbmConfig withCdSteps(int v) {
        return copy(c -> c.cdSteps = v);
    }

    public RbmConfig withPersistentChains(int v) {
        return copy(c -> c.persistentChains = v);
    }

    public RbmConfig withBatchSize(int v) {
        return copy(c -> c.batchSize = v);
    }

    public RbmConfig withEpochs(int v) {
        return copy(c -> c.epochs = v);
    }

    public RbmConfig withLearningRate(double v) {
        return copy(c -> c.learningRate = v);
    }

    /** Momentum {@code initial} before epoch {@code switchEpoch}, {@code last} from then on. */
    public RbmConfig withMomentum(double initial, double last, int switchEpoch) {
        return copy(c -> {
            c.initialMomentum = initial;
            c.finalMomentum = last;
            c.momentumSwitchEpoch = switchEpoch;
        });
    }

    public RbmConfig withWeightDecay(double v) {
        return copy(c -> c.weightDecay = v);
    }

    /** Sparsity target and cost; a target of 0 turns the penalty off. */
    public RbmConfig withSparsity(double target, double cost) {
        return copy(c -> {
            c.sparsityTarget = target;
            c.sparsityCost = cost;
        });
    }

    public RbmConfig withInitialWeightStd(double v) {
        return copy(c -> c.initialWeightStd = v);
    }

    public RbmConfig withTolerance(double v) {
        return copy(c -> c.tolerance = v);
    }

    public RbmConfig withStrictBinary(boolean v) {
        return copy(c -> c.strictBinary = v);
    }

    public RbmConfig withSeed(long v) {
        return copy(c -> c.seed = v);
    }

    /** Centered training on ({@code true}, the default) or plain CD / PCD statistics ({@code false}). */
    public RbmConfig withCentered(boolean v) {
        return copy(c -> c.centered = v);
    }

    /** The same mini-batches every epoch, the rows in the order given ({@code true}), or a new permutation each epoch. */
    public RbmConfig withFixedBatches(boolean v) {
        return copy(c -> c.fixedBatches = v);
    }

    /** Start every bias at 0 ({@code true}) instead of the visible log-odds and label log-frequencies. */
    public RbmConfig withZeroInitialBiases(boolean v) {
        return copy(c -> c.zeroInitialBiases = v);
    }

    /** Anneal CD-k: one more Gibbs step every {@code v} epochs up to {@link #cdSteps()}, the learning rate divided by the steps; 0 turns it off. */
    public RbmConfig withCdIncreaseEvery(int v) {
        return copy(c -> c.cdIncreaseEvery = v);
    }

    /** Separate learning rates for the weights, the biases and the label weights (0 for either of the last two: the weights' rate). */
    public RbmConfig withLearningRates(double weights, double biases, double labelWeights) {
        return copy(c -> {
            c.learningRate = weights;
            c.biasLearningRate = biases;
            c.labelLearningRate = labelWeights;
        });
    }

    /**
     * Every learning rate falls linearly towards zero from epoch {@code v} (1-based) to the last, which
     * keeps one step of the line; 0 keeps the rates constant.
     */
    public RbmConfig withDecayFrom(int v) {
        return copy(c -> c.decayFrom = v);
    }

    /**
     * CD-k's negative phase from sampled last visible states ({@code true}, as Salakhutdinov and Murray) or
     * from their probabilities ({@code false}, the default, as Hinton's guide for CD-1).
     */
    public RbmConfig withSampledNegative(boolean v) {
        return copy(c -> c.sampledNegative = v);
    }

    /** A mutable copy of every component, for the withers: each changes what it names. */
    private static final class Copy {
        int hidden;
        VisibleUnits visibleUnits;
        int cdSteps;
        int persistentChains;
        int batchSize;
        int epochs;
        double learningRate;
        double initialMomentum;
        double finalMomentum;
        int momentumSwitchEpoch;
        double weightDecay;
        double sparsityTarget;
        double sparsityCost;
        double sparsityDecay;
        double initialWeightStd;
        double tolerance;
        boolean strictBinary;
        long seed;
        boolean centered;
        boolean fixedBatches;
        boolean zeroInitialBiases;
        int cdIncreaseEvery;
        double biasLearningRate;
        double labelLearningRate;
        int decayFrom;
        boolean sampledNegative;

        Copy(RbmConfig r) {
            hidden = r.hidden;
            visibleUnits = r.visibleUnits;
            cdSteps = r.cdSteps;
            persistentChains = r.persistentChains;
            batchSize = r.batchSize;
            epochs = r.epochs;
            learningRate = r.learningRate;
            initialMomentum = r.initialMomentum;
            finalMomentum = r.finalMomentum;
            momentumSwitchEpoch = r.momentumSwitchEpoch;
            weightDecay = r.weightDecay;
            sparsityTarget = r.sparsityTarget;
            sparsityCost = r.sparsityCost;
            sparsityDecay = r.sparsityDecay;
            initialWeightStd = r.initialWeightStd;
            tolerance = r.tolerance;
            strictBinary = r.strictBinary;
            seed = r.seed;
            centered = r.centered;
            fixedBatches = r.fixedBatches;
            zeroInitialBiases = r.zeroInitialBiases;
            cdIncreaseEvery = r.cdIncreaseEvery;
            biasLearningRate = r.biasLearningRate;
            labelLearningRate = r.labelLearningRate;
            decayFrom = r.decayFrom;
            sampledNegative = r.sampledNegative;
        }

        RbmConfig build() {
            return new RbmConfig(hidden, visibleUnits, cdSteps, persistentChains, batchSize, epochs, learningRate,
                    initialMomentum, finalMomentum, momentumSwitchEpoch, weightDecay, sparsityTarget, sparsityCost,
                    sparsityDecay, initialWeightStd, tolerance, strictBinary, seed, centered, fixedBatches,
                    zeroInitialBiases, cdIncreaseEvery, biasLearningRate, labelLearningRate, decayFrom, sampledNegative);
        }
    }

    /** This configuration with the changes {@code change} makes to a copy of its components. */
    private RbmConfig copy(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
        }
    }

    private static void nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite and at least 0, got " + value);
        }
    }

    private static void unitInterval(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
        }
    }
}
