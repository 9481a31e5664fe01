package io.github.dbn4j.core.io;

import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.rbm.Rbm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The two model file formats, so that a command can accept either: {@link #detect(Path)} tells
 * them apart by their first bytes, and each constant reads and writes its format.
 */
public enum ModelFormat {

    /** dbn4j's own format ({@link ModelFiles}): exact, checksummed, with configurations. */
    NATIVE {
        @Override
        public Object read(Path file) {
            return ModelFiles.read(file);
        }

        @Override
        public void write(Path file, Rbm rbm) {
            ModelFiles.write(file, rbm);
        }

        @Override
        public void write(Path file, Dbn dbn) {
            ModelFiles.write(file, dbn);
        }
    },

    /** A NumPy {@code .npz} archive ({@link ModelNpz}): for numpy.load; no configurations. */
    NPZ {
        @Override
        public Object read(Path file) {
            return ModelNpz.read(file);
        }

        @Override
        public void write(Path file, Rbm rbm) {
            ModelNpz.write(file, rbm);
        }

        @Override
        public void write(Path file, Dbn dbn) {
            ModelNpz.write(file, dbn);
        }
    };

    /**
     * Reads whichever model the file holds.
     *
     * @return an {@link Rbm} or a {@link Dbn}
     * @throws ModelFileException naming the file and the problem
     */
    public abstract Object read(Path file);

    /**
     * Writes an RBM in this format.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public abstract void write(Path file, Rbm rbm);

    /**
     * Writes a DBN in this format.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public abstract void write(Path file, Dbn dbn);

    /**
     * Reads an RBM.
     *
     * @throws ModelFileException naming the file and the problem, e.g. that it holds a DBN
     */
    public Rbm readRbm(Path file) {
        return this == NATIVE ? ModelFiles.readRbm(file) : ModelNpz.readRbm(file);
    }

    /**
     * Reads a DBN.
     *
     * @throws ModelFileException naming the file and the problem, e.g. that it holds an RBM
     */
    public Dbn readDbn(Path file) {
        return this == NATIVE ? ModelFiles.readDbn(file) : ModelNpz.readDbn(file);
    }

    /**
     * The format of an existing file, from its first bytes: {@code "DBN4JMDL"} for
     * {@link #NATIVE}, a zip signature ({@code "PK\u0003\u0004"}, or {@code "PK\u0005\u0006"} for
     * an empty archive) for {@link #NPZ}.
     *
     * @throws ModelFileException if the file is neither, or cannot be read
     */
    public static ModelFormat detect(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(NativeFormat.MAGIC.length);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        }
        if (Arrays.equals(head, NativeFormat.MAGIC)) {
            return NATIVE;
        }
        if (isZip(head)) {
            return NPZ;
        }
        throw new ModelFileException(file, "neither a dbn4j model file nor an npz archive (it starts with "
                + hex(head) + ")");
    }

    /**
     * The format a new file should get from its name: {@link #NPZ} for names ending in
     * {@code .npz} (in any case), {@link #NATIVE} otherwise.
     */
    public static ModelFormat forFileName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".npz") ? NPZ : NATIVE;
    }

    static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    private static String hex(byte[] b) {
        if (b.length == 0) {
            return "nothing: it is empty";
        }
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return "0x" + sb;
    }
}
