package io.github.dbn4j.core.io;

import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dbn4j's native model files: an RBM or a DBN with its classifier and training configurations,
 * stored exactly (float64), written atomically and verified by a checksum on reading.
 *
 * <p>Layout (integers big-endian):
 * <pre>
 *  offset  size  content
 *       0     8  magic "DBN4JMDL" (ASCII)
 *       8     4  format version, currently {@value #FORMAT_VERSION}
 *      12     8  length of the whole file in bytes, checksum included
 *      20     1  kind: 0 = RBM, 1 = DBN, 2 = training checkpoint ({@link CheckpointFiles})
 *      21     1  storage precision: 8 = float64 (IEEE 754 binary64)
 *      22     4  number of entries, then the entries:
 *                  name: 2-byte length and UTF-8 bytes
 *                  type: 1 = float64 array, 2 = int64 array, 3 = UTF-8 text
 *                  array: rank (1 byte, 1 or 2), each dimension (4 bytes), values in C order
 *                  text: 4-byte length and UTF-8 bytes
 *     N-4     4  CRC-32C of every byte before it
 * </pre>
 * The arrays have the names documented in {@link ModelNpz} (including {@code gaussian_visible}).
 * The texts are the configurations as {@code name=value} lines ({@link java.lang.reflect.RecordComponent
 * record component} names): {@code config} (the {@link RbmConfig} of an RBM or the {@link DbnConfig} of
 * a DBN) and, for a DBN, {@code top.config} (the {@link RbmConfig} of its top RBM); each is
 * absent when the model has none.
 *
 * <p>Reading checks, in this order, the magic, the version, the length and the checksum before
 * it parses anything, and never allocates more than the file holds; then it builds the model
 * through its public constructors. Every problem is a {@link ModelFileException} naming the file.
 */
public final class ModelFiles {

    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = NativeFormat.VERSION;
    /** The kind byte of an RBM. */
    static final int KIND_RBM = 0;
    /** The kind byte of a DBN. */
    static final int KIND_DBN = 1;
    static final String CONFIG = "config";
    static final String TOP_CONFIG = "top.config";

    private ModelFiles() {
    }

    /**
     * Writes an RBM (with its configuration, if any), replacing the file atomically.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, Rbm rbm) {
        Map<String, String> texts = new LinkedHashMap<>();
        rbm.config().ifPresent(c -> texts.put(CONFIG, RecordText.write(c)));
        NativeFormat.Content content = new NativeFormat.Content(KIND_RBM, ModelArrays.of(rbm), texts);
        AtomicFiles.write(file, out -> NativeFormat.write(out, content));
    }

    /**
     * Writes a DBN (with its classifier and configurations, if any), replacing the file atomically.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, Dbn dbn) {
        NativeFormat.Content content = content(dbn);
        AtomicFiles.write(file, out -> NativeFormat.write(out, content));
    }

    static NativeFormat.Content content(Dbn dbn) {
        Map<String, String> texts = new LinkedHashMap<>();
        dbn.config().ifPresent(c -> texts.put(CONFIG, RecordText.write(c)));
        dbn.top().config().ifPresent(c -> texts.put(TOP_CONFIG, RecordText.write(c)));
        return new NativeFormat.Content(KIND_DBN, ModelArrays.of(dbn), texts);
    }

    /**
     * Stores a DBN in a training state (a checkpoint part), with the same entries as its model
     * file, exactly.
     */
    public static void put(TrainingState state, Dbn dbn) {
        NativeFormat.Content c = content(dbn);
        c.arrays().forEach((k, a) -> {
            if (a.isInteger()) {
                state.putLong(k, a.longs()[0]);
            } else {
                state.putArray(k, a.doubles(), a.shape());
            }
        });
        c.texts().forEach(state::putText);
    }

    /**
     * The DBN {@link #put(TrainingState, Dbn)} stored, checked as a model file is.
     *
     * @throws ModelFileException naming the state's origin if an entry is missing or malformed
     */
    public static Dbn getDbn(TrainingState state) {
        TrainingState s = state.copy();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        s.arrays().forEach((k, a) -> arrays.put(k, NpyArray.ofDoubles(a.values(), a.shape())));
        s.longs().forEach((k, v) -> arrays.put(k, NpyArray.ofLongs(new long[] {v}, 1)));
        return (Dbn) fromContent(Path.of(state.origin()), new NativeFormat.Content(KIND_DBN, arrays, s.texts()),
                KIND_DBN);
    }

    /**
     * Reads an RBM.
     *
     * @throws ModelFileException naming the file and the problem, e.g. that it holds a DBN
     */
    public static Rbm readRbm(Path file) {
        return (Rbm) read(file, KIND_RBM);
    }

    /**
     * Reads a DBN.
     *
     * @throws ModelFileException naming the file and the problem, e.g. that it holds an RBM
     */
    public static Dbn readDbn(Path file) {
        return (Dbn) read(file, KIND_DBN);
    }

    /**
     * Reads whichever model the file holds.
     *
     * @return an {@link Rbm} or a {@link Dbn}
     * @throws ModelFileException naming the file and the problem
     */
    public static Object read(Path file) {
        return read(file, -1);
    }

    /**
     * Tells a native model file from an npz archive by its first bytes.
     *
     * @throws ModelFileException if the file is neither, or cannot be read
     */
    public static ModelFormat detect(Path file) {
        return ModelFormat.detect(file);
    }

    private static Object read(Path file, int expectedKind) {
        return fromContent(file, NativeFormat.read(file), expectedKind);
    }

    private static Object fromContent(Path file, NativeFormat.Content content, int expectedKind) {
        int kind = content.kind();
        if (kind == CheckpointFiles.KIND_CHECKPOINT) {
            throw new ModelFileException(file, "holds a training checkpoint, not a model (resume training from it, "
                    + "or take the model the finished run wrote)");
        }
        if (kind != KIND_RBM && kind != KIND_DBN) {
            throw new ModelFileException(file, "unknown model kind " + kind + " (0 = RBM, 1 = DBN)");
        }
        if (expectedKind >= 0 && kind != expectedKind) {
            throw new ModelFileException(file, "holds " + (kind == KIND_DBN ? "a DBN, not an RBM" : "an RBM, not a DBN"));
        }
        Map<String, String> texts = new LinkedHashMap<>(content.texts());
        NamedArrays arrays = new NamedArrays(file, content.arrays());
        Object model;
        if (kind == KIND_RBM) {
            RbmConfig config = config(texts, CONFIG, RbmConfig.class, file);
            model = ModelArrays.rbm(arrays, config);
        } else {
            DbnConfig config = config(texts, CONFIG, DbnConfig.class, file);
            RbmConfig top = config(texts, TOP_CONFIG, RbmConfig.class, file);
            model = ModelArrays.dbn(arrays, config, top);
        }
        arrays.finish();
        if (!texts.isEmpty()) {
            throw new ModelFileException(file, "unexpected text entries " + texts.keySet());
        }
        return model;
    }

    private static <T extends Record> T config(Map<String, String> texts, String name, Class<T> type, Path file) {
        String text = texts.remove(name);
        return text == null ? null : RecordText.read(type, text, file, "entry '" + name + "'");
    }
}
