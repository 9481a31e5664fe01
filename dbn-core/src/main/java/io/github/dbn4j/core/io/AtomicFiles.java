package io.github.dbn4j.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
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
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes files atomically: the content goes to a temporary file in the same directory, which is
 * forced to disk and then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE}
 * (falling back to {@link StandardCopyOption#REPLACE_EXISTING} only where the file system cannot
 * move atomically). A crash or a failing writer therefore leaves either the old file or the
 * complete new one, never a torn file; on failure the temporary file is deleted.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME_ATTEMPTS = 16;

    private AtomicFiles() {
    }

    /**
     * Writes a file atomically.
     *
     * @param target  the file to create or replace
     * @param content writes the whole content to the stream it is given (buffered; it need not,
     *                and should not, close the stream)
     * @throws UncheckedIOException naming {@code target} if the file cannot be written or moved
     *                              into place, or if {@code content} throws {@link IOException}
     * @throws RuntimeException     any unchecked exception thrown by {@code content}, unchanged
     *                              (the target is left as it was)
     */
    public static void write(Path target, IOConsumer<OutputStream> content) {
        if (target == null || content == null) {
            throw new IllegalArgumentException("target and content must be given");
        }
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException("cannot write " + target + ": it names no file");
        }
        Path temp = null;
        try {
            temp = createTemp(dir, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream raw = Channels.newOutputStream(channel);
                BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
                content.accept(new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                buffered.flush();
                channel.force(true);
            }
            move(temp, absolute);
            temp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the original failure is the one to report
                }
            }
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        HexFormat hex = HexFormat.of();
        for (int attempt = 0; ; attempt++) {
            byte[] id = new byte[6];
            RANDOM.nextBytes(id);
            Path temp = dir.resolve("." + name + "." + hex.formatHex(id) + ".tmp");
            try {
                // CREATE_NEW gives the file the default permissions (unlike createTempFile's 0600)
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= MAX_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (POSIX). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on every platform (e.g. Windows); the file itself is already on disk
        }
    }
}
