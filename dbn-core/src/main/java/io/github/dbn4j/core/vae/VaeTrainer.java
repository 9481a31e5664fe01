package io.github.dbn4j.core.vae;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingLoop;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.internal.DataChecks;
import io.github.dbn4j.core.internal.Workspace;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Vae} by Adam on the negative ELBO, one sample of the latent noise per case and
 * update, with the checkpoints, resumption and divergence handling of every dbn4j trainer.
 *
 * <p>Random streams (all from the configuration's seed): the initial weights (split 0), the order of
 * the cases in each epoch (split 1), the latent noise of training (split 2, at a position fixed by
 * the epoch and the case, so a resumed run draws the same noise) and of the validation ELBO (split 5,
 * the same noise after every epoch). {@link #binarised} binarises a data set once (splits 3 and 4 by
 * convention for the training and validation sets of a run).
 */
public final class VaeTrainer {

    public static final String STAGE = "vae";
    /** The mean ELBO of the epoch's training batches, in nats (higher is better). */
    public static final String TRAIN_ELBO = "train_elbo";
    /** The mean KL term (or its one-sample estimate with a flow) of the epoch's training batches. */
    public static final String TRAIN_KL = "train_kl";
    /** The mean ELBO of the validation cases after the epoch, in nats. */
    public static final String VALIDATION_ELBO = "validation_elbo";
    /** Below this mean KL (nats per case) the latent code carries next to nothing: posterior collapse. */
    public static final double UNUSED_LATENT_KL = 0.1;
    private static final int EVAL_CHUNK = 1000;

    private final Backend backend;

    @Inject
    public VaeTrainer(Backend backend) {
        this.backend = backend;
    }

    /**
     * The rows of {@code x} (values in [0, 1]) binarised once: 1 where a uniform is below the value,
     * as Salakhutdinov and Murray (2008) binarise MNIST; a new matrix.
     */
    public static Matrix binarised(Backend backend, Matrix x, RandomStream stream) {
        return once(backend, BatchSource.binarised(backend, BatchSource.of(backend, x), stream), x);
    }

    /**
     * Pixel values {@code x = byte / 255} dequantised once: {@code (byte + u) / 256} for a fresh
     * uniform {@code u}, a density on [0, 1) whose log-likelihood bounds that of the bytes (Theis,
     * van den Oord and Bethge, 2016); a new matrix.
     */
    public static Matrix dequantised(Backend backend, Matrix x, RandomStream stream) {
        return once(backend, BatchSource.dequantised(backend, BatchSource.of(backend, x), stream), x);
    }

    /** Every case of {@code source} (the rows of {@code x}, changed) drawn once, in order, into a new matrix. */
    private static Matrix once(Backend backend, BatchSource source, Matrix x) {
        Matrix out = backend.create(x.rows(), x.cols());
        source.fill(new Workspace(backend).identity(x.rows()), 0, out);
        return out;
    }

    /**
     * Trains a new VAE on {@code x} (values in [0, 1]), with the decoder's output biases started at
     * the inputs' means (their log-odds for Bernoulli outputs; Gaussian log-variances at the inputs'). Bernoulli outputs see the cases
     * binarised anew for every mini-batch; Gaussian ones see pixel values {@code byte / 255}
     * dequantised anew ({@link BatchSource#dequantised}).
     *
     * @param validation validation cases, binarised or dequantised as the training cases are, or null
     */
    public Vae train(VaeConfig config, Matrix x, Matrix validation, TrainingControl control,
                     TrainingListener... listeners) {
        DataChecks.check(backend, x, x.cols(), DataChecks.Domain.UNIT_INTERVAL, "training cases");
        boolean gaussian = config.output() == VaeOutput.GAUSSIAN;
        double[] means = columnMeans(backend, x);
        Vae initial = Vae.initial(config.architecture(x.cols()), config.seed(), means,
                gaussian ? columnVariances(x, means) : null);
        RandomStream stream = RandomStream.of(config.seed()).split(3);
        BatchSource source = gaussian ? BatchSource.dequantised(backend, BatchSource.of(backend, x), stream)
                : BatchSource.binarised(backend, BatchSource.of(backend, x), stream);
        return run(initial, config, source, validation,
                gaussian ? Double.NaN : LearningHealth.bernoulliNoInformationCost(means), control, listeners);
    }

    /**
     * Trains {@code initial} on the cases of {@code data} as given (binarise them beforehand, or
     * with {@link BatchSource#binarised}); when resuming, the saved state replaces its parameters.
     * A cost no better than knowing each input's mean is reported when {@code data} is a matrix.
     *
     * @param validation binary validation cases, or null
     */
    public Vae train(Vae initial, VaeConfig config, BatchSource data, Matrix validation, TrainingControl control,
                     TrainingListener... listeners) {
        int inputs = initial.architecture().inputs();
        if (data.cols() != inputs) {
            throw new IllegalArgumentException("training cases have " + data.cols() + " values but the VAE takes "
                    + inputs);
        }
        if (data.matrix() != null) {
            DataChecks.check(backend, data.matrix(), inputs, DataChecks.Domain.UNIT_INTERVAL, "training cases");
        }
        if (validation != null) {
            DataChecks.check(backend, validation, inputs, DataChecks.Domain.UNIT_INTERVAL, "validation cases");
        }
        double noInformation = data.matrix() != null
                ? LearningHealth.bernoulliNoInformationCost(columnMeans(backend, data.matrix())) : Double.NaN;
        return run(initial, config, data, validation, noInformation, control, listeners);
    }

    private Vae run(Vae initial, VaeConfig config, BatchSource data, Matrix validation, double noInformation,
                    TrainingControl control, TrainingListener... listeners) {
        Run run = new Run(initial, config, data, validation, noInformation);
        TrainingLoop.run(run, List.of(listeners), control);
        return run.engine.toVae();
    }

    /** The mean ELBO of the rows of {@code x} under {@code engine}, one noise sample per case (nats). */
    public static double meanElbo(VaeEngine engine, Matrix x, RandomStream stream) {
        Backend b = engine.backend();
        Workspace work = new Workspace(b);
        int latent = engine.architecture().latent();
        double total = 0;
        for (int start = 0; start < x.rows(); start += EVAL_CHUNK) {
            int rows = Math.min(EVAL_CHUNK, x.rows() - start);
            Matrix xs = x;
            if (rows != x.rows()) {
                xs = work.get("x", rows, x.cols());
                b.gatherRows(x, work.identity(x.rows()), start, xs);
            }
            Matrix eps = work.get("eps", rows, latent);
            b.fillGaussian(stream, (long) start * latent, eps);
            total += engine.loss(xs, eps).negativeElbo();
        }
        return -total / x.rows();
    }

    private static double[] columnMeans(Backend backend, Matrix x) {
        Matrix sums = backend.create(1, x.cols());
        backend.sumColumns(x, sums);
        double[] m = backend.toArray(sums);
        for (int j = 0; j < m.length; j++) {
            m[j] /= x.rows();
        }
        return m;
    }

    /** The variance of every column (over the rows, divided by their number). */
    private double[] columnVariances(Matrix x, double[] mean) {
        Matrix sq = backend.create(x.rows(), x.cols());
        backend.hadamard(x, x, sq);
        double[] m2 = columnMeans(backend, sq);
        for (int j = 0; j < m2.length; j++) {
            m2[j] = Math.max(0, m2[j] - mean[j] * mean[j]);
        }
        return m2;
    }

    private final class Run extends TrainingLoop.MiniBatchStage {
        final VaeConfig config;
        final BatchSource data;
        final Matrix validation;
        final VaeEngine engine;
        final List<Matrix> m = new ArrayList<>();
        final List<Matrix> v = new ArrayList<>();
        final RandomStream shuffle;
        final RandomStream noise;
        final RandomStream validationNoise;
        final int latent;
        final double noInformation;
        long step;
        int[] order;
        Matrix xb;
        Matrix eps;

        Run(Vae initial, VaeConfig config, BatchSource data, Matrix validation, double noInformation) {
            super(STAGE, config.epochs(), data.rows(), config.batchSize(), config.learningRate(), 2);
            this.config = config;
            this.data = data;
            this.validation = validation;
            this.engine = new VaeEngine(backend, initial);
            for (Matrix p : engine.parameters()) {
                m.add(backend.create(p.rows(), p.cols()));
                v.add(backend.create(p.rows(), p.cols()));
            }
            RandomStream root = RandomStream.of(config.seed());
            this.shuffle = root.split(1);
            this.noise = root.split(2);
            this.validationNoise = root.split(5);
            this.latent = initial.architecture().latent();
            this.noInformation = noInformation;
        }

        @Override
        public void beginEpoch(int epoch) {
            order = shuffle.permutation(data.rows(), (long) epoch * data.rows());
            clearCosts();
        }

        @Override
        public String batch(int epoch, int b) {
            int start = b * config.batchSize();
            int rows = Math.min(config.batchSize(), data.rows() - start);
            if (xb == null || xb.rows() != rows) {
                xb = backend.create(rows, data.cols());
                eps = backend.create(rows, latent);
            }
            data.fill(order, start, xb);
            backend.fillGaussian(noise, ((long) epoch * data.rows() + start) * latent, eps);
            double cost = engine.gradient(xb, eps);
            costs[0] += cost;
            costs[1] += engine.lastKl();
            if (!Double.isFinite(cost)) {
                return "the ELBO";
            }
            step++;
            double rate = lr * Math.pow(config.learningRateDecay(), epoch);
            double c2 = Math.sqrt(1 - Math.pow(config.beta2(), step));
            double stepSize = rate * c2 / (1 - Math.pow(config.beta1(), step));
            List<Matrix> params = engine.parameters();
            List<Matrix> grads = engine.gradients();
            for (int i = 0; i < params.size(); i++) {
                backend.adam(grads.get(i), m.get(i), v.get(i), config.beta1(), config.beta2(), stepSize,
                        config.epsilon() * c2, params.get(i));
            }
            return null;
        }

        @Override
        public String checkEpoch() {
            List<Matrix> params = engine.parameters();
            for (int i = 0; i < params.size(); i++) {
                if (!backend.isFinite(params.get(i))) {
                    return "parameter " + engine.names().get(i);
                }
            }
            return null;
        }

        @Override
        public EpochMetrics endEpoch(int epoch, double seconds) {
            double elbo = -costs[0] / data.rows();
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(TRAIN_ELBO, elbo);
            values.put(TRAIN_KL, costs[1] / data.rows());
            if (validation != null) {
                values.put(VALIDATION_ELBO, meanElbo(engine, validation, validationNoise));
            }
            return new EpochMetrics(STAGE, epoch + 1, config.epochs(), -elbo, values, seconds);
        }

        @Override
        public boolean finished() {
            return false;
        }

        @Override
        public List<TrainingWarning> health(EpochMetrics metrics) {
            List<TrainingWarning> w = new ArrayList<>();
            // the model as it stands after the epoch when there are validation cases; else the epoch's mean
            boolean held = validation != null;
            double cost = -metrics.get(held ? VALIDATION_ELBO : TRAIN_ELBO);
            if (Double.isFinite(noInformation)
                    && cost >= noInformation * (1 - LearningHealth.NO_INFORMATION_MARGIN)) {
                w.add(new TrainingWarning(STAGE, metrics.epoch(), TrainingWarning.Kind.NO_INFORMATION, String.format(
                        "the negative ELBO%s (%.2f nats) is no better than knowing only each input's mean (%.2f nats)",
                        held ? " of the validation cases" : "", cost, noInformation)));
            }
            double kl = metrics.get(TRAIN_KL);
            if (kl < UNUSED_LATENT_KL) {
                w.add(new TrainingWarning(STAGE, metrics.epoch(), TrainingWarning.Kind.UNUSED_LATENT, String.format(
                        "the KL term is %.3g nats per case: the posterior is the prior and the latent code carries"
                                + " nothing (posterior collapse)", kl)));
            }
            return w;
        }

        @Override
        public void save(TrainingState s) {
            engine.save(s.scoped("params"));
            for (int i = 0; i < m.size(); i++) {
                s.put("m/" + engine.names().get(i), backend, m.get(i));
                s.put("v/" + engine.names().get(i), backend, v.get(i));
            }
            s.putLong("step", step);
            data.saveState(s.scoped("data"));
            saveProgress(s);
        }

        @Override
        public void load(TrainingState s) {
            engine.load(s.scoped("params"));
            for (int i = 0; i < m.size(); i++) {
                s.get("m/" + engine.names().get(i), backend, m.get(i));
                s.get("v/" + engine.names().get(i), backend, v.get(i));
            }
            step = s.getLong("step");
            data.loadState(s.scoped("data"));
            loadProgress(s);
        }

        @Override
        public Vae model() {
            return engine.toVae();
        }
    }
}
