package io.github.dbn4j.core.vae;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a variational autoencoder: {@code inputs} Bernoulli units, a tanh encoder MLP whose
 * last hidden layer gives the mean and the log-variance of {@code latent} Gaussian units, an
 * optional inverse autoregressive flow of {@code iafSteps} steps, and a tanh decoder MLP that gives
 * the Bernoulli logits of the inputs.
 *
 * <p>Each IAF step is a MADE network (Germain et al., 2015) with one tanh hidden layer of
 * {@code iafHidden} units that also sees the encoder's last hidden layer (the context {@code h} of
 * Kingma et al., 2016); it gives a shift {@code m} and a gate {@code s}, and the step is
 * {@code z = sigmoid(s) * z + (1 - sigmoid(s)) * m}. The order of the latent units is reversed from
 * one step to the next.
 *
 * <p>Parameter names, in the order of {@link #shapes()} (and of the {@code model.npz} file):
 * {@code encoder.W0, encoder.b0, ...} for the encoder's hidden layers, {@code encoder.W_mu,
 * encoder.b_mu, encoder.W_logvar, encoder.b_logvar}; per IAF step {@code t} (from 0)
 * {@code iaf{t}.W_z} (latent x iafHidden, masked), {@code iaf{t}.W_h} (context x iafHidden),
 * {@code iaf{t}.b}, {@code iaf{t}.W_m, iaf{t}.b_m, iaf{t}.W_s, iaf{t}.b_s} (iafHidden x latent,
 * masked); then {@code decoder.W0, decoder.b0, ..., decoder.W_out, decoder.b_out}, and with
 * Gaussian outputs {@code decoder.logvar_out} ({@code 1 x inputs}). Weights are
 * {@code in x out}, biases {@code 1 x out}; masked weights are 0 where the mask is 0.
 *
 * @param inputs        width of a case, at least 1
 * @param encoderHidden widths of the encoder's hidden layers, at least one
 * @param latent        number of latent units, at least 1
 * @param decoderHidden widths of the decoder's hidden layers, at least one
 * @param iafSteps      number of IAF steps, 0 for a plain VAE
 * @param iafHidden     width of each IAF step's hidden layer (at least 1 when there are steps)
 * @param output        Bernoulli logits, or Gaussian means with a learned log-variance per input
 */
public record VaeArchitecture(int inputs, List<Integer> encoderHidden, int latent, List<Integer> decoderHidden,
                              int iafSteps, int iafHidden, VaeOutput output) {

    /** A VAE with Bernoulli outputs. */
    public VaeArchitecture(int inputs, List<Integer> encoderHidden, int latent, List<Integer> decoderHidden,
                           int iafSteps, int iafHidden) {
        this(inputs, encoderHidden, latent, decoderHidden, iafSteps, iafHidden, VaeOutput.BERNOULLI);
    }

    public VaeArchitecture {
        if (output == null) {
            throw new IllegalArgumentException("output must be BERNOULLI or GAUSSIAN, got null");
        }
        if (inputs < 1 || latent < 1) {
            throw new IllegalArgumentException("a VAE needs at least one input and one latent unit, got " + inputs
                    + " inputs and " + latent + " latent units");
        }
        encoderHidden = widths("encoderHidden", encoderHidden);
        decoderHidden = widths("decoderHidden", decoderHidden);
        if (iafSteps < 0) {
            throw new IllegalArgumentException("iafSteps must be at least 0, got " + iafSteps);
        }
        if (iafSteps > 0 && iafHidden < 1) {
            throw new IllegalArgumentException("iafHidden must be at least 1 with " + iafSteps + " IAF steps, got "
                    + iafHidden);
        }
    }

    private static List<Integer> widths(String name, List<Integer> widths) {
        if (widths == null || widths.isEmpty()) {
            throw new IllegalArgumentException(name + " must hold at least one layer width");
        }
        for (Integer w : widths) {
            if (w == null || w < 1) {
                throw new IllegalArgumentException(name + " " + widths + ": every width must be at least 1");
            }
        }
        return List.copyOf(widths);
    }

    /** The encoder's last hidden width: the context every IAF step sees. */
    public int context() {
        return encoderHidden.get(encoderHidden.size() - 1);
    }

    /** Every parameter's name and {@code {rows, cols}}, in the canonical order. */
    public Map<String, int[]> shapes() {
        Map<String, int[]> s = new LinkedHashMap<>();
        int in = inputs;
        for (int i = 0; i < encoderHidden.size(); i++) {
            s.put("encoder.W" + i, new int[] {in, encoderHidden.get(i)});
            s.put("encoder.b" + i, new int[] {1, encoderHidden.get(i)});
            in = encoderHidden.get(i);
        }
        s.put("encoder.W_mu", new int[] {in, latent});
        s.put("encoder.b_mu", new int[] {1, latent});
        s.put("encoder.W_logvar", new int[] {in, latent});
        s.put("encoder.b_logvar", new int[] {1, latent});
        for (int t = 0; t < iafSteps; t++) {
            s.put("iaf" + t + ".W_z", new int[] {latent, iafHidden});
            s.put("iaf" + t + ".W_h", new int[] {context(), iafHidden});
            s.put("iaf" + t + ".b", new int[] {1, iafHidden});
            s.put("iaf" + t + ".W_m", new int[] {iafHidden, latent});
            s.put("iaf" + t + ".b_m", new int[] {1, latent});
            s.put("iaf" + t + ".W_s", new int[] {iafHidden, latent});
            s.put("iaf" + t + ".b_s", new int[] {1, latent});
        }
        in = latent;
        for (int i = 0; i < decoderHidden.size(); i++) {
            s.put("decoder.W" + i, new int[] {in, decoderHidden.get(i)});
            s.put("decoder.b" + i, new int[] {1, decoderHidden.get(i)});
            in = decoderHidden.get(i);
        }
        s.put("decoder.W_out", new int[] {in, inputs});
        s.put("decoder.b_out", new int[] {1, inputs});
        if (output == VaeOutput.GAUSSIAN) {
            s.put("decoder.logvar_out", new int[] {1, inputs});
        }
        return s;
    }

    /** The number of real parameters. */
    public long parameterCount() {
        long n = 0;
        for (int[] shape : shapes().values()) {
            n += (long) shape[0] * shape[1];
        }
        return n;
    }

    /**
     * The MADE mask of IAF step {@code t}'s input weights {@code W_z} ({@code latent x iafHidden}),
     * row-major: 1 where hidden unit {@code k} may see latent unit {@code i}.
     */
    public double[] inputMask(int t) {
        double[] m = new double[latent * iafHidden];
        for (int i = 0; i < latent; i++) {
            for (int k = 0; k < iafHidden; k++) {
                m[i * iafHidden + k] = hiddenDegree(k) >= degree(t, i) ? 1 : 0;
            }
        }
        return m;
    }

    /**
     * The MADE mask of IAF step {@code t}'s output weights {@code W_m} and {@code W_s}
     * ({@code iafHidden x latent}): 1 where output {@code j} may see hidden unit {@code k}, so that
     * output {@code j} depends only on the latent units before it in the step's order.
     */
    public double[] outputMask(int t) {
        double[] m = new double[iafHidden * latent];
        for (int k = 0; k < iafHidden; k++) {
            for (int j = 0; j < latent; j++) {
                m[k * latent + j] = degree(t, j) > hiddenDegree(k) ? 1 : 0;
            }
        }
        return m;
    }

    /** The place (1 to latent) of latent unit {@code i} in the order of step {@code t}: reversed at odd steps. */
    int degree(int t, int i) {
        return t % 2 == 0 ? i + 1 : latent - i;
    }

    /** The degree of MADE hidden unit {@code k}: 1 to latent - 1, in turn. */
    int hiddenDegree(int k) {
        return latent == 1 ? 1 : k % (latent - 1) + 1;
    }
}
