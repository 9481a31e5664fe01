package io.github.dbn4j.core.vae;

import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.internal.Parameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained (or initial) variational autoencoder: its {@link VaeArchitecture} and every parameter
 * as a row-major array, by the names the architecture gives. Immutable; load it on a backend with
 * {@link VaeEngine}.
 */
public final class Vae {

    /** The initial bias of every IAF gate {@code s}: each step starts close to the identity, as Kingma et al. advise. */
    public static final double IAF_GATE_BIAS = 1.0;

    private final VaeArchitecture architecture;
    private final Map<String, double[]> parameters;

    /**
     * A VAE from its parameters, which must be exactly the architecture's, each with its shape's
     * number of finite values; masked IAF weights must be 0 where their mask is.
     */
    public Vae(VaeArchitecture architecture, Map<String, double[]> parameters) {
        this.architecture = architecture;
        Map<String, int[]> shapes = architecture.shapes();
        if (!parameters.keySet().equals(shapes.keySet())) {
            throw new IllegalArgumentException("a VAE of this architecture has the parameters " + shapes.keySet()
                    + ", got " + parameters.keySet());
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            int[] s = e.getValue();
            copy.put(e.getKey(), Parameters.finiteCopy(e.getKey(), parameters.get(e.getKey()), (long) s[0] * s[1],
                    s[0] + "x" + s[1]));
        }
        for (int t = 0; t < architecture.iafSteps(); t++) {
            checkMasked(copy, "iaf" + t + ".W_z", architecture.inputMask(t));
            checkMasked(copy, "iaf" + t + ".W_m", architecture.outputMask(t));
            checkMasked(copy, "iaf" + t + ".W_s", architecture.outputMask(t));
        }
        this.parameters = Collections.unmodifiableMap(copy);
    }

    private static void checkMasked(Map<String, double[]> p, String name, double[] mask) {
        double[] w = p.get(name);
        for (int i = 0; i < w.length; i++) {
            if (mask[i] == 0 && w[i] != 0) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + w[i] + " where the autoregressive mask"
                        + " is 0: the flow would not be autoregressive");
            }
        }
    }

    /**
     * A new VAE: weights drawn from {@code N(0, 2 / (in + out))} (Glorot and Bengio, 2010), masked
     * where IAF masks them; biases 0, but the IAF gates at {@link #IAF_GATE_BIAS} and, given the
     * data's mean of every input, the decoder's output biases at their log-odds (Bernoulli) or at the
     * means (Gaussian, whose log-variances start at {@code log(m (1 - m))}, the largest a value in
     * [0, 1] with mean {@code m} can have).
     *
     * @param inputMeans the mean of every input over the training data, or null for output biases of 0
     */
    public static Vae initial(VaeArchitecture architecture, long seed, double[] inputMeans) {
        return initial(architecture, seed, inputMeans, null);
    }

    /**
     * As {@link #initial(VaeArchitecture, long, double[])}; Gaussian outputs start with the
     * log-variances of the data, {@code inputVariances} (floored at 1e-4), when they are given.
     */
    public static Vae initial(VaeArchitecture architecture, long seed, double[] inputMeans,
                              double[] inputVariances) {
        RandomStream stream = RandomStream.of(seed).split(0);
        Map<String, double[]> p = new LinkedHashMap<>();
        long position = 0;
        for (Map.Entry<String, int[]> e : architecture.shapes().entrySet()) {
            int rows = e.getValue()[0];
            int cols = e.getValue()[1];
            double[] v = new double[rows * cols];
            if (e.getKey().contains(".W")) {
                double std = Math.sqrt(2.0 / (rows + cols));
                for (int i = 0; i < v.length; i++) {
                    v[i] = std * stream.gaussian(position + i);
                }
            }
            position += v.length;
            p.put(e.getKey(), v);
        }
        for (int t = 0; t < architecture.iafSteps(); t++) {
            mask(p.get("iaf" + t + ".W_z"), architecture.inputMask(t));
            mask(p.get("iaf" + t + ".W_m"), architecture.outputMask(t));
            mask(p.get("iaf" + t + ".W_s"), architecture.outputMask(t));
            java.util.Arrays.fill(p.get("iaf" + t + ".b_s"), IAF_GATE_BIAS);
        }
        if (inputMeans != null) {
            if (inputMeans.length != architecture.inputs()) {
                throw new IllegalArgumentException(inputMeans.length + " input means for " + architecture.inputs()
                        + " inputs");
            }
            double[] b = p.get("decoder.b_out");
            for (int j = 0; j < b.length; j++) {
                double q = Math.min(1 - 1e-3, Math.max(1e-3, inputMeans[j]));
                b[j] = architecture.output() == VaeOutput.BERNOULLI ? Math.log(q / (1 - q)) : inputMeans[j];
            }
        }
        if (architecture.output() == VaeOutput.GAUSSIAN) {
            double[] lv = p.get("decoder.logvar_out");
            for (int j = 0; j < lv.length; j++) {
                double q = inputMeans == null ? 0.5 : Math.min(1 - 1e-3, Math.max(1e-3, inputMeans[j]));
                lv[j] = inputVariances != null ? Math.log(Math.max(1e-4, inputVariances[j]))
                        : Math.log(q * (1 - q)); // the largest variance of a value in [0, 1] with that mean
            }
        }
        return new Vae(architecture, p);
    }

    private static void mask(double[] w, double[] mask) {
        for (int i = 0; i < w.length; i++) {
            w[i] *= mask[i];
        }
    }

    public VaeArchitecture architecture() {
        return architecture;
    }

    /** The parameter names, in the canonical order. */
    public List<String> names() {
        return List.copyOf(parameters.keySet());
    }

    /** A copy of one parameter's values (row-major). */
    public double[] values(String name) {
        double[] v = parameters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no VAE parameter named " + name + "; the names are " + names());
        }
        return v.clone();
    }
}
