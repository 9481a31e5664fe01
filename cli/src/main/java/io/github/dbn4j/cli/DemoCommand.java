package io.github.dbn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: a 784-500-500-2000 DBN with 10 label units on MNIST, pretrained, fine-tuned by
 * up-down and by back-propagation, evaluated, with its report in {@code out/demo/}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train the classic 784-500-500-2000 DBN on MNIST and write model, metrics, pictures and "
                + "report.html into out/demo/.", "With --quick: the shipped 5,000-digit subset and fewer epochs "
                + "(a minute or two, offline)."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "A small run: the shipped subset, 50 pretraining epochs per layer, 2 up-down "
            + "and up to 15 back-propagation epochs, in mini-batches of 50.")
    boolean quick;

    @Override
    public Integer call() {
        DbnPipeline p = new DbnPipeline();
        if (quick) {
            common.subset = true;
            p.pretrainEpochs = 50;
            p.batch = 50;
            p.wakeSleepEpochs = 2;
            p.finetuneEpochs = 15;
            p.validation = 500;
            p.sampleGibbsSteps = 200;
        }
        checkpoints.checkResume(spec);
        return p.run(common, checkpoints, out, spec.name(), Runs.commandLine(spec), spec.commandLine().getOut(), System.err);
    }
}
