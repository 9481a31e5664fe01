package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.internal.Workspace;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.List;

/**
 * A DBN's generative parameters loaded on a {@link Backend}: the recognition pass, generative
 * classification by free energy, and generation (free-running or with a clamped label). The
 * wake-sleep trainer updates the parameters in place. Not thread-safe.
 */
public final class DbnEngine {

    private static final int CHUNK = 1000;

    /**
     * The label strength the program generates with, the smallest at which the generated digits of
     * both demos were assigned to their clamped label at least 95% of the time by the fine-tuned
     * classifier: 0.38, 0.78, 0.97, 1.00 at strengths 1, 2, 3, 5 for the quick demo's DBN, and
     * 0.91, 0.93, 0.96 at strengths 3, 4, 5 for the demo's (docs/RESULTS.md).
     */
    public static final double LABEL_STRENGTH = 5.0;

    /** The matrices of one directed layer. */
    static final class Layer {
        final Matrix recW;   // below x above
        final Matrix recB;   // 1 x above
        final Matrix genW;   // below x above
        final Matrix genB;   // 1 x below

        Layer(Backend b, DirectedLayer l) {
            recW = b.fromArray(l.below(), l.above(), l.recognitionWeights());
            recB = b.fromArray(1, l.above(), l.recognitionBias());
            genW = b.fromArray(l.below(), l.above(), l.generativeWeights());
            genB = b.fromArray(1, l.below(), l.generativeBias());
        }

        int below() {
            return recW.rows();
        }

        int above() {
            return recW.cols();
        }

        DirectedLayer toLayer(Backend b) {
            return new DirectedLayer(below(), above(), b.toArray(recW), b.toArray(recB), b.toArray(genW),
                    b.toArray(genB));
        }
    }

    /**
     * Generated cases: {@code probabilities}, the means of the bottom units under a deterministic
     * down pass from the top RBM's last visible probabilities (what pictures show: no speckle from
     * the sampled layers between), and {@code samples}, a sampled down pass from its last states.
     */
    public record Generated(Matrix probabilities, Matrix samples) {
    }

    private final Backend backend;
    private final Dbn model;
    final List<Layer> layers = new ArrayList<>();
    final RbmEngine top;
    final Workspace work;

    public DbnEngine(Backend backend, Dbn dbn) {
        this.backend = backend;
        this.model = dbn;
        for (DirectedLayer l : dbn.lower()) {
            layers.add(new Layer(backend, l));
        }
        this.top = new RbmEngine(backend, dbn.top());
        this.work = new Workspace(backend);
    }

    public Backend backend() {
        return backend;
    }

    /** The current parameters as a DBN (keeping the loaded model's classifier and configuration). */
    public Dbn toDbn() {
        List<DirectedLayer> lower = new ArrayList<>();
        for (Layer l : layers) {
            lower.add(l.toLayer(backend));
        }
        RbmConfig topConfig = model.top().config().orElse(null);
        return model.withLayers(lower, top.toRbm(topConfig));
    }

    /** Number of label units, 0 if unlabelled. */
    public int labels() {
        return top.labels();
    }

    /** Width of the top RBM's visible layer (the penultimate layer). */
    public int penultimate() {
        return top.visible();
    }

    /**
     * Deterministic recognition pass: {@code out} ({@code n x penultimate}) receives the
     * probabilities of the top RBM's visible units given the rows of {@code v}.
     */
    public void up(Matrix v, Matrix out) {
        if (v.cols() != model.inputs()) {
            throw new IllegalArgumentException("features are " + v.shape() + " but the DBN takes " + model.inputs()
                    + " inputs: widths must match");
        }
        if (layers.isEmpty()) {
            backend.copy(v, out);
            return;
        }
        Matrix current = v;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Matrix next = i == layers.size() - 1 ? out : work.get("up." + i, v.rows(), l.above());
            backend.gemm(false, false, 1.0, current, l.recW, 0.0, next);
            backend.addRowVector(next, l.recB, next);
            backend.sigmoid(next, next);
            current = next;
        }
    }

    /**
     * Generative classification (Hinton et al. 2006): for each case, the label whose clamped
     * free energy {@code F(pen, label)} in the top RBM is lowest, {@code pen} the recognition
     * probabilities of the penultimate layer.
     */
    public int[] classify(Matrix data) {
        if (labels() == 0) {
            throw new IllegalStateException("the DBN has no label units, so it cannot classify generatively");
        }
        int[] out = new int[data.rows()];
        int l = labels();
        for (int start = 0; start < data.rows(); start += CHUNK) {
            int rows = Math.min(CHUNK, data.rows() - start);
            Matrix chunk = data;
            if (rows != data.rows()) {
                chunk = work.get("cls.chunk", rows, data.cols());
                backend.gatherRows(data, work.identity(data.rows()), start, chunk);
            }
            Matrix pen = work.get("cls.pen", rows, penultimate());
            up(chunk, pen);
            Matrix energies = work.get("cls.f", rows, l);
            Matrix f = work.get("cls.fy", rows, 1);
            double[] all = new double[rows * l];
            for (int y = 0; y < l; y++) {
                Matrix clamp = work.get("cls.l" + y, rows, l);
                double[] oneHot = new double[rows * l];
                for (int i = 0; i < rows; i++) {
                    oneHot[i * l + y] = 1;
                }
                backend.set(clamp, oneHot);
                top.freeEnergy(pen, clamp, f);
                double[] fy = backend.toArray(f);
                for (int i = 0; i < rows; i++) {
                    all[i * l + y] = -fy[i];
                }
            }
            backend.set(energies, all);
            int[] best = Labels.argmax(backend, energies);
            System.arraycopy(best, 0, out, start, rows);
        }
        return out;
    }

    /**
     * Generates {@code count} cases: a top-level Gibbs chain of {@code gibbsSteps} steps, started
     * from random penultimate states, with the label units clamped to {@code label} (or sampled
     * freely when {@code label < 0}), followed by downward passes through the generative weights:
     * a deterministic one for {@link Generated#probabilities()} and a sampled one for
     * {@link Generated#samples()}.
     */
    public Generated generate(int count, int label, int gibbsSteps, RandomCursor rng) {
        return generate(count, label, gibbsSteps, 1.0, rng);
    }

    /**
     * {@link #generate(int, int, int, RandomCursor)} with the clamped label counted
     * {@code labelStrength} times: the top hidden units receive {@code labelStrength} times the
     * label's weights, as if the softmax label group were replicated that many times. Strength 1
     * samples the DBN as trained. After short training the associative memory's label weights are
     * small beside the penultimate layer's (in the demo's DBN a label moves a hidden unit's input
     * by about a tenth of what the penultimate states do), so chains clamped to any label settle in
     * the same few modes; a stronger label sharpens the conditional toward the label's digits.
     * {@link #LABEL_STRENGTH} is the value measured to make them show their label.
     *
     * @param labelStrength how many times the clamped label counts, positive (ignored when
     *                      {@code label < 0}: free-running labels are sampled as they are)
     */
    public Generated generate(int count, int label, int gibbsSteps, double labelStrength, RandomCursor rng) {
        if (!(labelStrength > 0) || !Double.isFinite(labelStrength)) {
            throw new IllegalArgumentException("labelStrength must be finite and positive, got " + labelStrength);
        }
        if (count < 1 || gibbsSteps < 1) {
            throw new IllegalArgumentException("count and gibbsSteps must be at least 1, got " + count + " and "
                    + gibbsSteps);
        }
        int l = labels();
        if (label >= l && label >= 0) {
            throw new IllegalArgumentException("label " + label + " is outside 0.." + (l - 1)
                    + (l == 0 ? " (the DBN has no label units)" : ""));
        }
        int h = top.hidden();
        Matrix pen = backend.create(count, penultimate());
        Matrix penP = backend.create(count, penultimate());
        Matrix hp = backend.create(count, h);
        Matrix hs = backend.create(count, h);
        Matrix lab = l > 0 ? backend.create(count, l) : null;
        Matrix labP = l > 0 ? backend.create(count, l) : null;
        backend.fill(penP, 0.5);
        sample(penP, rng, pen);
        if (l > 0) {
            if (label >= 0) {
                double[] oneHot = new double[count * l];
                for (int i = 0; i < count; i++) {
                    oneHot[i * l + label] = 1;
                }
                backend.set(lab, oneHot);
            } else {
                backend.fill(labP, 1.0 / l);
                top.sampleLabels(labP, rng, lab);
            }
        }
        double strength = label >= 0 ? labelStrength : 1.0;
        for (int s = 0; s < gibbsSteps; s++) {
            top.hiddenProbabilities(pen, lab, strength, hp);
            top.sampleHidden(hp, rng, hs);
            top.visibleMeans(hs, penP);
            if (layers.isEmpty() && s == gibbsSteps - 1) {
                break; // a one-layer DBN's visible units are the output: keep their means
            }
            top.sampleVisible(penP, rng, pen);
            if (l > 0 && label < 0) {
                top.labelProbabilities(hs, labP);
                top.sampleLabels(labP, rng, lab);
            }
        }
        if (layers.isEmpty()) {
            Matrix samples = backend.create(count, penultimate());
            top.sampleVisible(penP, rng, samples);
            return new Generated(penP, samples);
        }
        // the means: a deterministic down pass from the top RBM's last visible probabilities
        Matrix mean = penP;
        for (int i = layers.size() - 1; i >= 0; i--) {
            mean = down(i, mean);
        }
        // the samples: a sampled down pass from the top RBM's last visible states
        Matrix current = pen;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Matrix probs = down(i, current);
            Matrix states = backend.create(count, probs.cols());
            if (i == 0 && model.inputUnits() == VisibleUnits.GAUSSIAN) {
                backend.fillGaussian(rng.stream(), rng.take(states.size()), states);
                backend.axpy(1.0, probs, states);
            } else {
                sample(probs, rng, states);
            }
            current = states;
        }
        return new Generated(mean, current);
    }

    /** The means of directed layer {@code i}'s lower units given the states {@code above}: sigmoid, or linear at a Gaussian bottom. */
    private Matrix down(int i, Matrix above) {
        Layer layer = layers.get(i);
        Matrix below = backend.create(above.rows(), layer.below());
        backend.gemm(false, true, 1.0, above, layer.genW, 0.0, below);
        backend.addRowVector(below, layer.genB, below);
        if (i > 0 || model.inputUnits() == VisibleUnits.BERNOULLI) {
            backend.sigmoid(below, below);
        }
        return below;
    }

    void sample(Matrix probs, RandomCursor rng, Matrix out) {
        backend.fillUniform(rng.stream(), rng.take(out.size()), out);
        backend.bernoulli(probs, out, out);
    }
}
