package io.github.dbn4j.core;

/**
 * Something a trainer noticed after an epoch that means the model is not learning: a layer whose
 * reconstruction is no better than knowing only each unit's mean, hidden units stuck on or off, hidden
 * units that answer every case alike, a classifier stuck at the chance cross-entropy, generated
 * samples that ignore their clamped label, or a variational autoencoder whose latent code carries
 * nothing. Training goes on. A trainer's warning is logged, passed to every
 * {@link TrainingListener#onWarning}, and kept by {@link MetricsHistory}; {@link Kind#LABELS_IGNORED} is not a trainer's but a program's finding after generating, which
 * the program reports in its own outputs.
 *
 * @param stage   the training stage, e.g. {@code layer3} or {@code fine-tune}
 * @param epoch   the 1-based epoch after which it was seen (0 when not tied to an epoch)
 * @param kind    what was seen
 * @param message one sentence with the figures behind it
 */
public record TrainingWarning(String stage, int epoch, Kind kind, String message) {

    /** What a warning is about. */
    public enum Kind {
        /** The reconstruction cost is within {@link LearningHealth#NO_INFORMATION_MARGIN} of the no-information cost. */
        NO_INFORMATION,
        /** Most hidden units are stuck on or off for every monitored case. */
        SATURATED,
        /** The hidden units barely vary across cases: the layer passes up the same features for every input. */
        IDENTICAL,
        /** The classifier's cross-entropy is at the chance level (the entropy of the class frequencies). */
        CHANCE,
        /** Samples generated with a clamped label are mostly not recognised as that label. */
        LABELS_IGNORED,
        /** A variational autoencoder's posterior equals its prior: the latent code carries nothing. */
        UNUSED_LATENT
    }

    public TrainingWarning {
        if (stage == null || kind == null || message == null) {
            throw new IllegalArgumentException("stage, kind and message of a warning must be given");
        }
    }

    /** One line: {@code stage, epoch N: message}. */
    @Override
    public String toString() {
        return stage + (epoch > 0 ? ", epoch " + epoch : "") + ": " + message;
    }
}
