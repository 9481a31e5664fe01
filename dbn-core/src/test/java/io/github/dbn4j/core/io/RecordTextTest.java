package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTextTest {

    private static final Path FILE = Path.of("m.bin");

    @Test
    void configsRoundTripThroughNameValueText() {
        RbmConfig rbm = RbmConfig.defaults(7).withVisibleUnits(VisibleUnits.GAUSSIAN).withLearningRate(1.0 / 3)
                .withSeed(Long.MIN_VALUE);
        String text = RecordText.write(rbm);
        assertThat(text).startsWith("hidden=7\nvisibleUnits=GAUSSIAN\ncdSteps=1\n").contains("\nseed=" + Long.MIN_VALUE
                + "\n").contains("learningRate=0.3333333333333333\n");
        assertThat(RecordText.read(RbmConfig.class, text, FILE, "config")).isEqualTo(rbm);

        DbnConfig dbn = DbnConfig.of(RbmConfig.defaults(1), 10, 5, 4, 3).withSampleUpward(true);
        String dbnText = RecordText.write(dbn);
        assertThat(dbnText).startsWith("layers.size=3\nlayers.0.hidden=5\n").contains("layers.2.hidden=3\n")
                .endsWith("labels=10\nsampleUpward=true\n");
        assertThat(RecordText.read(DbnConfig.class, dbnText, FILE, "config")).isEqualTo(dbn);
    }

    /** A record with a string, to check escaping. */
    record Named(String name, List<Integer> counts) {
    }

    @Test
    void stringsAreEscaped() {
        Named n = new Named("a=b\\c\nd\re", List.of(1, 2));
        String text = RecordText.write(n);
        assertThat(text).isEqualTo("name=a=b\\\\c\\nd\\re\ncounts.size=2\ncounts.0=1\ncounts.1=2\n");
        assertThat(RecordText.read(Named.class, text, FILE, "x")).isEqualTo(n);
    }

    @Test
    void badTextIsRejectedWithTheKeyNamed() {
        String good = RecordText.write(RbmConfig.defaults(3));
        assertThatThrownBy(() -> RecordText.read(RbmConfig.class, good.replace("epochs=10", "epochs=ten"), FILE,
                "entry 'config'")).isInstanceOf(ModelFileException.class)
                .hasMessage("m.bin: entry 'config': invalid RbmConfig: 'epochs' is 'ten', not an int");
        assertThatThrownBy(() -> RecordText.read(RbmConfig.class, good.replace("epochs=10\n", ""), FILE, "config"))
                .hasMessage("m.bin: config: invalid RbmConfig: missing 'epochs'");
        assertThatThrownBy(() -> RecordText.read(RbmConfig.class, good + "colour=blue\n", FILE, "config"))
                .hasMessage("m.bin: config: unexpected key 'colour' for RbmConfig");
        assertThatThrownBy(() -> RecordText.read(RbmConfig.class, good.replace("epochs=10", "epochs=-1"), FILE,
                "config")).hasMessage("m.bin: config: invalid RbmConfig: epochs must be at least 0, got -1");
        assertThatThrownBy(() -> RecordText.read(RbmConfig.class, good.replace("BERNOULLI", "POISSON"), FILE,
                "config")).hasMessageContaining("'visibleUnits' is 'POISSON', not a VisibleUnits");
        assertThatThrownBy(() -> RecordText.read(RbmConfig.class, good + "epochs=3\n", FILE, "config"))
                .hasMessageContaining("'epochs' appears twice");
        assertThatThrownBy(() -> RecordText.read(DbnConfig.class, "layers.size=2000000000\nlabels=0\n"
                + "sampleUpward=false\n", FILE, "config")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("'layers.size' is 2000000000, which the text cannot hold");
    }

    @Test
    void componentsAddedLaterReadAsTheirZeroValueInOlderTexts() {
        RbmConfig now = RbmConfig.defaults(4).withCdSteps(25).withCdIncreaseEvery(10).withLearningRates(0.1, 0.2, 0.3)
                .withDecayFrom(7).withSampledNegative(true);
        String text = RecordText.write(now);
        assertThat(text).contains("cdIncreaseEvery=10\n").contains("biasLearningRate=0.2\n");
        assertThat(RecordText.read(RbmConfig.class, text, FILE, "config")).isEqualTo(now);
        String older = text.replace("cdIncreaseEvery=10\n", "").replace("biasLearningRate=0.2\n", "")
                .replace("labelLearningRate=0.3\n", "").replace("fixedBatches=false\n", "")
                .replace("zeroInitialBiases=false\n", "").replace("decayFrom=7\n", "")
                .replace("sampledNegative=true\n", "");
        RbmConfig read = RecordText.read(RbmConfig.class, older, FILE, "config");
        assertThat(read.cdIncreaseEvery()).isZero();
        assertThat(read.biasLearningRate()).isZero();
        assertThat(read.labelLearningRate()).isZero();
        assertThat(read.fixedBatches()).isFalse();
        assertThat(read.decayFrom()).isZero();
        assertThat(read.sampledNegative()).isFalse();
        assertThat(read.withCdIncreaseEvery(10).withLearningRates(0.1, 0.2, 0.3).withDecayFrom(7)
                .withSampledNegative(true)).isEqualTo(now);
    }
}
