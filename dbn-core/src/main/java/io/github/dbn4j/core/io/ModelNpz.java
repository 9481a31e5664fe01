package io.github.dbn4j.core.io;

import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.rbm.Rbm;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports RBMs and DBNs as NumPy {@code .npz} archives that a researcher opens with
 * {@code numpy.load}, and imports them back. All parameters are float64 ({@code '<f8'}), 2-D
 * arrays are C order; the metadata are int64 arrays of shape {@code (1,)}.
 *
 * <p><b>RBM</b> ({@code kind = [0]}):
 * <ul>
 *   <li>{@code W} (visible x hidden), {@code vbias} (visible), {@code hbias} (hidden);</li>
 *   <li>if it has softmax label units: {@code W_label} (labels x hidden), {@code label_bias} (labels).</li>
 * </ul>
 *
 * <p><b>DBN</b> ({@code kind = [1]}):
 * <ul>
 *   <li>for each directed layer {@code i} (0-based, bottom first): {@code layer{i}.W_rec} and
 *       {@code layer{i}.W_gen} (both below x above), {@code layer{i}.hbias} (recognition bias
 *       of the upper units), {@code layer{i}.vbias} (generative bias of the lower units);</li>
 *   <li>the top-level RBM: {@code top.W} (visible x hidden), {@code top.vbias}, {@code top.hbias},
 *       and if labelled {@code top.W_label} (labels x hidden), {@code top.label_bias};</li>
 *   <li>the fine-tuned classifier if there is one: {@code classifier.W{i}} (inputs x outputs) and
 *       {@code classifier.b{i}}: sigmoid layers with a softmax last, applied to the input
 *       scaled as in training (pixels in [0, 1]): {@code h = sigmoid(x @ W0 + b0)}, ...,
 *       {@code p = softmax(h @ Wn + bn)}.</li>
 * </ul>
 *
 * <p><b>Metadata</b> of both: {@code format_version} ({@value #FORMAT_VERSION}),
 * {@code gaussian_visible} (1 if the visible/input units are unit-variance Gaussian, else 0) and
 * {@code kind} (0 = RBM, 1 = DBN; an archive without {@code kind} is read as an RBM).
 *
 * <p>Training configurations are <em>not</em> stored in npz files (use {@link ModelFiles} to keep
 * them): a model read from npz has no configuration.
 *
 * <p>Reading checks every name, shape, dtype and size and the chain of layer sizes, and builds
 * the model through its public constructors; unknown arrays are rejected. Parameters may be
 * stored in any dtype {@link Npy} reads; the metadata must be integers.
 */
public final class ModelNpz {

    /** The version of the npz layout written, stored in {@code format_version}. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code kind} of an RBM. */
    public static final int KIND_RBM = 0;
    /** The {@code kind} of a DBN. */
    public static final int KIND_DBN = 1;

    static final String FORMAT_VERSION_NAME = "format_version";
    static final String KIND_NAME = "kind";

    private ModelNpz() {
    }

    /**
     * Exports an RBM.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, Rbm rbm) {
        Npz.write(file, withMetadata(ModelArrays.of(rbm), KIND_RBM));
    }

    /**
     * Exports a DBN (with its classifier, if fine-tuned).
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, Dbn dbn) {
        Npz.write(file, withMetadata(ModelArrays.of(dbn), KIND_DBN));
    }

    private static Map<String, NpyArray> withMetadata(Map<String, NpyArray> arrays, int kind) {
        Map<String, NpyArray> m = new LinkedHashMap<>(arrays);
        m.put(FORMAT_VERSION_NAME, NpyArray.ofLongs(new long[] {FORMAT_VERSION}, 1));
        m.put(KIND_NAME, NpyArray.ofLongs(new long[] {kind}, 1));
        return m;
    }

    /**
     * Imports an RBM.
     *
     * @throws ModelFileException naming the file and the problem if it is not a valid RBM archive
     */
    public static Rbm readRbm(Path file) {
        return (Rbm) read(file, KIND_RBM);
    }

    /**
     * Imports a DBN.
     *
     * @throws ModelFileException naming the file and the problem if it is not a valid DBN archive
     */
    public static Dbn readDbn(Path file) {
        return (Dbn) read(file, KIND_DBN);
    }

    /**
     * Imports whichever model the archive holds.
     *
     * @return an {@link Rbm} or a {@link Dbn}
     * @throws ModelFileException naming the file and the problem if it is not a valid model archive
     */
    public static Object read(Path file) {
        return read(file, -1);
    }

    private static Object read(Path file, int expectedKind) {
        // Names, metadata and shapes first, from the headers alone: a file that is not a model, or
        // one whose shapes disagree, is refused before any parameter is read.
        Map<String, Npy.Layout> layouts = Npz.layouts(file);
        Map<String, NpyArray> metadata = Npz.read(file, name -> isMetadata(name, layouts.get(name)));
        model(NamedArrays.ofLayouts(file, layouts, metadata), expectedKind);
        long bytes = 0;
        for (Npy.Layout layout : layouts.values()) {
            bytes += 8 * layout.count();
        }
        InsufficientMemoryException.require(bytes, file, "the model (" + layouts.size() + " arrays, "
                + bytes / 8 + " values read as 8-byte numbers)");
        return model(new NamedArrays(file, Npz.read(file)), expectedKind);
    }

    /** A one-value array of the metadata, whose value the checks of the layouts need. */
    private static boolean isMetadata(String name, Npy.Layout layout) {
        return (name.equals(FORMAT_VERSION_NAME) || name.equals(KIND_NAME)
                || name.equals(ModelArrays.GAUSSIAN_VISIBLE)) && layout.count() == 1;
    }

    /** Checks the metadata and builds the model (nothing, if only shapes are known). */
    private static Object model(NamedArrays a, int expectedKind) {
        long version = a.scalar(FORMAT_VERSION_NAME);
        if (version > FORMAT_VERSION) {
            throw a.error("npz format version " + version + " is newer than this build reads (" + FORMAT_VERSION + ")");
        }
        if (version < 1) {
            throw a.error("npz format version " + version + " is not valid");
        }
        long kind = a.has(KIND_NAME) ? a.scalar(KIND_NAME) : KIND_RBM;
        if (kind != KIND_RBM && kind != KIND_DBN) {
            throw a.error("array 'kind' is " + kind + " but must be 0 (RBM) or 1 (DBN)");
        }
        if (expectedKind >= 0 && kind != expectedKind) {
            throw a.error("holds " + (kind == KIND_DBN ? "a DBN, not an RBM" : "an RBM, not a DBN"));
        }
        Object model = kind == KIND_RBM ? ModelArrays.rbm(a, null) : ModelArrays.dbn(a, null, null);
        a.finish();
        return model;
    }
}
