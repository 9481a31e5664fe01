package io.github.dbn4j.core.vae;

import java.util.List;

/**
 * How to build and train a {@link Vae}. The defaults are the one-stochastic-layer model of Burda et
 * al. (2016, Table 1): a 784-200-200-50 encoder and a 50-200-200-784 decoder of tanh units, trained
 * with Adam (learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-4) on mini-batches of 100.
 *
 * @param encoderHidden   widths of the encoder's hidden layers
 * @param latent          number of latent units
 * @param decoderHidden   widths of the decoder's hidden layers
 * @param iafSteps        number of inverse autoregressive flow steps, 0 for a plain VAE
 * @param iafHidden       width of each IAF step's hidden layer
 * @param batchSize       cases per update, at least 1
 * @param epochs          passes over the data, at least 0
 * @param learningRate    Adam's step size, finite and positive
 * @param learningRateDecay the learning rate is multiplied by this after every epoch, in (0, 1]
 * @param beta1           Adam's decay of the gradient's mean, in [0, 1)
 * @param beta2           Adam's decay of the gradient's square, in [0, 1)
 * @param epsilon         Adam's epsilon, positive
 * @param seed            seed of every random choice of the run
 * @param output          Bernoulli outputs (binary data) or Gaussian ones (real values)
 */
public record VaeConfig(List<Integer> encoderHidden, int latent, List<Integer> decoderHidden, int iafSteps,
                        int iafHidden, int batchSize, int epochs, double learningRate, double learningRateDecay,
                        double beta1, double beta2, double epsilon, long seed, VaeOutput output) {

    public VaeConfig {
        if (latent < 1) {
            throw new IllegalArgumentException("latent must be at least 1, got " + latent);
        }
        new VaeArchitecture(1, encoderHidden, latent, decoderHidden, iafSteps, iafHidden, output); // checks them
        encoderHidden = List.copyOf(encoderHidden);
        decoderHidden = List.copyOf(decoderHidden);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and positive, got " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], got " + learningRateDecay);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and positive, got " + epsilon);
        }
    }

    /** The defaults: 200-200 tanh layers each side, 50 latent units, no flow, 10 epochs. */
    public static VaeConfig defaults() {
        return new VaeConfig(List.of(200, 200), 50, List.of(200, 200), 0, 200, 100, 10, 1e-3, 1.0, 0.9, 0.999,
                1e-4, 12345L, VaeOutput.BERNOULLI);
    }

    /** The architecture of this configuration for cases of {@code inputs} values. */
    public VaeArchitecture architecture(int inputs) {
        return new VaeArchitecture(inputs, encoderHidden, latent, decoderHidden, iafSteps, iafHidden, output);
    }

    /** The learning rate of epoch {@code epoch} (0-based). */
    public double learningRate(int epoch) {
        return learningRate * Math.pow(learningRateDecay, epoch);
    }

    public VaeConfig withHidden(List<Integer> encoder, List<Integer> decoder) {
        return new VaeConfig(encoder, latent, decoder, iafSteps, iafHidden, batchSize, epochs, learningRate,
                learningRateDecay, beta1, beta2, epsilon, seed, output);
    }

    public VaeConfig withLatent(int v) {
        return new VaeConfig(encoderHidden, v, decoderHidden, iafSteps, iafHidden, batchSize, epochs, learningRate,
                learningRateDecay, beta1, beta2, epsilon, seed, output);
    }

    public VaeConfig withIaf(int steps, int hidden) {
        return new VaeConfig(encoderHidden, latent, decoderHidden, steps, hidden, batchSize, epochs, learningRate,
                learningRateDecay, beta1, beta2, epsilon, seed, output);
    }

    public VaeConfig withBatchSize(int v) {
        return new VaeConfig(encoderHidden, latent, decoderHidden, iafSteps, iafHidden, v, epochs, learningRate,
                learningRateDecay, beta1, beta2, epsilon, seed, output);
    }

    public VaeConfig withEpochs(int v) {
        return new VaeConfig(encoderHidden, latent, decoderHidden, iafSteps, iafHidden, batchSize, v, learningRate,
                learningRateDecay, beta1, beta2, epsilon, seed, output);
    }

    public VaeConfig withLearningRate(double v, double decay) {
        return new VaeConfig(encoderHidden, latent, decoderHidden, iafSteps, iafHidden, batchSize, epochs, v, decay,
                beta1, beta2, epsilon, seed, output);
    }

    public VaeConfig withOutput(VaeOutput v) {
        return new VaeConfig(encoderHidden, latent, decoderHidden, iafSteps, iafHidden, batchSize, epochs,
                learningRate, learningRateDecay, beta1, beta2, epsilon, seed, v);
    }

    public VaeConfig withSeed(long v) {
        return new VaeConfig(encoderHidden, latent, decoderHidden, iafSteps, iafHidden, batchSize, epochs,
                learningRate, learningRateDecay, beta1, beta2, epsilon, v, output);
    }
}
