package io.github.dbn4j.core.io;

import io.github.dbn4j.core.CheckpointStore;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.dbn.Classifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoints as files in one directory: {@code checkpoint-000001.dbn4j}, {@code -000002}, and
 * so on, in dbn4j's native format (kind 2, see {@link ModelFiles}) with its magic, version,
 * length and CRC-32C checksum. Each is written atomically (temporary file, forced to disk, moved
 * into place); only after a checkpoint is in place are the oldest beyond {@code keep} deleted,
 * so a crash, a full disk or an unwritable directory never costs the previous checkpoint.
 *
 * <p>The entries of a {@link TrainingState} map to the format directly: arrays to float64
 * arrays, integers to int64 arrays of shape (1,), texts to texts.
 */
public final class CheckpointFiles implements CheckpointStore {

    /** The kind byte of a checkpoint in the native format. */
    static final int KIND_CHECKPOINT = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{6,18})\\.dbn4j");
    private static final Pattern TEMP = Pattern.compile("\\.checkpoint-\\d{6,18}\\.dbn4j\\.[0-9a-f]+\\.tmp");

    private final Path dir;
    private final int keep;
    private final UnaryOperator<OutputStream> filter;

    /**
     * Checkpoints in {@code dir} (created if missing), keeping the newest {@code keep}.
     * Temporary files left by a run killed while writing are removed.
     *
     * @throws UncheckedIOException naming the directory if it cannot be created or listed
     */
    public CheckpointFiles(Path dir, int keep) {
        this(dir, keep, UnaryOperator.identity());
    }

    /** With a filter on the stream each checkpoint is written to (for tests of failing disks). */
    CheckpointFiles(Path dir, int keep, UnaryOperator<OutputStream> filter) {
        if (keep < 1) {
            throw new IllegalArgumentException("at least one checkpoint must be kept, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
        this.filter = filter;
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UncheckedIOException(new IOException("checkpoint directory " + dir
                        + " is a file, not a directory"));
            }
            Files.createDirectories(dir);
            for (Path p : list(TEMP)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use checkpoint directory " + dir + ": " + e, e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** The checkpoint files present, oldest first. */
    public List<Path> files() {
        try {
            List<Path> files = list(NAME);
            files.sort((a, b) -> Long.compare(sequence(a), sequence(b)));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint directory " + dir + ": " + e, e);
        }
    }

    @Override
    public String write(TrainingState state) {
        List<Path> existing = files();
        long next = existing.isEmpty() ? 1 : sequence(existing.get(existing.size() - 1)) + 1;
        Path file = dir.resolve(String.format("checkpoint-%06d.dbn4j", next));
        NativeFormat.Content content = content(state);
        try {
            AtomicFiles.write(file, out -> NativeFormat.write(filter.apply(out), content));
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + (existing.isEmpty() ? "; there is no earlier checkpoint"
                    : "; the previous checkpoint " + existing.get(existing.size() - 1) + " is kept"), e.getCause());
        }
        List<Path> all = files();
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("wrote " + file + " but could not delete the old checkpoint "
                        + all.get(i) + ": " + e, e);
            }
        }
        return file.toString();
    }

    /**
     * The newest checkpoint.
     *
     * @throws ModelFileException if the newest checkpoint file is damaged (it names the file and the
     *                            one before it, which may be used after deleting the damaged one)
     */
    @Override
    public Optional<TrainingState> latest() {
        List<Path> files = files();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path newest = files.get(files.size() - 1);
        try {
            return Optional.of(read(newest));
        } catch (ModelFileException e) {
            String before = files.size() > 1 ? "; the one before it is " + files.get(files.size() - 2)
                    + ", which is used once the damaged file is removed" : "";
            throw new ModelFileException(newest, e.problem() + before, e);
        }
    }

    /**
     * Reads one checkpoint file.
     *
     * @throws ModelFileException naming the file and the problem: not a dbn4j file, a model rather
     *                            than a checkpoint, truncated, damaged, of a newer format version
     */
    /**
     * Whether a file is a training checkpoint, from its first 21 bytes (the magic string and the
     * kind); nothing else is read.
     */
    public static boolean isCheckpoint(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(21);
            return head.length == 21
                    && Arrays.equals(head, 0, 8, NativeFormat.MAGIC, 0, 8) && head[20] == KIND_CHECKPOINT;
        } catch (IOException e) {
            return false; // not readable: the model readers name the problem
        }
    }

    /**
     * The classifier being fine-tuned in a checkpoint of back-propagation or conjugate gradients:
     * the arrays {@code W0, b0, W1, b1, ...} of one scope whose shapes chain from the inputs to
     * the classes. Empty for a checkpoint of another stage.
     */
    public static Optional<Classifier> classifier(TrainingState state) {
        Map<String, TrainingState.Array> arrays = state.arrays();
        for (String key : arrays.keySet()) {
            if (!key.equals("W0") && !key.endsWith("/W0")) {
                continue;
            }
            String scope = key.substring(0, key.length() - 2);
            List<double[]> w = new ArrayList<>();
            List<double[]> b = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; arrays.containsKey(scope + "W" + i) && arrays.containsKey(scope + "b" + i); i++) {
                TrainingState.Array wi = arrays.get(scope + "W" + i);
                TrainingState.Array bi = arrays.get(scope + "b" + i);
                if (wi.shape().length != 2 || (i > 0 && wi.shape()[0] != sizes.get(i))
                        || bi.values().length != wi.shape()[1]) {
                    return Optional.empty();
                }
                if (i == 0) {
                    sizes.add(wi.shape()[0]);
                }
                sizes.add(wi.shape()[1]);
                w.add(wi.values());
                b.add(bi.values());
            }
            if (!w.isEmpty()) {
                return Optional.of(new Classifier(
                        sizes.stream().mapToInt(Integer::intValue).toArray(), w, b));
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a state in the checkpoint format to a stream, for checkpoints kept outside a local
     * directory (a Hadoop file system); {@link #read(Path)} reads it back from a file.
     */
    public static void write(OutputStream out, TrainingState state) throws IOException {
        NativeFormat.write(out, content(state));
    }

    public static TrainingState read(Path file) {
        NativeFormat.Content c = NativeFormat.read(file);
        if (c.kind() != KIND_CHECKPOINT) {
            throw new ModelFileException(file, c.kind() == ModelFiles.KIND_RBM || c.kind() == ModelFiles.KIND_DBN
                    ? "holds a model, not a training checkpoint" : "unknown kind " + c.kind() + " (2 = checkpoint)");
        }
        Map<String, TrainingState.Array> arrays = new LinkedHashMap<>();
        Map<String, Long> longs = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> e : c.arrays().entrySet()) {
            NpyArray a = e.getValue();
            if (a.isInteger()) {
                if (a.rank() != 1 || a.size() != 1) {
                    throw new ModelFileException(file, "entry '" + e.getKey() + "' has shape " + a.shapeString()
                            + " but an integer entry must have shape (1,)");
                }
                longs.put(e.getKey(), a.longs()[0]);
            } else {
                arrays.put(e.getKey(), new TrainingState.Array(a.shape(), a.doubles()));
            }
        }
        return TrainingState.of(file.toString(), arrays, longs, c.texts());
    }

    static NativeFormat.Content content(TrainingState state) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        state.arrays().forEach((k, v) -> arrays.put(k, NpyArray.ofDoubles(v.values(), v.shape())));
        state.longs().forEach((k, v) -> arrays.put(k, NpyArray.ofLongs(new long[] {v}, 1)));
        return new NativeFormat.Content(KIND_CHECKPOINT, arrays, new LinkedHashMap<>(state.texts()));
    }

    private List<Path> list(Pattern pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (pattern.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static long sequence(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p + " is not a checkpoint file name");
        }
        return Long.parseLong(m.group(1));
    }
}
