package io.github.dbn4j.core.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.io.ModelFileException;
import io.github.dbn4j.core.io.Npz;
import io.github.dbn4j.core.io.NpyArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VAE through its npz file and back, and the errors for archives that are not one. */
class VaeNpzTest {

    @Test
    void aVaeWithAFlowRoundTripsExactly(@TempDir Path dir) {
        Vae vae = VaeTestModels.random(VaeTestModels.small(2), 3, 0.7);
        Path f = dir.resolve("model.npz");
        VaeNpz.write(f, vae);
        Vae back = VaeNpz.read(f);
        assertThat(back.architecture()).isEqualTo(vae.architecture());
        for (String n : vae.names()) {
            assertThat(back.values(n)).as(n).containsExactly(vae.values(n));
        }
        Map<String, NpyArray> raw = Npz.read(f);
        assertThat(raw.get("decoder.b_out").shape()).containsExactly(7);
        assertThat(raw.get("encoder.W0").shape()).containsExactly(7, 6);
        assertThat(raw.get("encoder_hidden").longs()).containsExactly(6, 5);
    }

    @Test
    void gaussianOutputsKeepTheirLogVariances(@TempDir Path dir) {
        Vae vae = VaeTestModels.random(VaeTestModels.small(0, VaeOutput.GAUSSIAN), 4, 0.7);
        Path f = dir.resolve("g.npz");
        VaeNpz.write(f, vae);
        Vae back = VaeNpz.read(f);
        assertThat(back.architecture().output()).isEqualTo(VaeOutput.GAUSSIAN);
        assertThat(back.values("decoder.logvar_out")).containsExactly(vae.values("decoder.logvar_out"));
        assertThat(Npz.read(f).get("decoder.logvar_out").shape()).containsExactly(7);
        assertThat(Npz.read(f).get("gaussian_output").longs()).containsExactly(1);
    }

    @Test
    void archivesThatAreNotAVaeAreRefusedByName(@TempDir Path dir) {
        Vae vae = VaeTestModels.random(VaeTestModels.small(1), 3, 0.7);
        Path f = dir.resolve("m.npz");
        VaeNpz.write(f, vae);
        Map<String, NpyArray> raw = new LinkedHashMap<>(Npz.read(f));

        Map<String, NpyArray> rbm = new LinkedHashMap<>(raw);
        rbm.put("kind", NpyArray.ofLongs(new long[] {0}, 1));
        Npz.write(f, rbm);
        assertThatThrownBy(() -> VaeNpz.read(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("m.npz").hasMessageContaining("kind 0");

        Map<String, NpyArray> missing = new LinkedHashMap<>(raw);
        missing.remove("iaf0.W_s");
        Npz.write(f, missing);
        assertThatThrownBy(() -> VaeNpz.read(f)).hasMessageContaining("iaf0.W_s");

        Map<String, NpyArray> misshapen = new LinkedHashMap<>(raw);
        misshapen.put("decoder.W0", NpyArray.ofDoubles(new double[6], 2, 3));
        Npz.write(f, misshapen);
        assertThatThrownBy(() -> VaeNpz.read(f)).hasMessageContaining("decoder.W0").hasMessageContaining("3x4");

        Map<String, NpyArray> extra = new LinkedHashMap<>(raw);
        extra.put("stray", NpyArray.ofDoubles(new double[1], 1));
        Npz.write(f, extra);
        assertThatThrownBy(() -> VaeNpz.read(f)).hasMessageContaining("stray");

        Map<String, NpyArray> badWidth = new LinkedHashMap<>(raw);
        badWidth.put("latent", NpyArray.ofLongs(new long[] {0}, 1));
        Npz.write(f, badWidth);
        assertThatThrownBy(() -> VaeNpz.read(f)).hasMessageContaining("architecture");
    }
}
