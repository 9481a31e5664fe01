package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.core.TrainingState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a checkpoint keeps of the data options, so that a resumed run reads the data the run began on. */
class CommonOptionsTest {

    @Test
    void aResumedRunReadsTheSameDataUnlessTheFilesAreGivenAgain() {
        CommonOptions first = new CommonOptions();
        first.data = Path.of("own", "train.csv");
        first.testData = Path.of("own", "test.csv");
        first.imageShape = "8x8";
        first.csvScale = 255;
        first.dataset = null;
        TrainingState saved = new TrainingState();
        first.saveData(saved);

        CommonOptions resumed = new CommonOptions();
        resumed.csvScale = 1;
        resumed.loadData(saved);
        assertThat(resumed.data).isEqualTo(first.data.toAbsolutePath());
        assertThat(resumed.testData).isEqualTo(first.testData.toAbsolutePath());
        assertThat(resumed.imageShape).isEqualTo("8x8");
        assertThat(resumed.csvScale).isEqualTo(255);
        assertThat(resumed.dataset).isNull();

        CommonOptions moved = new CommonOptions();
        moved.data = Path.of("moved", "train.csv");
        moved.loadData(saved);
        assertThat(moved.data).as("--data given with --resume wins").isEqualTo(Path.of("moved", "train.csv"));
        assertThat(moved.testData).isEqualTo(first.testData.toAbsolutePath());

        CommonOptions fashion = new CommonOptions();
        fashion.dataset = "fashion-mnist";
        TrainingState f = new TrainingState();
        fashion.saveData(f);
        CommonOptions back = new CommonOptions();
        back.loadData(f);
        assertThat(back.dataset).isEqualTo("fashion-mnist");
        assertThat(back.data).as("the default directory of the set").isNull();
        assertThat(back.dataDir().getFileName()).hasToString("fashion-mnist");

        CommonOptions old = new CommonOptions();
        old.data = Path.of("given");
        old.loadData(new TrainingState());
        assertThat(old.data).as("a checkpoint without these settings changes nothing").isEqualTo(Path.of("given"));
    }
}
