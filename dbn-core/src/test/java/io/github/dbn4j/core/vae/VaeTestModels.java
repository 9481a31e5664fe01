package io.github.dbn4j.core.vae;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small VAEs and data the VAE tests share. */
final class VaeTestModels {

    private VaeTestModels() {
    }

    /** 7 inputs, a 6-5 encoder, 3 latent units, a 4 decoder, and {@code steps} IAF steps of 5 units. */
    static VaeArchitecture small(int steps) {
        return new VaeArchitecture(7, List.of(6, 5), 3, List.of(4), steps, 5);
    }

    /** As {@link #small(int)}, with the given outputs. */
    static VaeArchitecture small(int steps, VaeOutput output) {
        return new VaeArchitecture(7, List.of(6, 5), 3, List.of(4), steps, 5, output);
    }

    /** A VAE with every parameter (masked ones aside) drawn uniformly from [-scale, scale]. */
    static Vae random(VaeArchitecture arch, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, double[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : arch.shapes().entrySet()) {
            double[] v = new double[e.getValue()[0] * e.getValue()[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = scale * (2 * r.nextDouble() - 1);
            }
            p.put(e.getKey(), v);
        }
        for (int t = 0; t < arch.iafSteps(); t++) {
            mask(p.get("iaf" + t + ".W_z"), arch.inputMask(t));
            mask(p.get("iaf" + t + ".W_m"), arch.outputMask(t));
            mask(p.get("iaf" + t + ".W_s"), arch.outputMask(t));
        }
        return new Vae(arch, p);
    }

    static void mask(double[] w, double[] mask) {
        for (int i = 0; i < w.length; i++) {
            w[i] *= mask[i];
        }
    }

    /** {@code rows x cols} values: binary when {@code binary}, else uniform in [0, 1]. */
    static Matrix data(Backend b, int rows, int cols, long seed, boolean binary) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = binary ? (r.nextDouble() < 0.4 ? 1 : 0) : r.nextDouble();
        }
        return b.fromArray(rows, cols, v);
    }

    /** Standard normal noise. */
    static Matrix noise(Backend b, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return b.fromArray(rows, cols, v);
    }
}
