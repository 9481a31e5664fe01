package io.github.dbn4j.core.vae;

import io.github.dbn4j.core.io.ModelFileException;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.io.Npz;
import io.github.dbn4j.core.io.NpyArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Vae} as a NumPy {@code .npz} archive ({@code kind = [2]}, beside the RBM's 0 and the
 * DBN's 1 of {@link ModelNpz}). Every parameter under its name in {@link VaeArchitecture} as a
 * float64 array (weights {@code in x out}, biases of shape {@code (out,)}), and the architecture
 * as int64 arrays: {@code inputs}, {@code latent}, {@code encoder_hidden}, {@code decoder_hidden},
 * {@code iaf_steps}, {@code iaf_hidden}, {@code gaussian_output} (1 for Gaussian outputs, 0 for
 * Bernoulli), with {@code format_version} and {@code kind}. In NumPy:
 * {@code h = tanh(x @ m["encoder.W0"] + m["encoder.b0"])}, and so on.
 */
public final class VaeNpz {

    /** The {@code kind} of a VAE archive. */
    public static final int KIND_VAE = 2;
    private static final List<String> METADATA = List.of("format_version", "kind", "inputs", "latent",
            "encoder_hidden", "decoder_hidden", "iaf_steps", "iaf_hidden", "gaussian_output");

    private VaeNpz() {
    }

    /** Writes {@code vae} to {@code file}. */
    public static void write(Path file, Vae vae) {
        VaeArchitecture a = vae.architecture();
        Map<String, NpyArray> m = new LinkedHashMap<>();
        Map<String, int[]> shapes = a.shapes();
        for (String name : vae.names()) {
            int[] s = shapes.get(name);
            boolean vector = s[0] == 1 && (name.contains(".b") || name.endsWith("logvar_out"));
            m.put(name, vector ? NpyArray.ofDoubles(vae.values(name), s[1])
                    : NpyArray.ofDoubles(vae.values(name), s[0], s[1]));
        }
        m.put("format_version", longs(ModelNpz.FORMAT_VERSION));
        m.put("kind", longs(KIND_VAE));
        m.put("inputs", longs(a.inputs()));
        m.put("latent", longs(a.latent()));
        m.put("encoder_hidden", longs(a.encoderHidden().stream().mapToLong(Integer::longValue).toArray()));
        m.put("decoder_hidden", longs(a.decoderHidden().stream().mapToLong(Integer::longValue).toArray()));
        m.put("iaf_steps", longs(a.iafSteps()));
        m.put("iaf_hidden", longs(a.iafHidden()));
        m.put("gaussian_output", longs(a.output() == VaeOutput.GAUSSIAN ? 1 : 0));
        Npz.write(file, m);
    }

    private static NpyArray longs(long... v) {
        return NpyArray.ofLongs(v, v.length);
    }

    /**
     * Reads a VAE written by {@link #write}.
     *
     * @throws ModelFileException naming the file and what is wrong: not a VAE archive, a missing,
     *                            unknown or misshapen array, a value the architecture refuses
     */
    public static Vae read(Path file) {
        Map<String, NpyArray> arrays = Npz.read(file);
        long kind = scalar(file, arrays, "kind");
        if (kind != KIND_VAE) {
            throw new ModelFileException(file, "holds a model of kind " + kind + ", not a VAE (kind " + KIND_VAE + ")");
        }
        long version = scalar(file, arrays, "format_version");
        if (version < 1 || version > ModelNpz.FORMAT_VERSION) {
            throw new ModelFileException(file, "npz format version " + version + " is not one this build reads (1 to "
                    + ModelNpz.FORMAT_VERSION + ")");
        }
        VaeArchitecture a;
        try {
            a = new VaeArchitecture(toInt(file, "inputs", scalar(file, arrays, "inputs")), widths(file, arrays,
                    "encoder_hidden"), toInt(file, "latent", scalar(file, arrays, "latent")), widths(file, arrays,
                    "decoder_hidden"), toInt(file, "iaf_steps", scalar(file, arrays, "iaf_steps")),
                    toInt(file, "iaf_hidden", scalar(file, arrays, "iaf_hidden")),
                    scalar(file, arrays, "gaussian_output") == 1 ? VaeOutput.GAUSSIAN : VaeOutput.BERNOULLI);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "the architecture is not valid: " + e.getMessage(), e);
        }
        Map<String, int[]> shapes = a.shapes();
        Map<String, double[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            NpyArray v = arrays.get(e.getKey());
            if (v == null) {
                throw new ModelFileException(file, "has no array " + e.getKey() + ", which a VAE of this architecture"
                        + " needs");
            }
            if (v.size() != e.getValue()[0] * e.getValue()[1]) {
                throw new ModelFileException(file, e.getKey() + " has shape " + v.shapeString() + " but the architecture"
                        + " needs " + e.getValue()[0] + "x" + e.getValue()[1]);
            }
            p.put(e.getKey(), v.doubles());
        }
        for (String name : arrays.keySet()) {
            if (!shapes.containsKey(name) && !METADATA.contains(name)) {
                throw new ModelFileException(file, "holds an array " + name + " that is not part of a VAE");
            }
        }
        try {
            return new Vae(a, p);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage(), e);
        }
    }

    private static long scalar(Path file, Map<String, NpyArray> arrays, String name) {
        NpyArray v = arrays.get(name);
        if (v == null || !v.isInteger() || v.size() != 1) {
            throw new ModelFileException(file, v == null ? "has no " + name + " array; is it a VAE archive?"
                    : name + " must be one integer, got " + v.dtype() + " of shape " + v.shapeString());
        }
        return v.longs()[0];
    }

    private static List<Integer> widths(Path file, Map<String, NpyArray> arrays, String name) {
        NpyArray v = arrays.get(name);
        if (v == null || !v.isInteger()) {
            throw new ModelFileException(file, v == null ? "has no " + name + " array"
                    : name + " must hold integers, got " + v.dtype());
        }
        List<Integer> w = new ArrayList<>();
        for (long x : v.longs()) {
            w.add(toInt(file, name, x));
        }
        return w;
    }

    private static int toInt(Path file, String name, long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ModelFileException(file, name + " is " + v + ", out of range");
        }
        return (int) v;
    }
}
