package io.github.dbn4j.core.data;

import io.github.dbn4j.core.io.InsufficientMemoryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10 (Krizhevsky 2009) in its binary version: {@code data_batch_1.bin} to
 * {@code data_batch_5.bin} (50,000 training images) and {@code test_batch.bin} (10,000), each a
 * sequence of 3,073-byte records: one label byte (0 to 9), then the 1,024 red, the 1,024 green and
 * the 1,024 blue values of a 32 x 32 image, each plane row by row.
 *
 * <p>An image keeps the record's order of values: the three planes one after the other, so that it
 * shows as a 96 x 32 picture (red on top, blue at the bottom); values become {@code byte / 255}.
 *
 * <p>The published archive, {@code cifar-10-binary.tar.gz}, is recognised by its SHA-256
 * ({@link #ARCHIVE_SHA256}); the files extracted from it carry no published checksum of their own,
 * so a directory of them is read as given, checked for whole records and labels in range.
 */
public final class Cifar10 {

    /** Bytes per record: a label and 3 x 32 x 32 values. */
    public static final int RECORD = 3073;
    /** Values per image. */
    public static final int VALUES = 3072;
    /** Classes. */
    public static final int CLASSES = 10;
    /** The training files, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test file. */
    public static final String TEST_FILE = "test_batch.bin";
    /** The directory the archive extracts to. */
    public static final String ARCHIVE_DIR = "cifar-10-batches-bin";
    /** The published archive's name. */
    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    /** The published archive's SHA-256. */
    public static final String ARCHIVE_SHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd";
    /** The published archive's size in bytes. */
    public static final long ARCHIVE_BYTES = 170_052_171L;
    /** Where to download it by hand. */
    public static final String PAGE = "https://www.cs.toronto.edu/~kriz/cifar.html";

    private Cifar10() {
    }

    /** Whether {@code dir} (or its {@value #ARCHIVE_DIR} subdirectory) holds the first training file. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(TRAIN_FILES.get(0)))
                || Files.isRegularFile(dir.resolve(ARCHIVE_DIR).resolve(TRAIN_FILES.get(0)));
    }

    /**
     * The six files of {@code dir}, or of its {@value #ARCHIVE_DIR} subdirectory, as training and
     * test images.
     *
     * @throws DataFileException naming a missing, truncated or corrupt file
     */
    public static Mnist.Dataset load(Path dir) {
        Path base = Files.isRegularFile(dir.resolve(TRAIN_FILES.get(0))) ? dir : dir.resolve(ARCHIVE_DIR);
        List<LabelledImages> parts = new ArrayList<>();
        long bytes = 0;
        List<Path> files = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            files.add(base.resolve(name));
        }
        files.add(base.resolve(TEST_FILE));
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new DataFileException(f, "missing: a CIFAR-10 directory holds " + String.join(", ", TRAIN_FILES)
                        + " and " + TEST_FILE + " (the binary version, from " + ARCHIVE + ")");
            }
            bytes += size(f);
        }
        InsufficientMemoryException.require(bytes / RECORD * (VALUES + 4L), base, "CIFAR-10 (" + bytes / RECORD
                + " images)");
        for (Path f : files) {
            parts.add(read(f));
        }
        return new Mnist.Dataset(concat(parts.subList(0, TRAIN_FILES.size())), parts.get(parts.size() - 1));
    }

    /**
     * One batch file.
     *
     * @throws DataFileException naming the file when it is empty, not a whole number of records
     *                           (truncated), or holds a label above 9 (corrupt)
     */
    public static LabelledImages read(Path file) {
        long size = size(file);
        if (size == 0 || size % RECORD != 0) {
            throw new DataFileException(file, size == 0 ? "is empty: a CIFAR-10 batch holds 3,073-byte records"
                    : "is truncated or not a CIFAR-10 batch: " + size + " bytes are " + size / RECORD
                    + " whole 3,073-byte records and " + size % RECORD + " bytes more");
        }
        if (size / RECORD > Integer.MAX_VALUE / VALUES) {
            throw new DataFileException(file, "holds " + size / RECORD + " records, more than one array can hold");
        }
        int n = (int) (size / RECORD);
        byte[] pixels = new byte[n * VALUES];
        int[] labels = new int[n];
        byte[] record = new byte[RECORD];
        try (InputStream in = Files.newInputStream(file)) {
            for (int i = 0; i < n; i++) {
                if (in.readNBytes(record, 0, RECORD) != RECORD) {
                    throw new DataFileException(file, "ended inside record " + i + " (it shrank while being read)");
                }
                int label = record[0] & 0xff;
                if (label >= CLASSES) {
                    throw new DataFileException(file, "is corrupt: record " + i + " (byte " + (long) i * RECORD
                            + ") has label " + label + ", but CIFAR-10's labels run from 0 to 9");
                }
                labels[i] = label;
                System.arraycopy(record, 1, pixels, i * VALUES, VALUES);
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e + ")", e);
        }
        return new LabelledImages(new Idx.Images(n, 96, 32, pixels), labels, CLASSES);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e + ")", e);
        }
    }

    private static LabelledImages concat(List<LabelledImages> parts) {
        int count = 0;
        for (LabelledImages p : parts) {
            count += p.count();
        }
        byte[] pixels = new byte[count * VALUES];
        int[] labels = new int[count];
        int at = 0;
        for (LabelledImages p : parts) {
            System.arraycopy(p.images().pixels(), 0, pixels, at * VALUES, p.count() * VALUES);
            System.arraycopy(p.labels(), 0, labels, at, p.count());
            at += p.count();
        }
        return new LabelledImages(new Idx.Images(count, 96, 32, pixels), labels, CLASSES);
    }
}
