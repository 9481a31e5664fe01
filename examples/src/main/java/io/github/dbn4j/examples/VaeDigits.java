package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.vae.Vae;
import io.github.dbn4j.core.vae.VaeConfig;
import io.github.dbn4j.core.vae.VaeEngine;
import io.github.dbn4j.core.vae.VaeTrainer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A variational autoencoder of handwritten digits on the ND4J backend: the shipped MNIST subset,
 * binarised anew for every mini-batch, ten epochs of the 784-200-200-50 model, then the ELBO and
 * the importance-sampled log-likelihood of test digits binarised once.
 */
public final class VaeDigits {

    private VaeDigits() {
    }

    /** The mean ELBO and log-likelihood (nats) of the test digits scored. */
    record Result(Vae vae, double elbo, double logLikelihood, int scored) {
    }

    public static void main(String[] args) {
        Result r = run("nd4j", Precision.FLOAT32, 10, 200);
        System.out.printf(Locale.ROOT, "VAE 784-200-200-50 after 10 epochs on 5,000 digits: ELBO %.2f nats, log p(x)"
                + " %.2f nats by 1,000 importance samples (%d test digits)%n", r.elbo(), r.logLikelihood(), r.scored());
    }

    static Result run(String backendName, Precision precision, int epochs, int scored) {
        Backend backend = Backends.create(backendName, precision);
        Mnist.Dataset mnist = Mnist.subset();
        Matrix x = mnist.train().toMatrix(backend, LabelledImages.Pixels.SCALED, 1);   // values in [0, 1]
        Matrix test = mnist.test().head(scored).toMatrix(backend, LabelledImages.Pixels.SCALED, 2);

        VaeConfig config = VaeConfig.defaults().withEpochs(epochs).withSeed(3);
        Vae vae = new VaeTrainer(backend).train(config, x, null, TrainingControl.none());

        VaeEngine engine = new VaeEngine(backend, vae);
        Matrix binary = VaeTrainer.binarised(backend, test, RandomStream.of(4));
        double elbo = VaeTrainer.meanElbo(engine, binary, RandomStream.of(5));
        double[] logP = engine.logLikelihood(binary, 1000, 1000, RandomStream.of(6), 0);
        return new Result(vae, elbo, Arrays.stream(logP).average().orElseThrow(), scored);
    }
}
