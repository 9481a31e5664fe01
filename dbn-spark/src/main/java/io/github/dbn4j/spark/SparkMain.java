package io.github.dbn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.Evaluation;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dbn4j spark}: the data-parallel training commands, run by the {@code ./dbn4j spark}
 * launcher in a local Spark or by {@code spark-submit} of the module's jar on a cluster.
 */
@Command(name = "dbn4j spark", mixinStandardHelpOptions = true, subcommands = {SparkMain.TrainDbn.class, SparkBench.class},
        description = "Training on Apache Spark by parameter averaging.")
public final class SparkMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SparkMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = Arrays.asList(args).contains("--debug");
            if (debug) {
                e.printStackTrace();
            } else {
                System.err.println("dbn4j spark: " + e.getMessage());
            }
            return 1;
        }).execute(args);
        System.exit(code);
    }

    /** Greedy pretraining of a labelled DBN on MNIST (or Parquet), then its generative test error. */
    @Command(name = "train-dbn", mixinStandardHelpOptions = true,
            description = "Pretrain a DBN layer by layer on Spark, then up-down and back-propagation if asked; write "
                    + "model.dbn4j and metrics.json.")
    static final class TrainDbn implements Callable<Integer> {

        @Option(names = "--master", description = "Spark master (default: the one spark-submit gives, else local[*]).")
        String master;

        @Option(names = "--partitions", description = "Partitions of the training data, one slice each (default: "
                + "Spark's default parallelism).")
        Integer partitions;

        @Option(names = "--batches-per-round", defaultValue = "0",
                description = "Mini-batches each slice runs between averagings; 0: a whole epoch (default).")
        int batchesPerRound;

        @Option(names = "--layers", defaultValue = "500,500,2000", split = ",",
                description = "Hidden layer sizes (default: ${DEFAULT-VALUE}).")
        int[] layers;

        @Option(names = "--pretrain-epochs", defaultValue = "10", description = "Epochs per layer (default: "
                + "${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--batch", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate (default: ${DEFAULT-VALUE}).")
        double lr;

        @Option(names = "--wake-sleep-epochs", defaultValue = "0",
                description = "Up-down epochs after pretraining (default: ${DEFAULT-VALUE}).")
        int wakeSleepEpochs;

        @Option(names = "--wake-sleep-lr", defaultValue = "0.01", description = "Up-down learning rate (default: "
                + "${DEFAULT-VALUE}).")
        double wakeSleepLr;

        @Option(names = "--wake-sleep-momentum", defaultValue = "0", description = "Up-down momentum, in [0, 1) "
                + "(default: ${DEFAULT-VALUE}).")
        double wakeSleepMomentum;

        @Option(names = "--top-gibbs", defaultValue = "3", description = "Top-level Gibbs iterations of up-down "
                + "(default: ${DEFAULT-VALUE}).")
        int topGibbs;

        @Option(names = "--finetune-epochs", defaultValue = "0",
                description = "Back-propagation epochs at the end (default: ${DEFAULT-VALUE}).")
        int finetuneEpochs;

        @Option(names = "--finetune-lr", defaultValue = "0.1", description = "Back-propagation learning rate "
                + "(default: ${DEFAULT-VALUE}).")
        double finetuneLr;

        @Option(names = "--patience", defaultValue = "5", description = "Back-propagation epochs without a better "
                + "validation error before stopping, with --validation (default: ${DEFAULT-VALUE}).")
        int patience;

        @Option(names = "--no-labels", description = "No label units beside the top layer (no test error).")
        boolean noLabels;

        @Option(names = "--data", description = "Directory of MNIST's IDX files, any Hadoop path (default: "
                + "~/.dbn4j/data/mnist, where ./dbn4j demo fetches them).")
        String data;

        @Option(names = "--parquet", description = "Train on Parquet files instead (test digits still from --data).")
        String parquet;

        @Option(names = "--features", defaultValue = "features", description = "Parquet features column.")
        String features;

        @Option(names = "--label", defaultValue = "label", description = "Parquet label column.")
        String label;

        @Option(names = "--subset", description = "The 5,000 + 1,000 digit subset that ships with dbn4j.")
        boolean subset;

        @Option(names = "--train-limit", description = "Use only the first N training images.")
        Integer trainLimit;

        @Option(names = "--validation", defaultValue = "0", description = "Hold out the last N training images "
                + "and report the generative error on them (default: ${DEFAULT-VALUE}).")
        int validation;

        @Option(names = "--backend", description = "Backend on every executor (default: the usual selection).")
        String backend;

        @Option(names = "--precision", defaultValue = "float32", description = "float32 or float64.")
        String precision;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", defaultValue = "out/spark", description = "Output directory (default: "
                + "${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--checkpoints", description = "Checkpoint directory, any Hadoop path (default: OUT/checkpoints).")
        String checkpoints;

        @Option(names = "--checkpoint-every", defaultValue = "10", description = "Rounds between checkpoints.")
        int checkpointEvery;

        @Option(names = "--resume", description = "Continue from the newest checkpoint.")
        boolean resume;

        @Option(names = "--force", description = "Overwrite an existing output directory.")
        boolean force;

        @Option(names = "--debug", description = "Print stack traces.")
        boolean debug;

        @Override
        public Integer call() throws IOException {
            PrintStream err = System.err;
            Precision p = Precision.parse(precision);
            if (Files.exists(out.resolve("model.dbn4j")) && !force && !resume) {
                throw new IllegalArgumentException(out + " holds a model already; pass --force to overwrite it or "
                        + "--resume to continue its run");
            }
            Files.createDirectories(out);
            SparkConf conf = new SparkConf().setAppName("dbn4j train-dbn").set("spark.ui.showConsoleProgress", "false");
            if (master != null) {
                conf.setMaster(master);
            } else if (!conf.contains("spark.master")) {
                conf.setMaster("local[*]");
            }
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                int parts = partitions != null ? partitions : sc.defaultParallelism();
                LabelledImages test;
                LabelledImages held = null;
                JavaRDD<Case> train;
                String source;
                if (parquet != null) {
                    if (validation > 0) {
                        throw new IllegalArgumentException("--validation holds out MNIST training images; with "
                                + "--parquet, keep a validation set of your own");
                    }
                    String dir = data != null ? data : defaultData();
                    test = testSet(sc, dir);
                    train = SparkData.parquet(spark, parquet, features, noLabels ? null : label).repartition(parts);
                    if (trainLimit != null) {
                        long n = trainLimit;
                        train = train.zipWithIndex().filter(t -> t._2() < n).map(t -> t._1());
                    }
                    source = parquet;
                } else {
                    LabelledImages all;
                    if (subset) {
                        Mnist.Dataset d = Mnist.subset();
                        all = d.train();
                        test = d.test();
                        source = "the shipped subset";
                    } else {
                        String dir = data != null ? data : defaultData();
                        all = SparkData.readMnist(sc.hadoopConfiguration(), dir + "/"
                                + Mnist.Part.TRAIN_IMAGES.fileName(), dir + "/" + Mnist.Part.TRAIN_LABELS.fileName());
                        test = testSet(sc, dir);
                        source = dir;
                    }
                    int n = trainLimit == null ? all.count() : Math.min(trainLimit, all.count());
                    if (validation < 0 || validation >= n) {
                        throw new IllegalArgumentException("--validation " + validation + " must be below the "
                                + n + " training images");
                    }
                    train = SparkData.of(sc, all.head(n - validation), parts);
                    held = validation > 0 ? all.range(n - validation, n) : null;
                }
                RbmConfig perLayer = RbmConfig.defaults(layers[0]).withBatchSize(batch).withEpochs(epochs)
                        .withLearningRate(lr).withSeed(seed).withInitialWeightStd(DbnConfig.INITIAL_WEIGHT_STD);
                DbnConfig config = DbnConfig.of(perLayer, noLabels ? 0 : 10, layers);
                List<Map<String, Object>> epochLog = new ArrayList<>();
                List<String> warnings = new ArrayList<>();
                TrainingListener progress = new TrainingListener() {
                    @Override
                    public Decision onEpoch(EpochMetrics m) {
                        err.printf("dbn4j spark: %s epoch %d/%d: cost %.4g (%.1f s)%n", m.stage(), m.epoch(),
                                m.epochs(), m.cost(), m.seconds());
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("stage", m.stage());
                        e.put("epoch", m.epoch());
                        e.put("seconds", m.seconds());
                        e.putAll(m.values());
                        epochLog.add(e);
                        return Decision.CONTINUE;
                    }

                    @Override
                    public void onWarning(TrainingWarning w) {
                        warnings.add(w.toString());
                        err.println("dbn4j spark: warning: " + w);
                    }
                };
                String ckDir = checkpoints != null ? checkpoints : out.resolve("checkpoints").toUri().toString();
                SparkTrainingOptions options = SparkTrainingOptions.defaults().withBackend(backend, p)
                        .withBatchesPerRound(batchesPerRound).withCheckpoints(ckDir, checkpointEvery)
                        .withResume(resume).withListeners(progress);
                err.printf("dbn4j spark: master %s, %d partitions, %s batches a round, DBN 784-%s%s, data %s%n",
                        sc.master(), parts, batchesPerRound == 0 ? "an epoch of" : batchesPerRound,
                        joined(layers), noLabels ? "" : " with 10 labels", source);
                long t0 = System.nanoTime();
                SparkTrainer trainer = new SparkTrainer(sc);
                Map<String, Object> phases = new LinkedHashMap<>();
                Path pretrained = out.resolve("pretrained.dbn4j");
                Path upDown = out.resolve("updown.dbn4j");
                Dbn dbn;
                boolean pastUpDown = resume && Files.exists(upDown);
                if (resume && (Files.exists(pretrained) || pastUpDown)) {
                    dbn = ModelFiles.readDbn(pastUpDown ? upDown : pretrained);
                    err.printf("dbn4j spark: resuming after %s%n", pastUpDown ? "up-down" : "pretraining");
                } else {
                    dbn = trainer.pretrain(config, train, options);
                    ModelFiles.write(pretrained, dbn);
                    phases.put("pretraining", phase(trainer.stats(), err, "pretraining"));
                }
                Backend b = Backends.create(backend, p);
                Matrix x = test.toMatrix(b, LabelledImages.Pixels.SCALED, seed);
                Map<String, Object> errors = new LinkedHashMap<>();
                if (!noLabels && !pastUpDown) {
                    errors.put("test_error_generative_pretrained", Evaluation.of(test.labels(),
                            new DbnEngine(b, dbn).classify(x), 10).errorRate());
                }
                if (wakeSleepEpochs > 0 && !pastUpDown) {
                    WakeSleepConfig ws = WakeSleepConfig.defaults().withEpochs(wakeSleepEpochs).withBatchSize(batch)
                            .withLearningRate(wakeSleepLr).withMomentum(wakeSleepMomentum).withTopGibbsSteps(topGibbs)
                            .withSeed(seed + 100);
                    dbn = trainer.upDown(dbn, ws, train, options);
                    ModelFiles.write(upDown, dbn);
                    phases.put("up_down", phase(trainer.stats(), err, "up-down"));
                }
                if (finetuneEpochs > 0) {
                    if (noLabels) {
                        throw new IllegalArgumentException("--finetune-epochs needs labels: drop --no-labels");
                    }
                    FineTuneConfig ft = FineTuneConfig.defaults().withEpochs(finetuneEpochs).withBatchSize(batch)
                            .withLearningRate(finetuneLr).withPatience(patience).withSeed(seed + 200);
                    dbn = trainer.fineTune(dbn, 10, ft, train, held == null ? null : SparkData.cases(held), options);
                    phases.put("fine_tuning", phase(trainer.stats(), err, "back-propagation"));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                ModelFiles.write(out.resolve("model.dbn4j"), dbn);
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("command", "spark train-dbn");
                metrics.put("master", sc.master());
                metrics.put("partitions", parts);
                metrics.put("batches_per_round", batchesPerRound);
                metrics.put("backend", backend == null ? "default" : backend);
                metrics.put("precision", p.label());
                metrics.put("seed", seed);
                metrics.put("layers", "784-" + joined(layers) + (noLabels ? "" : " +10 labels"));
                metrics.put("train_seconds", seconds);
                metrics.put("phases", phases);
                metrics.putAll(errors);
                if (!noLabels) {
                    DbnEngine engine = new DbnEngine(b, dbn);
                    if (held != null) {
                        Matrix xv = held.toMatrix(b, LabelledImages.Pixels.SCALED, seed);
                        double v = Evaluation.of(held.labels(), engine.classify(xv), 10).errorRate();
                        metrics.put("validation_error_generative", v);
                        err.printf("dbn4j spark: generative validation error %.2f%% on %d digits%n", 100 * v,
                                held.count());
                    }
                    double error = Evaluation.of(test.labels(), engine.classify(x), 10).errorRate();
                    metrics.put("test_error_generative", error);
                    err.printf("dbn4j spark: generative test error %.2f%% on %d digits%n", 100 * error, test.count());
                    if (dbn.classifier().isPresent()) {
                        double bp = Evaluation.of(test.labels(), new ClassifierEngine(b, dbn.classifier().get())
                                .predict(x), 10).errorRate();
                        metrics.put("test_error", bp);
                        err.printf("dbn4j spark: test error after back-propagation %.2f%%%n", 100 * bp);
                    }
                }
                metrics.put("warnings", warnings);
                metrics.put("epochs", epochLog);
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(out.resolve("metrics.json").toFile(), metrics);
                err.printf("dbn4j spark: wrote %s and %s (%.1f s of training)%n", out.resolve("model.dbn4j"),
                        out.resolve("metrics.json"), seconds);
                return 0;
            } finally {
                spark.stop();
            }
        }

        /** A phase's round figures, printed and for metrics.json. */
        static Map<String, Object> phase(SparkTrainer.Stats st, PrintStream err, String name) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rounds", st.rounds());
            m.put("seconds", st.seconds());
            m.put("cases_per_second", st.casesPerSecond());
            m.put("round_overhead_share", st.overheadShare());
            m.put("bytes_broadcast_per_round", 8.0 * st.valuesDown() / st.rounds());
            m.put("bytes_returned_per_round", 8.0 * st.valuesUp() / st.rounds());
            err.printf("dbn4j spark: %s: %d rounds, %.0f images/s, %.2f s a round (%.0f%% outside the slowest task), "
                    + "%.1f MB broadcast and %.1f MB returned a round%n", name, st.rounds(), st.casesPerSecond(),
                    st.seconds() / st.rounds(), 100 * st.overheadShare(), 8e-6 * st.valuesDown() / st.rounds(),
                    8e-6 * st.valuesUp() / st.rounds());
            return m;
        }

        static String defaultData() {
            return Path.of(System.getProperty("user.home"), ".dbn4j", "data", "mnist").toUri().toString();
        }

        static LabelledImages testSet(JavaSparkContext sc, String dir) {
            return SparkData.readMnist(sc.hadoopConfiguration(), dir + "/" + Mnist.Part.TEST_IMAGES.fileName(),
                    dir + "/" + Mnist.Part.TEST_LABELS.fileName());
        }

        static String joined(int[] a) {
            StringBuilder b = new StringBuilder();
            for (int x : a) {
                b.append(b.length() == 0 ? "" : "-").append(x);
            }
            return b.toString();
        }
    }
}
