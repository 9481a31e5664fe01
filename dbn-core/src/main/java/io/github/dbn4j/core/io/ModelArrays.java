package io.github.dbn4j.core.io;

import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The named arrays of a model, shared by the npz and the native format (see {@link ModelNpz} for
 * the names), and the models built back from them with every name, shape and size checked.
 */
final class ModelArrays {

    static final String GAUSSIAN_VISIBLE = "gaussian_visible";
    static final String TOP = "top.";

    private ModelArrays() {
    }

    /** W, vbias, hbias, [W_label, label_bias], gaussian_visible. */
    static Map<String, NpyArray> of(Rbm rbm) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        putRbm(m, "", rbm);
        m.put(GAUSSIAN_VISIBLE, flag(rbm.visibleUnits() == VisibleUnits.GAUSSIAN));
        return m;
    }

    /** layer{i}.*, top.*, classifier.*, gaussian_visible. */
    static Map<String, NpyArray> of(Dbn dbn) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        List<DirectedLayer> lower = dbn.lower();
        for (int i = 0; i < lower.size(); i++) {
            DirectedLayer l = lower.get(i);
            String p = "layer" + i + ".";
            m.put(p + "W_rec", NpyArray.ofDoubles(l.recognitionWeights(), l.below(), l.above()));
            m.put(p + "W_gen", NpyArray.ofDoubles(l.generativeWeights(), l.below(), l.above()));
            m.put(p + "hbias", vector(l.recognitionBias()));
            m.put(p + "vbias", vector(l.generativeBias()));
        }
        putRbm(m, TOP, dbn.top());
        dbn.classifier().ifPresent(c -> {
            int[] s = c.sizes();
            for (int i = 0; i < c.depth(); i++) {
                m.put("classifier.W" + i, NpyArray.ofDoubles(c.weights(i), s[i], s[i + 1]));
                m.put("classifier.b" + i, vector(c.biases(i)));
            }
        });
        m.put(GAUSSIAN_VISIBLE, flag(dbn.inputUnits() == VisibleUnits.GAUSSIAN));
        return m;
    }

    private static void putRbm(Map<String, NpyArray> m, String p, Rbm r) {
        m.put(p + "W", NpyArray.ofDoubles(r.weights(), r.visible(), r.hidden()));
        m.put(p + "vbias", vector(r.visibleBias()));
        m.put(p + "hbias", vector(r.hiddenBias()));
        if (r.labels() > 0) {
            m.put(p + "W_label", NpyArray.ofDoubles(r.labelWeights(), r.labels(), r.hidden()));
            m.put(p + "label_bias", vector(r.labelBias()));
        }
    }

    private static NpyArray vector(double[] v) {
        return NpyArray.ofDoubles(v, v.length);
    }

    static NpyArray flag(boolean b) {
        return NpyArray.ofLongs(new long[] {b ? 1 : 0}, 1);
    }

    /** An RBM from W, vbias, hbias, [W_label, label_bias] and gaussian_visible; takes all of them. */
    static Rbm rbm(NamedArrays a, RbmConfig config) {
        VisibleUnits units = a.flag(GAUSSIAN_VISIBLE) ? VisibleUnits.GAUSSIAN : VisibleUnits.BERNOULLI;
        NamedArrays.Matrix w = a.matrix("W", "visible x hidden");
        return rbm(a, "", units, w, config);
    }

    private static Rbm rbm(NamedArrays a, String p, VisibleUnits units, NamedArrays.Matrix w, RbmConfig config) {
        int v = w.rows();
        int h = w.cols();
        double[] vbias = a.vector(p + "vbias", v, "one per visible unit");
        double[] hbias = a.vector(p + "hbias", h, "one per hidden unit");
        if (a.has(p + "W_label") != a.has(p + "label_bias")) {
            throw a.error("array '" + p + (a.has(p + "W_label") ? "W_label' is present but '" + p + "label_bias"
                    : "label_bias' is present but '" + p + "W_label") + "' is missing");
        }
        if (!a.has(p + "W_label")) {
            return build(a, () -> new Rbm(units, v, h, w.values(), vbias, hbias, config));
        }
        NamedArrays.Matrix u = a.matrix(p + "W_label", "labels x hidden");
        if (u.cols() != h) {
            throw a.error("array '" + p + "W_label' has shape (" + u.rows() + ", " + u.cols() + ") but must have "
                    + h + " columns, one per hidden unit (labels x hidden)");
        }
        double[] d = a.vector(p + "label_bias", u.rows(), "one per label");
        return build(a, () -> new Rbm(units, v, h, w.values(), vbias, hbias, u.rows(), u.values(), d, config));
    }

    /** A DBN from layer{i}.*, top.*, classifier.* and gaussian_visible; takes all of them. */
    static Dbn dbn(NamedArrays a, DbnConfig config, RbmConfig topConfig) {
        VisibleUnits units = a.flag(GAUSSIAN_VISIBLE) ? VisibleUnits.GAUSSIAN : VisibleUnits.BERNOULLI;
        List<DirectedLayer> lower = new ArrayList<>();
        int inputs = -1;
        int below = -1;
        for (int i = 0; hasLayer(a, "layer" + i + "."); i++) {
            String p = "layer" + i + ".";
            NamedArrays.Matrix rec = i == 0 ? a.matrix(p + "W_rec", "below x above")
                    : rows(a, p + "W_rec", below, "below x above", "the layer under it has " + below + " upper units");
            if (i == 0) {
                inputs = rec.rows();
            }
            NamedArrays.Matrix gen = a.matrix(p + "W_gen", rec.rows(), rec.cols(), "below x above, like W_rec");
            double[] hbias = a.vector(p + "hbias", rec.cols(), "recognition bias, one per upper unit");
            double[] vbias = a.vector(p + "vbias", rec.rows(), "generative bias, one per lower unit");
            lower.add(build(a, () -> new DirectedLayer(rec.rows(), rec.cols(), rec.values(), hbias, gen.values(),
                    vbias)));
            below = rec.cols();
        }
        NamedArrays.Matrix w = lower.isEmpty() ? a.matrix(TOP + "W", "visible x hidden")
                : rows(a, TOP + "W", below, "visible x hidden", "the layer under it has " + below + " upper units");
        if (lower.isEmpty()) {
            inputs = w.rows();
        }
        Rbm top = rbm(a, TOP, lower.isEmpty() ? units : VisibleUnits.BERNOULLI, w, topConfig);
        Classifier classifier = a.has("classifier.W0") || a.has("classifier.b0") ? classifier(a, inputs) : null;
        int in = inputs;
        return build(a, () -> new Dbn(units, in, lower, top, classifier, config));
    }

    private static boolean hasLayer(NamedArrays a, String p) {
        return a.has(p + "W_rec") || a.has(p + "W_gen") || a.has(p + "hbias") || a.has(p + "vbias");
    }

    private static Classifier classifier(NamedArrays a, int inputs) {
        List<Integer> sizes = new ArrayList<>(List.of(inputs));
        List<double[]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int i = 0; a.has("classifier.W" + i) || a.has("classifier.b" + i); i++) {
            int rows = sizes.get(i);
            NamedArrays.Matrix w = rows(a, "classifier.W" + i, rows, "inputs x outputs",
                    i == 0 ? "the DBN has " + rows + " inputs" : "the layer under it has " + rows + " outputs");
            weights.add(w.values());
            biases.add(a.vector("classifier.b" + i, w.cols(), "one per output"));
            sizes.add(w.cols());
        }
        return build(a, () -> new Classifier(sizes.stream().mapToInt(Integer::intValue).toArray(), weights, biases));
    }

    private static NamedArrays.Matrix rows(NamedArrays a, String name, int rows, String what, String why) {
        NamedArrays.Matrix m = a.matrix(name, what);
        if (m.rows() != rows) {
            throw a.error("array '" + name + "' has shape (" + m.rows() + ", " + m.cols() + ") but must have " + rows
                    + " rows (" + what + "): " + why);
        }
        return m;
    }

    /**
     * Runs a model constructor, reporting its objection as a problem of the file; builds nothing
     * (null) when only shapes are checked.
     */
    private static <T> T build(NamedArrays a, Supplier<T> constructor) {
        if (a.shapesOnly()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(a.file(), "invalid model: " + e.getMessage(), e);
        }
    }
}
