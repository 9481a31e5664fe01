package io.github.dbn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnTrainer;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dbn4j spark bench}: the figures of docs/SCALING.md, each against a baseline measured in
 * the same run. (1) Spark's overhead: the same greedy pretraining in this JVM without Spark and
 * on Spark with one partition and a round per epoch, in turns. (2) Scaling: throughput, round
 * time, values moved and the overhead share with 1 partition (one task at a time, as
 * {@code local[1]}) and with {@code --partitions} partitions, at {@code --batches-per-round}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Spark's overhead against one JVM, and throughput with 1 and N partitions.")
final class SparkBench implements Callable<Integer> {

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--data", description = "Directory of MNIST's IDX files (default: ~/.dbn4j/data/mnist).")
    String data;

    @Option(names = "--subset", description = "The shipped 5,000 digit subset instead.")
    boolean subset;

    @Option(names = "--train-limit", defaultValue = "60000", description = "Training images (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--layers", defaultValue = "500,500,2000", split = ",", description = "Hidden layers (default: "
            + "${DEFAULT-VALUE}).")
    int[] layers;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs per layer (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the scaling run (default: "
            + "${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--batches-per-round", defaultValue = "20", description = "K of the scaling runs (default: "
            + "${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--repeats", defaultValue = "3", description = "Pairs of overhead runs (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--backend", description = "Backend (default: the usual selection).")
    String backend;

    @Option(names = "--json", description = "Write the figures to this file too.")
    Path json;

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        Precision p = Precision.FLOAT32;
        SparkSession spark = SparkSession.builder().config(new SparkConf().setAppName("dbn4j bench").setMaster(master)
                .set("spark.ui.showConsoleProgress", "false")).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            LabelledImages images;
            if (subset) {
                images = Mnist.subset().train();
            } else {
                String dir = data != null ? data
                        : Path.of(System.getProperty("user.home"), ".dbn4j", "data", "mnist").toUri().toString();
                images = SparkData.readMnist(sc.hadoopConfiguration(), dir + "/" + Mnist.Part.TRAIN_IMAGES.fileName(),
                        dir + "/" + Mnist.Part.TRAIN_LABELS.fileName());
            }
            images = images.head(Math.min(limit, images.count()));
            RbmConfig perLayer = RbmConfig.defaults(layers[0]).withEpochs(epochs).withBatchSize(100)
                    .withLearningRate(0.1).withSeed(1).withInitialWeightStd(DbnConfig.INITIAL_WEIGHT_STD);
            DbnConfig config = DbnConfig.of(perLayer, 0, layers);
            Backend local = Backends.create(backend, p);
            Matrix x = images.toMatrix(local, LabelledImages.Pixels.SCALED, 0);
            SparkTrainingOptions options = SparkTrainingOptions.defaults().withBackend(backend, p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("master", sc.master());
            out.put("backend", local.name());
            out.put("images", images.count());
            out.put("layers", "784-" + Arrays.toString(layers));
            out.put("epochs_per_layer", epochs);

            err.printf("dbn4j spark bench: %s, %d images, DBN 784-%s, %d epochs a layer, %s%n", sc.master(),
                    images.count(), Arrays.toString(layers), epochs, local.name());
            JavaRDD<Case> one = SparkData.of(sc, images, 1).cache();
            one.count();
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                new DbnTrainer(local).pretrain(config, x, null);
                double jvm = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                new SparkTrainer(sc).pretrain(config, one, options);
                double sparkSeconds = (System.nanoTime() - t0) / 1e9;
                ratios.add(sparkSeconds / jvm);
                err.printf("  overhead pair %d: one JVM %.2f s, Spark with 1 partition %.2f s: %.3fx%n", r + 1, jvm,
                        sparkSeconds, sparkSeconds / jvm);
            }
            one.unpersist();
            ratios.sort(Double::compare);
            double median = ratios.get(ratios.size() / 2);
            err.printf("  Spark (1 partition, a round an epoch) / one JVM: median %.3fx of %d pairs%n", median, repeats);
            out.put("spark_over_one_jvm", ratios);
            out.put("spark_over_one_jvm_median", median);

            for (int parts : new int[] {1, partitions}) {
                JavaRDD<Case> d = SparkData.of(sc, images, parts).cache();
                d.count();
                SparkTrainer t = new SparkTrainer(sc);
                t.pretrain(config, d, options.withBatchesPerRound(k));
                d.unpersist();
                SparkTrainer.Stats s = t.stats();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rounds", s.rounds());
                m.put("images_per_second", s.casesPerSecond());
                m.put("round_seconds", s.seconds() / s.rounds());
                m.put("overhead_share", s.overheadShare());
                m.put("bytes_broadcast_per_round", 8.0 * s.valuesDown() / s.rounds());
                m.put("bytes_returned_per_round", 8.0 * s.valuesUp() / s.rounds());
                List<Map<String, Object>> layerFigures = new ArrayList<>();
                for (SparkTrainer.Stats l : t.layerStats()) {
                    Map<String, Object> lm = new LinkedHashMap<>();
                    lm.put("rounds", l.rounds());
                    lm.put("round_seconds", l.seconds() / l.rounds());
                    lm.put("slowest_task_seconds", l.slowestTasks() / l.rounds());
                    lm.put("bytes_broadcast_per_round", 8.0 * l.valuesDown() / l.rounds());
                    lm.put("bytes_returned_per_round", 8.0 * l.valuesUp() / l.rounds());
                    layerFigures.add(lm);
                    err.printf("    layer %d: %.3f s a round, slowest task %.3f s, %.2f MB broadcast, %.2f MB returned%n",
                            layerFigures.size(), l.seconds() / l.rounds(), l.slowestTasks() / l.rounds(),
                            8e-6 * l.valuesDown() / l.rounds(), 8e-6 * l.valuesUp() / l.rounds());
                }
                m.put("layers", layerFigures);
                out.put("partitions_" + parts, m);
                err.printf("  %d partition(s), K = %d: %.0f images/s, %.3f s a round, %.1f%% of it outside the slowest "
                        + "task, %.2f MB broadcast and %.2f MB returned a round%n", parts, k, s.casesPerSecond(),
                        s.seconds() / s.rounds(), 100 * s.overheadShare(), 8e-6 * s.valuesDown() / s.rounds(),
                        8e-6 * s.valuesUp() / s.rounds());
            }
            if (json != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}
