package io.github.dbn4j.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: zip files of {@code <name>.npy} entries, as
 * {@code numpy.savez} writes and {@code numpy.load} reads them. Hand-written: there is no
 * maintained Java NumPy reader on Maven Central. The arrays themselves are handled by
 * {@link Npy}.
 *
 * <p>Writing stores the entries uncompressed (like {@code numpy.savez}), in the order of the
 * map, with a fixed time stamp so that equal content gives identical files, and replaces the
 * file atomically ({@link AtomicFiles}). Reading accepts stored and deflated entries (so also
 * {@code numpy.savez_compressed} output), verifies each entry's CRC-32, rejects entries that are
 * not {@code .npy} arrays and duplicate names, and bounds every allocation by the sizes in the
 * archive's central directory, which are themselves checked against the file size.
 */
public final class Npz {

    /** The most entries an archive may have. */
    public static final int MAX_ENTRIES = 10_000;

    private static final String SUFFIX = ".npy";
    /** Deflate cannot expand by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1100;
    private static final LocalDateTime TIME_STAMP = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    /**
     * Writes arrays to an {@code .npz} file, replacing it atomically.
     *
     * @param file   the file to write
     * @param arrays the arrays by name (without {@code .npy}), in the order to store them
     * @throws IllegalArgumentException if a name is empty or the map is empty
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, Map<String, NpyArray> arrays) {
        if (arrays == null || arrays.isEmpty()) {
            throw new IllegalArgumentException("no arrays to write to " + file);
        }
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new IllegalArgumentException("array names must be non-empty and arrays non-null, got "
                        + e.getKey() + " = " + e.getValue());
            }
        }
        AtomicFiles.write(file, out -> write(out, arrays));
    }

    /**
     * Writes arrays as an {@code .npz} archive to a stream (which is not closed).
     *
     * @throws IOException if the stream fails
     */
    static void write(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            CRC32 crc = new CRC32();
            Npy.write(new CheckedOutputStream(OutputStream.nullOutputStream(), crc), e.getValue());
            long size = Npy.byteCount(e.getValue());
            ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size);
            entry.setCompressedSize(size);
            entry.setCrc(crc.getValue());
            entry.setTimeLocal(TIME_STAMP);
            zip.putNextEntry(entry);
            Npy.write(zip, e.getValue());
            zip.closeEntry();
        }
        zip.finish();
    }

    /**
     * Reads every array of an {@code .npz} file.
     *
     * @return the arrays by name (the entry name without {@code .npy}), in archive order
     * @throws ModelFileException naming the file and entry if it is not a valid archive of
     *                            supported NPY arrays or cannot be read
     */
    public static Map<String, NpyArray> read(Path file) {
        return read(file, name -> true);
    }

    /**
     * Reads the arrays of an {@code .npz} file whose names {@code wanted} accepts; the others are
     * checked as entries but not read.
     */
    static Map<String, NpyArray> read(Path file, Predicate<String> wanted) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        each(file, (zip, entry, fileSize) -> {
            String key = key(entry.getName());
            if (wanted.test(key)) {
                arrays.put(key, readEntry(zip, entry, fileSize, file));
            }
            return key;
        });
        return arrays;
    }

    private static String key(String entryName) {
        return entryName.substring(0, entryName.length() - SUFFIX.length());
    }

    /**
     * The dtype and shape of every array of an {@code .npz} file, from the archive's directory and
     * each entry's NPY header alone: the way to check names and shapes before reading any data.
     *
     * @return the layouts by name (without {@code .npy}), in archive order
     * @throws ModelFileException as {@link #read(Path)} does for a bad archive or header
     */
    static Map<String, Npy.Layout> layouts(Path file) {
        return each(file, (zip, entry, fileSize) -> {
            checkSizes(entry, fileSize, file);
            try (InputStream in = zip.getInputStream(entry)) {
                return Npy.readLayout(in, entry.getSize(), file, entry.getName());
            } catch (ZipException e) {
                throw new ModelFileException(file, "entry '" + entry.getName() + "': corrupt zip data: "
                        + e.getMessage(), e);
            }
        });
    }

    /**
     * The shape of every array of an {@code .npz} file, from its directory and headers alone
     * (nothing of the data is read).
     *
     * @return the shapes by name (without {@code .npy}), in archive order
     * @throws ModelFileException as {@link #read(Path)} does for a bad archive or header
     */
    public static Map<String, int[]> shapes(Path file) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        layouts(file).forEach((name, layout) -> shapes.put(name, layout.shape().clone()));
        return shapes;
    }

    /** What is made of one checked entry. */
    @FunctionalInterface
    private interface EntryReader<T> {
        T read(ZipFile zip, ZipEntry entry, long fileSize) throws IOException;
    }

    /** Checks the archive and the name of every entry, and applies {@code reader} to each. */
    private static <T> Map<String, T> each(Path file, EntryReader<T> reader) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        }
        Map<String, T> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new ModelFileException(file, "the archive has " + zip.size() + " entries, more than the limit of "
                        + MAX_ENTRIES);
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (ZipEntry entry : Collections.list(entries)) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(SUFFIX) || name.length() == SUFFIX.length()) {
                    throw new ModelFileException(file, "entry '" + name + "' is not a .npy array");
                }
                String key = key(name);
                if (arrays.containsKey(key)) {
                    throw new ModelFileException(file, "entry '" + name + "' appears twice");
                }
                arrays.put(key, reader.read(zip, entry, fileSize));
            }
        } catch (ZipException e) {
            throw new ModelFileException(file, "not a valid npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        } catch (ModelFileException e) {
            throw e;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the zip library's objections to malformed names, or a path outside the default file system
            throw new ModelFileException(file, "cannot read it as an npz (zip) archive: " + e, e);
        }
        return arrays;
    }

    private static NpyArray readEntry(ZipFile zip, ZipEntry entry, long fileSize, Path file) throws IOException {
        checkSizes(entry, fileSize, file);
        String name = entry.getName();
        long size = entry.getSize();
        CRC32 crc = new CRC32();
        NpyArray array;
        try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
            array = Npy.read(in, size, file, name);
        } catch (ZipException e) {
            throw new ModelFileException(file, "entry '" + name + "': corrupt zip data: " + e.getMessage(), e);
        }
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ModelFileException(file, "entry '" + name + "': CRC-32 mismatch (stored "
                    + Long.toHexString(entry.getCrc()) + ", computed " + Long.toHexString(crc.getValue())
                    + "): the archive is corrupt");
        }
        return array;
    }

    /** The entry's sizes in the directory against the file's size and each other. */
    private static void checkSizes(ZipEntry entry, long fileSize, Path file) {
        String name = entry.getName();
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            throw new ModelFileException(file, "entry '" + name + "': size unknown");
        }
        if (compressed > fileSize) {
            throw new ModelFileException(file, "entry '" + name + "': compressed size " + compressed
                    + " exceeds the file size " + fileSize);
        }
        if (entry.getMethod() == ZipEntry.STORED && size != compressed) {
            throw new ModelFileException(file, "entry '" + name + "': stored entry of size " + size
                    + " but compressed size " + compressed);
        }
        if (entry.getMethod() == ZipEntry.DEFLATED && size > compressed * MAX_DEFLATE_RATIO + 1024) {
            throw new ModelFileException(file, "entry '" + name + "': size " + size + " cannot be inflated from "
                    + compressed + " compressed bytes");
        }
    }
}
