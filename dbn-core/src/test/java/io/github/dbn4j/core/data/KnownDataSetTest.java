package io.github.dbn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known IDX data sets: told by the SHA-256 of the published .gz files or of their content. */
class KnownDataSetTest {

    @TempDir
    Path dir;

    @Test
    void aGzipFileHasTheDigestOfItsBytesAndOfItsContent() throws Exception {
        byte[] content = "not really pixels".getBytes(StandardCharsets.US_ASCII);
        byte[] gz = gzip(content);
        Path packed = Files.write(dir.resolve("a.gz"), gz);
        Path plain = Files.write(dir.resolve("a"), content);
        KnownDataSet.Digests d = KnownDataSet.Digests.of(packed);
        assertThat(d.file()).isEqualTo(sha256(gz));
        assertThat(d.content()).isEqualTo(sha256(content)).isNotEqualTo(d.file());
        KnownDataSet.Digests p = KnownDataSet.Digests.of(plain);
        assertThat(p.file()).isEqualTo(sha256(content)).isEqualTo(p.content());
        Files.write(packed, java.util.Arrays.copyOf(gz, gz.length - 6));
        assertThatThrownBy(() -> KnownDataSet.Digests.of(packed)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(packed + ": corrupt gzip data");
    }

    @Test
    void fourFilesAreRecognisedByEitherDigestAndAMixedDirectoryIsNamed() throws Exception {
        Path[] files = new Path[4];
        Map<Mnist.Part, Set<String>> digests = new EnumMap<>(Mnist.Part.class);
        for (Mnist.Part part : Mnist.Part.values()) {
            byte[] content = ("content of " + part).getBytes(StandardCharsets.US_ASCII);
            boolean packed = part.ordinal() % 2 == 0;
            files[part.ordinal()] = Files.write(dir.resolve(part.fileName() + (packed ? ".gz" : "")),
                    packed ? gzip(content) : content);
            // a published .gz digest for the packed files, a content digest for the others
            digests.put(part, Set.of(packed ? sha256(Files.readAllBytes(files[part.ordinal()])) : sha256(content)));
        }
        KnownDataSet.Published set = new KnownDataSet.Published("Test-MNIST", digests);
        KnownDataSet.Published other = new KnownDataSet.Published("Other", Map.of(
                Mnist.Part.TRAIN_IMAGES, Set.of("0"), Mnist.Part.TRAIN_LABELS, Set.of("1"),
                Mnist.Part.TEST_IMAGES, Set.of("2"), Mnist.Part.TEST_LABELS, Set.of("3")));
        assertThat(KnownDataSet.Published.recognise(files, List.of(other, set))).contains(set);
        assertThat(KnownDataSet.Published.recognise(files, List.of(other))).isEmpty();
        set.verify(files[1], Mnist.Part.TRAIN_LABELS);
        assertThatThrownBy(() -> set.verify(files[1], Mnist.Part.TEST_LABELS))
                .isInstanceOf(DataFileException.class).hasMessageStartingWith(files[1] + ": SHA-256 ")
                .hasMessageContaining("is not the published SHA-256 of Test-MNIST's t10k-labels-idx1-ubyte");

        Path[] derived = files.clone();
        derived[0] = Files.writeString(dir.resolve("transposed-images"), "other images, the same labels");
        derived[2] = Files.writeString(dir.resolve("transposed-test-images"), "other test images");
        assertThat(KnownDataSet.Published.recognise(derived, List.of(set)))
                .as("a set derived from a known one, keeping its label files, is not a known set").isEmpty();

        Files.writeString(files[3], "a corrupt copy");
        assertThatThrownBy(() -> KnownDataSet.Published.recognise(files, List.of(set)))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("3 of the four files are Test-MNIST's but t10k-labels-idx1-ubyte (SHA-256 "
                        + sha256("a corrupt copy".getBytes(StandardCharsets.US_ASCII)) + ") is not");
    }

    @Test
    void syntheticFilesAreNoKnownSet() throws IOException {
        Path[] files = new Path[4];
        for (Mnist.Part part : Mnist.Part.values()) {
            files[part.ordinal()] = Files.writeString(dir.resolve(part.fileName()), part.name());
        }
        assertThat(KnownDataSet.recognise(files)).isEmpty();
    }

    @Test
    void everyPublishedDigestIsSha256HexAndBelongsToOneFileOfOneSet() {
        Set<String> seen = new HashSet<>();
        for (KnownDataSet s : KnownDataSet.values()) {
            assertThat(s.published().digests()).as(s.title()).containsOnlyKeys(Mnist.Part.values());
            s.published().digests().forEach((part, set) -> {
                assertThat(set).as(s + " " + part).isNotEmpty().allMatch(d -> d.matches("[0-9a-f]{64}"));
                for (String d : set) {
                    assertThat(seen.add(d)).as(d + " appears twice").isTrue();
                }
            });
        }
        assertThat(KnownDataSet.MNIST.published().digests().get(Mnist.Part.TRAIN_IMAGES))
                .as("MNIST's content digest, which Mnist.load checks").contains(Mnist.Part.TRAIN_IMAGES.sha256());
    }

    @Test
    void setsAreNamedByIdOrTitle() {
        assertThat(KnownDataSet.of("fashion-mnist")).isEqualTo(KnownDataSet.FASHION_MNIST);
        assertThat(KnownDataSet.of(" KMNIST ")).isEqualTo(KnownDataSet.KMNIST);
        assertThat(KnownDataSet.of("Kuzushiji-MNIST")).isEqualTo(KnownDataSet.KMNIST);
        assertThat(KnownDataSet.MNIST.id()).isEqualTo("mnist");
        assertThatThrownBy(() -> KnownDataSet.of("cifar-10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown data set 'cifar-10': known are mnist, fashion-mnist, kmnist");
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
