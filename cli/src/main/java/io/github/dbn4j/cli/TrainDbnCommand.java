package io.github.dbn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a DBN on MNIST: greedy pretraining, wake-sleep, back-propagation; writes model, metrics, pictures, report. */
@Command(name = "train-dbn", mixinStandardHelpOptions = true,
        description = "Train a DBN on MNIST or --data (pretraining, up-down fine-tuning, back-propagation) and write its report.")
final class TrainDbnCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/train-dbn",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--layers", split = ",", defaultValue = "500,500,2000",
            description = "Hidden layer sizes, bottom first (default: ${DEFAULT-VALUE}).")
    List<Integer> layers;

    @Option(names = "--labels-in-top", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Join 10 softmax label units to the top layer (default: on; --no-labels-in-top turns it off).")
    boolean labelsInTop;

    @Option(names = "--batch", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--pretrain-epochs", defaultValue = "40", description = "Epochs per layer (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(names = "--pretrain-lr", defaultValue = "0.1", description = "Pretraining learning rate (default: ${DEFAULT-VALUE}).")
    double pretrainLr;

    @Option(names = "--wake-sleep-epochs", defaultValue = "20", description = "Up-down epochs (default: ${DEFAULT-VALUE}).")
    int wakeSleepEpochs;

    @Option(names = "--wake-sleep-lr", defaultValue = "0.01", description = "Up-down learning rate (default: ${DEFAULT-VALUE}).")
    double wakeSleepLr;

    @Option(names = "--wake-sleep-momentum", defaultValue = "0", description = "Up-down momentum, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double wakeSleepMomentum;

    @Option(names = "--top-gibbs", defaultValue = "3", description = "Top-level Gibbs iterations per up-down update (default: ${DEFAULT-VALUE}).")
    int topGibbs;

    @Option(names = "--finetune-epochs", defaultValue = "20", description = "Back-propagation epochs (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;

    @Option(names = "--finetune-lr", defaultValue = "0.1", description = "Back-propagation learning rate (default: ${DEFAULT-VALUE}).")
    double finetuneLr;

    @Option(names = "--label-strength", paramLabel = "K", defaultValue = "5",
            description = "How many times the clamped label counts when generating samples.png and samples.npz "
                    + "(1: the DBN as trained; default: ${DEFAULT-VALUE}).")
    double labelStrength;

    @Option(names = "--finetune-weight-decay", defaultValue = "0",
            description = "L2 weight cost of back-propagation (default: ${DEFAULT-VALUE}).")
    double finetuneWeightDecay;

    @Option(names = "--validation", paramLabel = "N",
            description = "Training images held out for early stopping of back-propagation (default: one sixth of the "
                    + "training images, rounded: 10,000 of MNIST's 60,000, 1,667 of --train-limit 10000; 0 for none).")
    Integer validation;

    @Option(names = "--patience", defaultValue = "5", description = "Epochs without a better validation error before stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--pixels", defaultValue = "scaled",
            description = "Pixel values: scaled (value/255), threshold or stochastic binarisation (default: ${DEFAULT-VALUE}).")
    String pixels;

    @Override
    public Integer call() {
        DbnPipeline p = new DbnPipeline();
        p.layers = layers.stream().mapToInt(Integer::intValue).toArray();
        p.labelsInTop = labelsInTop;
        p.batch = batch;
        p.pretrainEpochs = pretrainEpochs;
        p.pretrainLr = pretrainLr;
        p.wakeSleepEpochs = wakeSleepEpochs;
        p.wakeSleepLr = wakeSleepLr;
        p.wakeSleepMomentum = wakeSleepMomentum;
        p.topGibbsSteps = topGibbs;
        p.finetuneEpochs = finetuneEpochs;
        p.finetuneLr = finetuneLr;
        p.finetuneWeightDecay = finetuneWeightDecay;
        p.labelStrength = labelStrength;
        p.validation = validation;
        p.patience = patience;
        p.pixels = pixels;
        checkpoints.checkResume(spec);
        return p.run(common, checkpoints, out, spec.name(), Runs.commandLine(spec), spec.commandLine().getOut(), System.err);
    }
}
