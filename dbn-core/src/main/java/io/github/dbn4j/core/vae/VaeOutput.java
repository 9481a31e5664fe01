package io.github.dbn4j.core.vae;

/** What the decoder's outputs are. */
public enum VaeOutput {
    /** Bernoulli units: the outputs are logits, for binary data such as binarised MNIST. */
    BERNOULLI,
    /**
     * Gaussian units: the outputs are means, with one learned log-variance per input
     * ({@code decoder.logvar_out}), for real values such as dequantised CIFAR-10 pixels.
     */
    GAUSSIAN
}
