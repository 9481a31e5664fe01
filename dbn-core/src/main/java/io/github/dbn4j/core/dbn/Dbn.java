package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Deep Belief Network (Hinton, Osindero and Teh 2006): directed lower layers with untied
 * recognition and generative weights, an undirected top-level RBM (the associative memory, with
 * softmax label units when the DBN is labelled), and optionally the feed-forward classifier
 * fine-tuned from it. An immutable value; compute with it through {@link DbnEngine}.
 */
public final class Dbn {

    private final VisibleUnits inputUnits;
    private final int inputs;
    private final List<DirectedLayer> lower;
    private final Rbm top;
    private final Classifier classifier;
    private final DbnConfig config;

    /**
     * @param lower      the directed layers, bottom first (may be empty: then the DBN is one RBM)
     * @param top        the top-level RBM; its visible units are the last directed layer's upper units
     * @param classifier the fine-tuned classifier, or null
     * @param config     the configuration that pretrained it, or null
     * @throws IllegalArgumentException naming the layer whose sizes do not fit
     */
    public Dbn(VisibleUnits inputUnits, int inputs, List<DirectedLayer> lower, Rbm top, Classifier classifier,
               DbnConfig config) {
        if (inputUnits == null || top == null || lower == null) {
            throw new IllegalArgumentException("inputUnits, lower layers and top RBM must be given");
        }
        int below = inputs;
        for (int i = 0; i < lower.size(); i++) {
            DirectedLayer l = lower.get(i);
            if (l.below() != below) {
                throw new IllegalArgumentException("layer " + (i + 1) + " has " + l.below() + " units below but the "
                        + (i == 0 ? "input has " : "layer under it has ") + below);
            }
            below = l.above();
        }
        if (top.visible() != below) {
            throw new IllegalArgumentException("the top RBM has " + top.visible() + " visible units but the layer "
                    + "under it has " + below);
        }
        if (!lower.isEmpty() && top.visibleUnits() != VisibleUnits.BERNOULLI) {
            throw new IllegalArgumentException("the top RBM of a multi-layer DBN must have Bernoulli visible units");
        }
        if (lower.isEmpty() && top.visibleUnits() != inputUnits) {
            throw new IllegalArgumentException("a one-layer DBN's RBM has " + top.visibleUnits()
                    + " visible units but the input is " + inputUnits);
        }
        if (classifier != null && classifier.inputs() != inputs) {
            throw new IllegalArgumentException("the classifier takes " + classifier.inputs() + " inputs but the DBN "
                    + inputs);
        }
        if (classifier != null && top.labels() > 0 && classifier.classes() != top.labels()) {
            throw new IllegalArgumentException("the classifier has " + classifier.classes() + " classes but the DBN "
                    + top.labels() + " labels");
        }
        if (config != null) {
            checkConfig(config, inputUnits, lower, top);
        }
        this.inputUnits = inputUnits;
        this.inputs = inputs;
        this.lower = List.copyOf(lower);
        this.top = top;
        this.classifier = classifier;
        this.config = config;
    }

    /** The configuration a DBN carries must describe it: as many layers, of the same sizes, units and labels. */
    private static void checkConfig(DbnConfig config, VisibleUnits inputUnits, List<DirectedLayer> lower, Rbm top) {
        int layers = lower.size() + 1;
        if (config.layers().size() != layers) {
            throw new IllegalArgumentException("the configuration describes " + config.layers().size()
                    + " layers but the DBN has " + layers);
        }
        for (int i = 0; i < layers; i++) {
            int size = i < lower.size() ? lower.get(i).above() : top.hidden();
            if (config.layers().get(i).hidden() != size) {
                throw new IllegalArgumentException("the configuration gives layer " + (i + 1) + " "
                        + config.layers().get(i).hidden() + " units but the DBN's layer " + (i + 1) + " has " + size);
            }
        }
        if (config.layers().get(0).visibleUnits() != inputUnits) {
            throw new IllegalArgumentException("the configuration's first layer has " + config.layers().get(0)
                    .visibleUnits() + " visible units but the DBN's input is " + inputUnits);
        }
        if (config.labels() != top.labels()) {
            throw new IllegalArgumentException("the configuration has " + config.labels() + " labels but the DBN's "
                    + "top layer has " + top.labels());
        }
    }

    public VisibleUnits inputUnits() {
        return inputUnits;
    }

    /** Width of an input case. */
    public int inputs() {
        return inputs;
    }

    /** The directed layers, bottom first. */
    public List<DirectedLayer> lower() {
        return lower;
    }

    /** The top-level RBM (associative memory). */
    public Rbm top() {
        return top;
    }

    /** Number of label units of the top RBM, 0 if unlabelled. */
    public int labels() {
        return top.labels();
    }

    public Optional<Classifier> classifier() {
        return Optional.ofNullable(classifier);
    }

    public Optional<DbnConfig> config() {
        return Optional.ofNullable(config);
    }

    /** Units of every layer, input first, top hidden layer last. */
    public int[] sizes() {
        int[] s = new int[lower.size() + 2];
        s[0] = inputs;
        for (int i = 0; i < lower.size(); i++) {
            s[i + 1] = lower.get(i).above();
        }
        s[s.length - 1] = top.hidden();
        return s;
    }

    /** This DBN with another fine-tuned classifier. */
    public Dbn withClassifier(Classifier c) {
        return new Dbn(inputUnits, inputs, lower, top, c, config);
    }

    /** This DBN with other generative parameters (the classifier is kept). */
    public Dbn withLayers(List<DirectedLayer> newLower, Rbm newTop) {
        return new Dbn(inputUnits, inputs, newLower, newTop, classifier, config);
    }

    /**
     * The network unrolled for discriminative fine-tuning: the recognition weights and biases of
     * the directed layers and the top RBM's weights and hidden biases become sigmoid layers, and a
     * softmax layer of {@code classes} outputs is added. With label units, the softmax layer starts
     * from the top RBM's label weights (transposed) and label biases, which already link the top
     * hidden units to the classes; otherwise from N(0, 0.01^2) weights drawn from the seed.
     */
    public Classifier unroll(int classes, long seed) {
        return unroll(classes, seed, 0.01, false);
    }

    /**
     * As {@link #unroll(int, long)}, but without label units the softmax layer's weights and biases
     * are both drawn from N(0, {@code outputStd}^2), as the 2001x10 output matrix of Hinton and
     * Salakhutdinov (2006).
     */
    public Classifier unroll(int classes, long seed, double outputStd) {
        return unroll(classes, seed, outputStd, true);
    }

    private Classifier unroll(int classes, long seed, double outputStd, boolean randomBias) {
        if (labels() > 0 && classes != labels()) {
            throw new IllegalArgumentException("the DBN has " + labels() + " labels but " + classes
                    + " classes were asked for");
        }
        int[] hidden = sizes();
        int[] sizes = new int[hidden.length + 1];
        System.arraycopy(hidden, 0, sizes, 0, hidden.length);
        sizes[sizes.length - 1] = classes;
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (DirectedLayer l : lower) {
            w.add(l.recognitionWeights());
            b.add(l.recognitionBias());
        }
        w.add(top.weights());
        b.add(top.hiddenBias());
        int h = top.hidden();
        double[] out = new double[h * classes];
        double[] outBias;
        if (labels() > 0) {
            double[] u = top.labelWeights(); // labels x hidden
            for (int j = 0; j < h; j++) {
                for (int k = 0; k < classes; k++) {
                    out[j * classes + k] = u[k * h + j];
                }
            }
            outBias = top.labelBias();
        } else {
            RandomStream rng = RandomStream.of(seed).split(9);
            for (int i = 0; i < out.length; i++) {
                out[i] = outputStd * rng.gaussian(i);
            }
            outBias = new double[classes];
            if (randomBias) {
                for (int k = 0; k < classes; k++) {
                    outBias[k] = outputStd * rng.gaussian(out.length + k);
                }
            }
        }
        w.add(out);
        b.add(outBias);
        return new Classifier(sizes, w, b);
    }

    /** Equal parameters (the training configuration is not compared, as for {@link Rbm}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Dbn d && d.inputUnits == inputUnits && d.inputs == inputs && d.lower.equals(lower)
                && d.top.equals(top) && java.util.Objects.equals(d.classifier, classifier);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(inputUnits, inputs, lower, top, classifier);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Dbn[");
        int[] s = sizes();
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : "-").append(s[i]);
        }
        if (labels() > 0) {
            sb.append(" +").append(labels()).append(" labels");
        }
        return sb.append(classifier != null ? ", fine-tuned]" : "]").toString();
    }
}
