package io.github.dbn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.Evaluation;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTrainerTest {

    static final int CASES = 600;

    static JavaSparkContext sc;
    static LabelledImages train;
    static LabelledImages test;

    @BeforeAll
    static void start() {
        sc = LocalSpark.context();
        Mnist.Dataset subset = Mnist.subset();
        train = subset.train();
        test = subset.test();
    }

    static List<Case> cases(int n, boolean labelled) {
        double[] v = train.values(0, n, LabelledImages.Pixels.SCALED, 0);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[train.width()];
            System.arraycopy(v, i * row.length, row, 0, row.length);
            out.add(new Case(row, labelled ? train.labels()[i] : Case.NO_LABEL));
        }
        return out;
    }

    static RbmConfig small(int hidden, int epochs) {
        return RbmConfig.defaults(hidden).withEpochs(epochs).withBatchSize(50).withLearningRate(0.1).withSeed(7);
    }

    static SparkTrainingOptions ejml64() {
        return SparkTrainingOptions.defaults().withBackend("ejml", Precision.FLOAT64);
    }

    @Test
    void oneSliceAveragedEveryEpochIsTheSingleMachineRbmBitForBit() {
        List<Case> cases = cases(CASES, false);
        for (RbmConfig config : List.of(small(40, 3), small(40, 3).withPersistentChains(20).withCdSteps(2),
                small(40, 3).withCentered(false).withWeightDecay(2e-4))) {
            Rbm spark = new SparkTrainer(sc).trainRbm(config, sc.parallelize(cases, 1), 0, ejml64());
            Backend backend = Backends.create("ejml", Precision.FLOAT64);
            Rbm local = new RbmTrainer(backend).train(config,
                    train.head(CASES).toMatrix(backend, LabelledImages.Pixels.SCALED, 0), TrainingOptions.defaults());
            assertThat(spark.weights()).as(config.toString()).containsExactly(local.weights());
            assertThat(spark.visibleBias()).containsExactly(local.visibleBias());
            assertThat(spark.hiddenBias()).containsExactly(local.hiddenBias());
        }
    }

    @Test
    void oneSliceIsTheSingleMachineLabelledDbnBitForBit() {
        DbnConfig config = DbnConfig.of(small(30, 2), 10, 30, 40);
        Dbn spark = new SparkTrainer(sc).pretrain(config, sc.parallelize(cases(CASES, true), 1), ejml64());
        Backend backend = Backends.create("ejml", Precision.FLOAT64);
        LabelledImages head = train.head(CASES);
        Dbn local = new DbnTrainer(backend).pretrain(config, head.toMatrix(backend, LabelledImages.Pixels.SCALED, 0),
                head.labels());
        assertThat(spark.lower().get(0).recognitionWeights()).containsExactly(local.lower().get(0).recognitionWeights());
        assertThat(spark.top().weights()).containsExactly(local.top().weights());
        assertThat(spark.top().labelWeights()).containsExactly(local.top().labelWeights());
        assertThat(spark.top().hiddenBias()).containsExactly(local.top().hiddenBias());
    }

    @Test
    void oneSliceIsTheSingleMachineFineTuningBitForBitWithItsValidationChoice() {
        DbnConfig config = DbnConfig.of(small(30, 1), 0, 30, 20);
        Backend backend = Backends.create("ejml", Precision.FLOAT64);
        LabelledImages head = train.head(CASES);
        Dbn dbn = new DbnTrainer(backend).pretrain(config, head.toMatrix(backend, LabelledImages.Pixels.SCALED, 0),
                null);
        FineTuneConfig tune = FineTuneConfig.defaults().withEpochs(4).withBatchSize(50).withLearningRate(0.05)
                .withSeed(9).withPatience(2);
        List<Case> validation = cases(CASES + 200, true).subList(CASES, CASES + 200);
        LabelledImages val = train.range(CASES, CASES + 200);
        Dbn local = new FineTuner(backend).fineTune(dbn, 10, tune,
                head.toMatrix(backend, LabelledImages.Pixels.SCALED, 0), head.labels(),
                val.toMatrix(backend, LabelledImages.Pixels.SCALED, 0), val.labels());
        Dbn spark = new SparkTrainer(sc).fineTune(dbn, 10, tune, sc.parallelize(cases(CASES, true), 1), validation,
                ejml64());
        Classifier a = local.classifier().orElseThrow();
        Classifier b = spark.classifier().orElseThrow();
        for (int i = 0; i < a.sizes().length - 1; i++) {
            assertThat(b.weights(i)).as("layer " + i).containsExactly(a.weights(i));
            assertThat(b.biases(i)).containsExactly(a.biases(i));
        }
    }

    @Test
    void oneSliceIsTheSingleMachineUpDownBitForBitAndTwoSlicesKeepTheLabels() {
        DbnConfig config = DbnConfig.of(small(30, 1), 10, 30, 40);
        Backend backend = Backends.create("ejml", Precision.FLOAT64);
        LabelledImages head = train.head(CASES);
        Dbn dbn = new DbnTrainer(backend).pretrain(config, head.toMatrix(backend, LabelledImages.Pixels.SCALED, 0),
                head.labels());
        WakeSleepConfig ws = WakeSleepConfig.defaults().withEpochs(2).withBatchSize(50).withSeed(4).withMomentum(0.5);
        Dbn local = new WakeSleepTrainer(backend).train(dbn, ws, head.toMatrix(backend, LabelledImages.Pixels.SCALED,
                0), head.labels());
        Dbn spark = new SparkTrainer(sc).upDown(dbn, ws, sc.parallelize(cases(CASES, true), 1), ejml64());
        assertThat(spark.top().weights()).containsExactly(local.top().weights());
        assertThat(spark.top().labelWeights()).containsExactly(local.top().labelWeights());
        assertThat(spark.lower().get(0).generativeWeights()).containsExactly(local.lower().get(0).generativeWeights());
        assertThat(spark.lower().get(0).recognitionBias()).containsExactly(local.lower().get(0).recognitionBias());

        Dbn two = new SparkTrainer(sc).upDown(dbn, ws, sc.parallelize(cases(CASES, true), 2),
                ejml64().withBatchesPerRound(2));
        Dbn again = new SparkTrainer(sc).upDown(dbn, ws, sc.parallelize(cases(CASES, true), 2),
                ejml64().withBatchesPerRound(2));
        assertThat(two.top().weights()).containsExactly(again.top().weights()).isNotEqualTo(local.top().weights());
        assertThat(two.labels()).isEqualTo(10);
    }

    @Test
    void upDownThatCollapsesTheNetworkWarnsOnSparkAsOnOneMachine() {
        DbnConfig config = DbnConfig.of(small(30, 1), 10, 30, 40);
        Backend backend = Backends.create("ejml", Precision.FLOAT64);
        LabelledImages head = train.head(CASES);
        Dbn dbn = new DbnTrainer(backend).pretrain(config, head.toMatrix(backend, LabelledImages.Pixels.SCALED, 0),
                head.labels());
        WakeSleepConfig ws = WakeSleepConfig.defaults().withEpochs(2).withBatchSize(50).withSeed(4)
                .withLearningRate(5.0);
        MetricsHistory local = new MetricsHistory();
        new WakeSleepTrainer(backend).train(dbn, ws, head.toMatrix(backend, LabelledImages.Pixels.SCALED, 0),
                head.labels(), local);
        MetricsHistory spark = new MetricsHistory();
        new SparkTrainer(sc).upDown(dbn, ws, sc.parallelize(cases(CASES, true), 1), ejml64().withListeners(spark));
        assertThat(local.warnings()).extracting(TrainingWarning::kind).as("a learning rate of 5 collapses the network")
                .contains(TrainingWarning.Kind.SATURATED);
        assertThat(spark.warnings()).isEqualTo(local.warnings());
    }

    @Test
    void fineTuningOnThreeSlicesLearnsAndResumesBitForBit(@TempDir Path dir) {
        List<Case> cases = cases(1500, true);
        DbnConfig config = DbnConfig.of(small(60, 2).withCentered(false).withInitialWeightStd(0.1), 0, 60);
        SparkTrainingOptions options = ejml64().withBatchesPerRound(4);
        JavaRDD<Case> data = sc.parallelize(cases, 3);
        Dbn dbn = new SparkTrainer(sc).pretrain(config, data, options);
        FineTuneConfig tune = FineTuneConfig.defaults().withEpochs(4).withBatchSize(50).withSeed(2);
        Dbn whole = new SparkTrainer(sc).fineTune(dbn, 10, tune, data, null, options);
        // three slices averaged make a third of the steps of one: at three times the learning rate
        // they learn about as much
        Dbn oneSlice = new SparkTrainer(sc).fineTune(dbn, 10, tune, sc.parallelize(cases, 1), null, options);
        Dbn faster = new SparkTrainer(sc).fineTune(dbn, 10, tune.withLearningRate(3 * tune.learningRate()), data,
                null, options);
        double error = testError(whole);
        double oneSliceError = testError(oneSlice);
        double fasterError = testError(faster);
        assertThat(error).as("test error on three slices (chance 0.9)").isLessThan(0.35);
        assertThat(fasterError).as("three slices at three times the learning rate; one slice %s", oneSliceError)
                .isCloseTo(oneSliceError, org.assertj.core.data.Offset.offset(0.03));

        String checkpoints = dir.resolve("ck").toUri().toString();
        class Stop extends RuntimeException {
        }
        TrainingListener stopAtEpochThree = new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics m) {
                if (m.epoch() == 3) {
                    throw new Stop();
                }
                return Decision.CONTINUE;
            }
        };
        SparkTrainingOptions saving = options.withCheckpoints(checkpoints, 3);
        assertThatThrownBy(() -> new SparkTrainer(sc).fineTune(dbn, 10, tune, data, null,
                saving.withListeners(stopAtEpochThree))).isInstanceOf(Stop.class);
        Dbn resumed = new SparkTrainer(sc).fineTune(dbn, 10, tune, data, null, saving.withResume(true));
        assertThat(resumed.classifier().orElseThrow().weights(1))
                .containsExactly(whole.classifier().orElseThrow().weights(1));
    }

    static double testError(Dbn dbn) {
        Backend backend = Backends.create("ejml", Precision.FLOAT64);
        int[] predicted = new ClassifierEngine(backend, dbn.classifier().orElseThrow())
                .predict(test.toMatrix(backend, LabelledImages.Pixels.SCALED, 0));
        return Evaluation.of(test.labels(), predicted, 10).errorRate();
    }

    @Test
    void theSameSeedGivesTheSameModelWhateverOrderTasksFinishIn() {
        List<Case> cases = cases(CASES, false);
        RbmConfig config = small(30, 2);
        SparkTrainingOptions options = ejml64().withBatchesPerRound(1);
        Rbm a = new SparkTrainer(sc).trainRbm(config, sc.parallelize(cases, 5), 0, options);
        Rbm b = new SparkTrainer(sc).trainRbm(config, sc.parallelize(cases, 5), 0, options);
        assertThat(a.weights()).containsExactly(b.weights());
        Rbm other = new SparkTrainer(sc).trainRbm(config, sc.parallelize(cases, 4), 0, options);
        assertThat(other.weights()).isNotEqualTo(a.weights());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedToTheSameModel() {
        List<Case> cases = cases(CASES, false);
        RbmConfig config = small(30, 2).withPersistentChains(10);
        SparkTrainingOptions options = ejml64().withBatchesPerRound(2);
        Rbm clean = new SparkTrainer(sc).trainRbm(config, sc.parallelize(cases, 2), 0, options);
        Rbm retried = new SparkTrainer(sc).trainRbm(config, sc.parallelize(cases, 2), 0, options.withFault(3, 1));
        assertThat(retried.weights()).containsExactly(clean.weights());
        assertThat(retried.hiddenBias()).containsExactly(clean.hiddenBias());
    }

    @Test
    void aRunStoppedAfterACheckpointResumesBitForBit(@TempDir Path dir) {
        DbnConfig config = DbnConfig.of(small(30, 3), 10, 30, 40);
        JavaRDD<Case> data = sc.parallelize(cases(CASES, true), 2);
        SparkTrainingOptions options = ejml64().withBatchesPerRound(3);
        Dbn whole = new SparkTrainer(sc).pretrain(config, data, options);
        String checkpoints = dir.resolve("checkpoints").toUri().toString();
        class Stop extends RuntimeException {
        }
        TrainingListener stopInLayerTwo = new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics m) {
                if (m.stage().equals("layer2") && m.epoch() == 2) {
                    throw new Stop();
                }
                return Decision.CONTINUE;
            }
        };
        SparkTrainingOptions saving = options.withCheckpoints(checkpoints, 2);
        assertThatThrownBy(() -> new SparkTrainer(sc).pretrain(config, data, saving.withListeners(stopInLayerTwo)))
                .isInstanceOf(Stop.class);
        Dbn resumed = new SparkTrainer(sc).pretrain(config, data, saving.withResume(true));
        assertThat(resumed.top().weights()).containsExactly(whole.top().weights());
        assertThat(resumed.top().labelWeights()).containsExactly(whole.top().labelWeights());
        assertThat(resumed.lower().get(0).recognitionWeights()).containsExactly(
                whole.lower().get(0).recognitionWeights());
        assertThatThrownBy(() -> new SparkTrainer(sc).pretrain(config, sc.parallelize(cases(CASES, true), 3),
                saving.withResume(true)))
                .hasMessageContaining("2 slices").hasMessageContaining("this run has 3");
    }

    @Test
    void badInputIsNamedBeforeTraining() {
        List<Case> cases = cases(100, true);
        SparkTrainer trainer = new SparkTrainer(sc);
        List<Case> narrow = new ArrayList<>(cases);
        narrow.set(70, new Case(new double[783], 1));
        assertThatThrownBy(() -> trainer.trainRbm(small(10, 1), sc.parallelize(narrow, 2), 0, ejml64()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 1").hasMessageContaining("case 20")
                .hasMessageContaining("783 values");
        List<Case> bright = new ArrayList<>(cases);
        double[] v = bright.get(3).values().clone();
        v[5] = 1.5;
        bright.set(3, new Case(v, 2));
        assertThatThrownBy(() -> trainer.trainRbm(small(10, 1), sc.parallelize(bright, 2), 0, ejml64()))
                .hasMessageContaining("partition 0").hasMessageContaining("value 1.5 at column 5");
        assertThatThrownBy(() -> trainer.pretrain(DbnConfig.of(small(10, 1), 3, 10, 10),
                sc.parallelize(cases, 2), ejml64()))
                .hasMessageContaining("label").hasMessageContaining("3 classes");
        assertThatThrownBy(() -> trainer.trainRbm(small(10, 1), sc.parallelize(List.<Case>of(), 3), 0, ejml64()))
                .hasMessageContaining("all 3 partitions are empty");
        assertThatThrownBy(() -> trainer.trainRbm(small(10, 1), sc.emptyRDD(), 0, ejml64()))
                .hasMessageContaining("no partitions");
    }

    @Test
    void emptyPartitionsAreSkippedAndTwoSlicesLearnTheDigits() {
        List<Case> cases = cases(2000, true);
        JavaRDD<Case> data = sc.parallelize(cases, 2).union(sc.parallelize(List.<Case>of(), 1));
        DbnConfig config = DbnConfig.of(RbmConfig.defaults(100).withEpochs(4).withBatchSize(20).withLearningRate(0.1)
                .withCentered(false).withWeightDecay(2e-4).withInitialWeightStd(0.1).withSeed(3), 10, 100, 200);
        Dbn dbn = new SparkTrainer(sc).pretrain(config, data, SparkTrainingOptions.defaults()
                .withBackend("ejml", Precision.FLOAT32).withBatchesPerRound(5));
        Backend backend = Backends.create("ejml", Precision.FLOAT32);
        int[] predicted = new DbnEngine(backend, dbn).classify(test.toMatrix(backend, LabelledImages.Pixels.SCALED, 0));
        double error = Evaluation.of(test.labels(), predicted, 10).errorRate();
        assertThat(error).as("generative test error of the greedy DBN").isLessThan(0.35);
    }
}
