package io.github.dbn4j.examples.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new content, never a partial
 * file: the content goes to a hidden temporary file in the target's directory, is flushed to disk, and is
 * then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. If anything fails the temporary
 * file is deleted and an existing target is left unchanged.
 */
public final class AtomicFiles {

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param out the stream to write to; closed by the caller
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Atomically replaces {@code target} with {@code bytes}, creating missing parent directories.
     *
     * @param target the file to write
     * @param bytes the complete content
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void write(Path target, byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        write(target, out -> out.write(bytes));
    }

    /**
     * Atomically replaces {@code target} with what {@code content} writes, creating missing parent
     * directories. If {@code content} throws, the temporary file is deleted, {@code target} is unchanged and
     * the exception propagates (an {@link IOException} wrapped in {@link UncheckedIOException}).
     *
     * <p>The temporary file is created the ordinary way (not with {@link Files#createTempFile}), so the
     * target ends up with the usual permissions for new files rather than owner-only ones.
     *
     * @param target the file to write
     * @param content writes the complete content
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void write(Path target, Content content) {
        if (target == null || content == null) {
            throw new IllegalArgumentException("target and content must not be null");
        }
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        if (dir == null || name == null) {
            throw new IllegalArgumentException("target " + target + " is not a file path");
        }
        Path tmp = null;
        boolean moved = false;
        try {
            Files.createDirectories(dir);
            tmp = createTemp(dir, name.toString());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!moved && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original failure is what matters
                }
            }
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
