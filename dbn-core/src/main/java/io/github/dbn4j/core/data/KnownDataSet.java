package io.github.dbn4j.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The data sets in MNIST's IDX layout that are recognised by their published SHA-256: the four
 * files of MNIST, Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) and Kuzushiji-MNIST (Clanuwat et
 * al. 2018), 60,000 training and 10,000 test images of 28 x 28 pixels in 10 classes each.
 *
 * <p>A file is recognised by the SHA-256 of its bytes, as its publishers distribute it (the
 * {@code .gz} file), or by the SHA-256 of its uncompressed content where that is known (MNIST's,
 * as {@link Mnist.Part} records it). An uncompressed copy of Fashion-MNIST or KMNIST is therefore
 * not recognised: it is read as an IDX set without a checksum, which {@link DataSets} says.
 */
public enum KnownDataSet {

    /** LeCun, Cortes and Burges: handwritten digits. */
    MNIST("MNIST", "mnist", Map.of(
            Mnist.Part.TRAIN_IMAGES, Set.of(Mnist.Part.TRAIN_IMAGES.sha256(),
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            Mnist.Part.TRAIN_LABELS, Set.of(Mnist.Part.TRAIN_LABELS.sha256(),
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            Mnist.Part.TEST_IMAGES, Set.of(Mnist.Part.TEST_IMAGES.sha256(),
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            Mnist.Part.TEST_LABELS, Set.of(Mnist.Part.TEST_LABELS.sha256(),
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"))),

    /**
     * Zalando's article images. Two releases of the {@code .gz} files circulate with the same
     * content; both are recognised.
     */
    FASHION_MNIST("Fashion-MNIST", "fashion-mnist", Map.of(
            Mnist.Part.TRAIN_IMAGES, Set.of("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                    "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc"),
            Mnist.Part.TRAIN_LABELS, Set.of("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                    "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc"),
            Mnist.Part.TEST_IMAGES, Set.of("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                    "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229"),
            Mnist.Part.TEST_LABELS, Set.of("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                    "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf"))),

    /** Cursive Japanese (Kuzushiji) characters, one per class of ten hiragana. */
    KMNIST("Kuzushiji-MNIST", "kmnist", Map.of(
            Mnist.Part.TRAIN_IMAGES, Set.of("51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4"),
            Mnist.Part.TRAIN_LABELS, Set.of("e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17"),
            Mnist.Part.TEST_IMAGES, Set.of("edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5"),
            Mnist.Part.TEST_LABELS, Set.of("20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c")));

    private final String id;
    private final Published published;

    KnownDataSet(String title, String id, Map<Mnist.Part, Set<String>> digests) {
        this.id = id;
        this.published = new Published(title, new EnumMap<>(digests));
    }

    /** The name it is published under, e.g. {@code "Fashion-MNIST"}. */
    public String title() {
        return published.title();
    }

    /** A short lower-case identifier, e.g. {@code "fashion-mnist"}: the name of its data directory. */
    public String id() {
        return id;
    }

    /** The set named by its {@link #id()} or title, in any case. */
    public static KnownDataSet of(String name) {
        for (KnownDataSet s : values()) {
            if (s.id.equalsIgnoreCase(name.trim()) || s.title().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        List<String> ids = new ArrayList<>();
        for (KnownDataSet s : values()) {
            ids.add(s.id);
        }
        throw new IllegalArgumentException("unknown data set '" + name + "': known are " + String.join(", ", ids));
    }

    /**
     * Checks that a file is this set's part, by either of its digests.
     *
     * @throws DataFileException naming the file and its digests when it is not
     */
    public void verify(Path file, Mnist.Part part) {
        published.verify(file, part);
    }

    /**
     * Which known set the four files of an IDX directory are.
     *
     * @param files the four files, in the order of {@link Mnist.Part}
     * @return the set all four belong to, or empty when no image file is a known set's (a set
     *         derived from a known one, such as its images transformed, may keep its label files)
     * @throws DataFileException naming the files that differ when an image file is a known set's
     *                           and another file is not (a corrupt file or a mixed directory)
     */
    public static Optional<KnownDataSet> recognise(Path[] files) {
        List<Published> all = new ArrayList<>();
        for (KnownDataSet s : values()) {
            all.add(s.published);
        }
        return Published.recognise(files, all).map(p -> values()[all.indexOf(p)]);
    }

    /** The title and digests. */
    Published published() {
        return published;
    }

    /** A data set's title and the SHA-256 digests accepted for each of its four files. */
    record Published(String title, Map<Mnist.Part, Set<String>> digests) {

        boolean accepts(Mnist.Part part, Digests d) {
            Set<String> accepted = digests.get(part);
            return accepted.contains(d.file()) || accepted.contains(d.content());
        }

        void verify(Path file, Mnist.Part part) {
            Digests d = Digests.of(file);
            if (!accepts(part, d)) {
                throw new DataFileException(file, "SHA-256 " + d.describe() + " is not the published SHA-256 of "
                        + title + "'s " + part.fileName() + ": the file is corrupt or not the original; delete it to"
                        + " fetch it again");
            }
        }

        /** The first of {@code candidates} that all four files belong to; see {@link KnownDataSet#recognise}. */
        static Optional<Published> recognise(Path[] files, List<Published> candidates) {
            Mnist.Part[] parts = Mnist.Part.values();
            Digests[] d = new Digests[parts.length];
            for (int i = 0; i < parts.length; i++) {
                d[i] = Digests.of(files[i]);
            }
            for (Published s : candidates) {
                List<String> differ = new ArrayList<>();
                for (int i = 0; i < parts.length; i++) {
                    if (!s.accepts(parts[i], d[i])) {
                        differ.add(files[i].getFileName() + " (SHA-256 " + d[i].describe() + ")");
                    }
                }
                if (differ.isEmpty()) {
                    return Optional.of(s);
                }
                boolean imagesMatch = s.accepts(Mnist.Part.TRAIN_IMAGES, d[Mnist.Part.TRAIN_IMAGES.ordinal()])
                        || s.accepts(Mnist.Part.TEST_IMAGES, d[Mnist.Part.TEST_IMAGES.ordinal()]);
                // a set derived from a known one may keep its label files; its images are its own
                if (imagesMatch && differ.size() < parts.length) {
                    Path dir = files[0].toAbsolutePath().getParent();
                    throw new DataFileException(dir == null ? files[0] : dir, (parts.length - differ.size())
                            + " of the four files are " + s.title + "'s but " + String.join(" and ", differ)
                            + (differ.size() == 1 ? " is" : " are") + " not: a corrupt file (delete it to fetch it"
                            + " again), or files of two data sets");
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return title();
    }

    /**
     * The SHA-256 of a file's bytes and of its content (the bytes gzip inflates to; the same as
     * the file's for a file that is not gzip), computed in one pass.
     */
    record Digests(String file, String content) {

        String describe() {
            return file.equals(content) ? file : file + " (" + content + " uncompressed)";
        }

        static Digests of(Path path) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
                raw.mark(2);
                boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                MessageDigest fileDigest = MessageDigest.getInstance("SHA-256");
                DigestInputStream counted = new DigestInputStream(raw, fileDigest);
                if (!gzip) {
                    counted.transferTo(OutputStream.nullOutputStream());
                    String hex = hex(fileDigest);
                    return new Digests(hex, hex);
                }
                MessageDigest contentDigest = MessageDigest.getInstance("SHA-256");
                try (GZIPInputStream gz = new GZIPInputStream(counted, 1 << 16)) {
                    new DigestInputStream(gz, contentDigest).transferTo(OutputStream.nullOutputStream());
                    counted.transferTo(OutputStream.nullOutputStream()); // any bytes after the last gzip member
                }
                return new Digests(hex(fileDigest), hex(contentDigest));
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new DataFileException(path, "corrupt gzip data (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new DataFileException(path, "cannot be read (" + e + ")", e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM lacks SHA-256", e);
            }
        }

        private static String hex(MessageDigest md) {
            return HexFormat.of().formatHex(md.digest()).toLowerCase(Locale.ROOT);
        }
    }
}
