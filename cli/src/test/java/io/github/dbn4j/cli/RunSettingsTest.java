package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.TrainingState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a checkpoint keeps of a run's settings, so that {@code --resume} continues with the same ones. */
class RunSettingsTest {

    @Test
    void everySettingOfTrainRbmComesBackAsItWasSaved() {
        TrainRbmCommand first = new TrainRbmCommand();
        first.common = new CommonOptions();
        first.common.seed = 42;
        first.common.trainLimit = 3000;
        first.hidden = 17;
        first.epochs = 3;
        first.batch = 7;
        first.lr = 0.03;
        first.cd = 4;
        first.pcd = 11;
        first.momentum = List.of(0.25, 0.75);
        first.momentumSwitch = 2;
        first.weightDecay = 1e-3;
        first.centered = false;
        first.sparsity = List.of(0.1, 0.2);
        first.visible = "gaussian";
        first.pixels = "threshold";
        first.aisRuns = 5;
        first.aisBetas = 123;
        TrainingState s = new TrainingState();
        first.common.saveRun(s, io.github.dbn4j.api.Backends.create("ejml", io.github.dbn4j.api.Precision.FLOAT64));
        RunSettings.save(s, first);

        TrainRbmCommand back = new TrainRbmCommand();
        back.common = new CommonOptions();
        back.common.loadRun(s);
        RunSettings.load(s, back);
        assertThat(back.common.backend).isEqualTo("ejml");
        assertThat(back.common.precision).isEqualTo("float64");
        assertThat(back.common.seed).isEqualTo(42);
        assertThat(back.common.subset).isFalse();
        assertThat(back.common.trainLimit).isEqualTo(3000);
        assertThat(List.of(back.hidden, back.epochs, back.batch, back.cd, back.pcd, back.momentumSwitch, back.aisRuns,
                back.aisBetas)).containsExactly(17, 3, 7, 4, 11, 2, 5, 123);
        assertThat(List.of(back.lr, back.weightDecay)).containsExactly(0.03, 1e-3);
        assertThat(back.momentum).containsExactly(0.25, 0.75);
        assertThat(back.sparsity).containsExactly(0.1, 0.2);
        assertThat(back.centered).isFalse();
        assertThat(back.visible).isEqualTo("gaussian");
        assertThat(back.pixels).isEqualTo("threshold");

        // the keys earlier builds wrote, so that their checkpoints resume
        assertThat(s.getDouble("momentum0")).isEqualTo(0.25);
        assertThat(s.getDouble("momentum1")).isEqualTo(0.75);
        assertThat(s.getDouble("sparsityTarget")).isEqualTo(0.1);
        assertThat(s.getDouble("sparsityCost")).isEqualTo(0.2);
        assertThat(s.getLong("centered")).isZero();
        assertThat(s.getLong("trainLimit")).isEqualTo(3000);

        first.sparsity = null;
        first.common.trainLimit = null;
        TrainingState off = new TrainingState();
        first.common.saveRun(off, io.github.dbn4j.api.Backends.create("ejml", io.github.dbn4j.api.Precision.FLOAT64));
        RunSettings.save(off, first);
        back.common.loadRun(off);
        RunSettings.load(off, back);
        assertThat(back.sparsity).as("no sparsity stays off").isNull();
        assertThat(back.common.trainLimit).isNull();

        TrainingState noMomentum = without(s, "momentum0", "momentum1");
        assertThatThrownBy(() -> RunSettings.load(noMomentum, new TrainRbmCommand()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("old.ckpt")
                .hasMessageContaining("'momentum0'");
    }

    @Test
    void theDbnPipelinesSettingsComeBackAndOldCheckpointsKeepTheirBehaviour() {
        DbnPipeline first = new DbnPipeline();
        first.layers = new int[] {30, 20, 10};
        first.labelsInTop = false;
        first.validation = 250;
        first.labelStrength = 3;
        first.wakeSleepLr = 0.005;
        first.wakeSleepMomentum = 0.5;
        TrainingState s = new TrainingState();
        RunSettings.save(s, first);
        assertThat(s.getText("layers")).isEqualTo("30-20-10");
        assertThat(s.getLong("labelsInTop")).isZero();

        DbnPipeline back = new DbnPipeline();
        RunSettings.load(s, back);
        assertThat(back.layers).containsExactly(30, 20, 10);
        assertThat(back.labelsInTop).isFalse();
        assertThat(back.validation).isEqualTo(250);
        assertThat(back.labelStrength).isEqualTo(3);
        assertThat(back.wakeSleepLr).isEqualTo(0.005);
        assertThat(back.wakeSleepMomentum).isEqualTo(0.5);
        assertThat(back.centered).isTrue();

        // a checkpoint written before label strength, centering, the weight scale, back-propagation's weight cost
        // and up-down's momentum
        for (String key : List.of("labelStrength", "centered", "initialWeightStd", "finetuneWeightDecay",
                "wakeSleepMomentum")) {
            assertThat(s.has(key)).as(key).isTrue();
        }
        TrainingState without = without(s, "labelStrength", "centered", "initialWeightStd", "finetuneWeightDecay",
                "wakeSleepMomentum");
        DbnPipeline resumed = new DbnPipeline();
        RunSettings.load(without, resumed);
        assertThat(resumed.labelStrength).isEqualTo(1.0);
        assertThat(resumed.centered).isFalse();
        assertThat(resumed.initialWeightStd).isEqualTo(0.01);
        assertThat(resumed.finetuneWeightDecay).isZero();
        assertThat(resumed.wakeSleepMomentum).isZero();
        assertThat(resumed.layers).containsExactly(30, 20, 10);

        assertThatThrownBy(() -> RunSettings.load(without(s, "batch"), new DbnPipeline()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("old.ckpt").hasMessageContaining("'batch'");
        TrainingState corrupt = s.copy();
        corrupt.putText("layers", "30-x-10");
        assertThatThrownBy(() -> RunSettings.load(corrupt, new DbnPipeline()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'layers'").hasMessageContaining("30-x-10");
    }

    @Test
    void reproduceKeepsItsRecipeUnderTheKeyEarlierBuildsUsed() {
        ReproduceCommand first = new ReproduceCommand();
        first.name = "hinton-osindero-teh-2006";
        first.quick = true;
        TrainingState s = new TrainingState();
        RunSettings.save(s, first);
        assertThat(s.getText("recipe")).isEqualTo("hinton-osindero-teh-2006");
        ReproduceCommand back = new ReproduceCommand();
        RunSettings.load(s, back);
        assertThat(back.name).isEqualTo("hinton-osindero-teh-2006");
        assertThat(back.quick).isTrue();

        // the common settings of an earlier build's reproduce checkpoint: backend, precision and seed only
        TrainingState old = new TrainingState();
        old.putText("backend", "ejml").putText("precision", "float64").putLong("seed", 9);
        CommonOptions common = new CommonOptions();
        common.loadRun(old);
        assertThat(common.seed).isEqualTo(9);
        assertThat(common.subset).isFalse();
        assertThat(common.trainLimit).isNull();
    }

    private static TrainingState without(TrainingState s, String... keys) {
        List<String> drop = List.of(keys);
        Map<String, Long> longs = new LinkedHashMap<>(s.longs());
        Map<String, String> texts = new LinkedHashMap<>(s.texts());
        longs.keySet().removeIf(k -> drop.contains(k.replace("#f64", "")));
        texts.keySet().removeIf(drop::contains);
        return TrainingState.of("old.ckpt", Map.of(), longs, texts);
    }
}
