package io.github.dbn4j.core.io;

import static io.github.dbn4j.core.io.TestModels.assertSameDbn;
import static io.github.dbn4j.core.io.TestModels.assertSameRbm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelNpzTest {

    @TempDir
    Path dir;

    @Test
    void rbmsRoundTripWithoutConfigs() {
        for (Rbm rbm : new Rbm[] {TestModels.rbm(), TestModels.labelledRbm(), TestModels.gaussianRbm()}) {
            Path file = dir.resolve("rbm.npz");
            ModelNpz.write(file, rbm);
            assertSameRbm(ModelNpz.readRbm(file), rbm, false);
            assertThat(ModelFormat.detect(file)).isEqualTo(ModelFormat.NPZ);
            assertThat(ModelFormat.NPZ.read(file)).isEqualTo(rbm);
        }
    }

    @Test
    void dbnsRoundTripWithoutConfigs() {
        for (Dbn dbn : new Dbn[] {TestModels.labelledDbnWithClassifier(), TestModels.gaussianDbn(),
                TestModels.oneLayerDbn()}) {
            Path file = dir.resolve("dbn.npz");
            ModelNpz.write(file, dbn);
            assertSameDbn(ModelNpz.readDbn(file), dbn, false);
            assertSameDbn((Dbn) ModelNpz.read(file), dbn, false);
        }
    }

    @Test
    void rbmArraysHaveTheDocumentedNamesShapesAndDtypes() {
        Path file = dir.resolve("rbm.npz");
        Rbm rbm = TestModels.labelledRbm();
        ModelNpz.write(file, rbm);
        Map<String, NpyArray> a = Npz.read(file);
        assertThat(a.keySet()).containsExactly("W", "vbias", "hbias", "W_label", "label_bias", "gaussian_visible",
                "format_version", "kind");
        assertShape(a, "W", "<f8", 4, 3);
        assertShape(a, "vbias", "<f8", 4);
        assertShape(a, "hbias", "<f8", 3);
        assertShape(a, "W_label", "<f8", 3, 3);
        assertShape(a, "label_bias", "<f8", 3);
        assertShape(a, "gaussian_visible", "<i8", 1);
        assertShape(a, "format_version", "<i8", 1);
        assertShape(a, "kind", "<i8", 1);
        assertThat(a.get("W").doubles()).isEqualTo(rbm.weights());
        assertThat(a.get("format_version").longs()).containsExactly(1);
        assertThat(a.get("kind").longs()).containsExactly(0);
        assertThat(a.get("gaussian_visible").longs()).containsExactly(0);

        ModelNpz.write(file, TestModels.gaussianRbm());
        assertThat(Npz.read(file).get("gaussian_visible").longs()).containsExactly(1);
    }

    @Test
    void dbnArraysHaveTheDocumentedNamesShapesAndOrientation() {
        Path file = dir.resolve("dbn.npz");
        Dbn dbn = TestModels.labelledDbnWithClassifier();
        ModelNpz.write(file, dbn);
        Map<String, NpyArray> a = Npz.read(file);
        assertThat(a.keySet()).containsExactly("layer0.W_rec", "layer0.W_gen", "layer0.hbias", "layer0.vbias",
                "top.W", "top.vbias", "top.hbias", "top.W_label", "top.label_bias",
                "classifier.W0", "classifier.b0", "classifier.W1", "classifier.b1", "classifier.W2", "classifier.b2",
                "gaussian_visible", "format_version", "kind");
        assertShape(a, "layer0.W_rec", "<f8", 4, 3);
        assertShape(a, "layer0.W_gen", "<f8", 4, 3);
        assertShape(a, "layer0.hbias", "<f8", 3);
        assertShape(a, "layer0.vbias", "<f8", 4);
        assertShape(a, "top.W", "<f8", 3, 2);
        assertShape(a, "top.W_label", "<f8", 3, 2);
        assertShape(a, "top.label_bias", "<f8", 3);
        assertShape(a, "classifier.W0", "<f8", 4, 3);
        assertShape(a, "classifier.W1", "<f8", 3, 2);
        assertShape(a, "classifier.W2", "<f8", 2, 3);
        assertShape(a, "classifier.b2", "<f8", 3);
        assertThat(a.get("kind").longs()).containsExactly(1);
        assertThat(a.get("layer0.hbias").doubles()).isEqualTo(dbn.lower().get(0).recognitionBias());
        assertThat(a.get("layer0.vbias").doubles()).isEqualTo(dbn.lower().get(0).generativeBias());
        assertThat(a.get("layer0.W_gen").doubles()).isEqualTo(dbn.lower().get(0).generativeWeights());

        ModelNpz.write(file, TestModels.gaussianDbn());
        assertThat(Npz.read(file).keySet()).containsExactly("layer0.W_rec", "layer0.W_gen", "layer0.hbias",
                "layer0.vbias", "layer1.W_rec", "layer1.W_gen", "layer1.hbias", "layer1.vbias", "top.W", "top.vbias",
                "top.hbias", "gaussian_visible", "format_version", "kind");
    }

    private static void assertShape(Map<String, NpyArray> a, String name, String dtype, int... shape) {
        assertThat(a.get(name).dtype()).as(name).isEqualTo(dtype);
        assertThat(a.get(name).shape()).as(name).isEqualTo(shape);
    }

    @Test
    void numpyArchivesOfOtherDtypesAndVersionsAreRead() throws IOException {
        Path file = dir.resolve("numpy.npz");
        Files.write(file, NumpyFiles.bytes(NumpyFiles.RBM_COMPRESSED));
        Rbm rbm = ModelNpz.readRbm(file);
        assertThat(rbm.weights()).containsExactly(0.5, -1.25, 2.0, 0.0, -0.75, 3.5);
        assertThat(rbm.visibleBias()).containsExactly(0.1, -0.2, 0.3);
        assertThat(rbm.hiddenBias()).containsExactly(1, -2);
        assertThat(rbm.visibleUnits()).isEqualTo(VisibleUnits.BERNOULLI);

        Files.write(file, NumpyFiles.bytes(NumpyFiles.RBM_V2_V3));
        rbm = ModelNpz.readRbm(file);
        assertThat(rbm.weights()).containsExactly(0, 0.25, 0.5, 0.75, 1, 1.25);
        assertThat(rbm.visibleBias()).containsExactly(0.25, 0.5, 0.75);
        assertThat(rbm.visibleUnits()).isEqualTo(VisibleUnits.GAUSSIAN);
    }

    @Test
    void wrongKindMissingAndUnexpectedArraysAreNamed() {
        Path dbn = dir.resolve("dbn.npz");
        ModelNpz.write(dbn, TestModels.gaussianDbn());
        assertThatThrownBy(() -> ModelNpz.readRbm(dbn)).isInstanceOf(ModelFileException.class)
                .hasMessage(dbn + ": holds a DBN, not an RBM");
        rewrite(dbn, a -> a.remove("layer1.W_gen"));
        assertThatThrownBy(() -> ModelNpz.readDbn(dbn)).hasMessage(dbn + ": missing array 'layer1.W_gen'");

        Path rbm = dir.resolve("rbm.npz");
        ModelNpz.write(rbm, TestModels.rbm());
        assertThatThrownBy(() -> ModelNpz.readDbn(rbm)).hasMessage(rbm + ": holds an RBM, not a DBN");
        rewrite(rbm, a -> a.put("extra", NpyArray.ofDoubles(new double[1], 1)));
        assertThatThrownBy(() -> ModelNpz.readRbm(rbm)).hasMessageStartingWith(rbm + ": unexpected arrays [extra]");
    }

    @Test
    void shapesAndTheLayerChainAreChecked() {
        Path file = dir.resolve("dbn.npz");
        ModelNpz.write(file, TestModels.gaussianDbn());
        rewrite(file, a -> a.put("layer1.W_rec", NpyArray.ofDoubles(new double[15], 5, 3)));
        assertThatThrownBy(() -> ModelNpz.readDbn(file)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": array 'layer1.W_rec' has shape (5, 3) but must have 4 rows (below x above): "
                        + "the layer under it has 4 upper units");

        ModelNpz.write(file, TestModels.gaussianDbn());
        rewrite(file, a -> a.put("top.hbias", NpyArray.ofDoubles(new double[3], 3)));
        assertThatThrownBy(() -> ModelNpz.readDbn(file))
                .hasMessage(file + ": array 'top.hbias' has shape (3,) but must be (2,) (one per hidden unit)");

        ModelNpz.write(file, TestModels.gaussianDbn());
        rewrite(file, a -> a.put("top.W", NpyArray.ofDoubles(new double[6], 6)));
        assertThatThrownBy(() -> ModelNpz.readDbn(file)).hasMessageContaining("array 'top.W' has shape (6,) but must "
                + "be 2-D");

        ModelNpz.write(file, TestModels.labelledDbnWithClassifier());
        rewrite(file, a -> a.put("classifier.W1", NpyArray.ofDoubles(new double[4], 2, 2)));
        assertThatThrownBy(() -> ModelNpz.readDbn(file)).hasMessageContaining("'classifier.W1' has shape (2, 2) but "
                + "must have 3 rows");

        ModelNpz.write(file, TestModels.labelledDbnWithClassifier());
        rewrite(file, a -> a.remove("top.label_bias"));
        assertThatThrownBy(() -> ModelNpz.readDbn(file))
                .hasMessage(file + ": array 'top.W_label' is present but 'top.label_bias' is missing");

        ModelNpz.write(file, TestModels.labelledDbnWithClassifier());
        rewrite(file, a -> a.put("top.W", NpyArray.ofDoubles(new double[] {1, 2, 3, Double.NaN, 5, 6}, 3, 2)));
        assertThatThrownBy(() -> ModelNpz.readDbn(file))
                .hasMessage(file + ": array 'top.W' value 3 is NaN: parameters must be finite");

        ModelNpz.write(file, TestModels.labelledDbnWithClassifier());
        rewrite(file, a -> {
            a.put("classifier.W2", NpyArray.ofDoubles(new double[4], 2, 2));
            a.put("classifier.b2", NpyArray.ofDoubles(new double[2], 2));
        });
        assertThatThrownBy(() -> ModelNpz.readDbn(file)).hasMessage(file
                + ": invalid model: the classifier has 2 classes but the DBN 3 labels");
    }

    @Test
    void metadataIsChecked() {
        Path file = dir.resolve("rbm.npz");
        ModelNpz.write(file, TestModels.rbm());
        rewrite(file, a -> a.put("format_version", NpyArray.ofLongs(new long[] {2}, 1)));
        assertThatThrownBy(() -> ModelNpz.readRbm(file))
                .hasMessage(file + ": npz format version 2 is newer than this build reads (1)");
        rewrite(file, a -> a.remove("format_version"));
        assertThatThrownBy(() -> ModelNpz.readRbm(file)).hasMessage(file + ": missing array 'format_version'");
        ModelNpz.write(file, TestModels.rbm());
        rewrite(file, a -> a.put("gaussian_visible", NpyArray.ofDoubles(new double[] {1}, 1)));
        assertThatThrownBy(() -> ModelNpz.readRbm(file))
                .hasMessage(file + ": array 'gaussian_visible' has dtype '<f8' but must be an integer (int64)");
        ModelNpz.write(file, TestModels.rbm());
        rewrite(file, a -> a.put("kind", NpyArray.ofLongs(new long[] {5}, 1)));
        assertThatThrownBy(() -> ModelNpz.readRbm(file)).hasMessageContaining("'kind' is 5 but must be 0 (RBM)");
    }

    @Test
    void corruptArchivesOnlyEverFailWithModelFileException() throws IOException {
        Path good = dir.resolve("good.npz");
        ModelNpz.write(good, TestModels.labelledDbnWithClassifier());
        byte[] full = Files.readAllBytes(good);
        int cases = 0;
        int rejected = 0;
        for (int i = 0; i < full.length; i++) {
            for (int variant = 0; variant < 2; variant++) {
                byte[] b = variant == 0 ? Arrays.copyOf(full, i) : full.clone();
                if (variant == 1) {
                    b[i] ^= (byte) 0xff;
                }
                Path file = dir.resolve("bad" + i + "-" + variant + ".npz");
                Files.write(file, b);
                cases++;
                try {
                    ModelNpz.readDbn(file);
                } catch (ModelFileException e) {
                    assertThat(e.getMessage()).startsWith(file + ": ");
                    rejected++;
                }
                Files.delete(file);
            }
        }
        assertThat(cases).isEqualTo(2 * full.length);
        // every truncation is caught; flips in zip fields nobody reads (e.g. time stamps) may pass
        assertThat(rejected).isGreaterThan(full.length + full.length / 2);
    }

    /** Reads, changes and rewrites the arrays of an archive. */
    private static void rewrite(Path file, Consumer<Map<String, NpyArray>> change) {
        Map<String, NpyArray> a = new LinkedHashMap<>(Npz.read(file));
        change.accept(a);
        Npz.write(file, a);
    }
}
