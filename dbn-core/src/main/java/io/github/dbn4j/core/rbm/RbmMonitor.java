package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.Metrics;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingWarning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link RbmTrainer} measures of its model after every epoch, on the first
 * {@link RbmTrainer#MONITOR_ROWS} training cases (and the held-out cases, if any): the epoch's
 * metrics (free energies, their gap, pseudo-likelihood) and the learning-health checks
 * ({@link LearningHealth}) against the cost of knowing only each unit's mean.
 */
final class RbmMonitor {

    private final Backend backend;
    private final RbmEngine engine;
    private final RbmConfig config;
    private final String stage;
    private final int labels;
    private final Matrix heldOut;
    /** The random stream of the pseudo-likelihood; its position is part of a checkpoint. */
    final RandomCursor rng;
    private final Matrix cases;
    private final Matrix caseLabels;
    /** Reconstruction cost per case of knowing only the monitored cases' means. */
    private final double noInformation;
    /** The monitored cases' own entropy per case (0 for binary data). */
    private final double entropyFloor;
    private Matrix healthH;
    private Matrix healthX;

    RbmMonitor(Backend backend, RbmEngine engine, RbmConfig config, String stage, BatchSource source,
               BatchSource labelSource, Matrix heldOut, RandomCursor rng) {
        this.backend = backend;
        this.engine = engine;
        this.config = config;
        this.stage = stage;
        this.labels = labelSource == null ? 0 : labelSource.cols();
        this.heldOut = heldOut;
        this.rng = rng;
        int visible = source.cols();
        int m = Math.min(RbmTrainer.MONITOR_ROWS, source.rows());
        this.cases = backend.create(m, visible);
        int[] first = new int[m];
        for (int i = 0; i < m; i++) {
            first[i] = i;
        }
        source.fill(first, 0, cases);
        double[] monitored = backend.toArray(cases);
        this.noInformation = RbmTrainer.noInformationCost(monitored, m, visible, config.visibleUnits());
        this.entropyFloor = config.visibleUnits() == VisibleUnits.BERNOULLI
                ? LearningHealth.bernoulliDataEntropy(monitored, m, visible) : 0;
        this.caseLabels = labels > 0 ? backend.create(m, labels) : null;
        if (labels > 0) {
            labelSource.fill(first, 0, caseLabels);
        }
    }

    /** The metrics of an epoch whose mean reconstruction cost per case was {@code cost}. */
    EpochMetrics metrics(int epoch, double cost, double momentum, double seconds) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(Metrics.RECONSTRUCTION, cost);
        double feTrain;
        if (labels > 0) {
            Matrix f = backend.create(cases.rows(), 1);
            engine.freeEnergy(cases, caseLabels, f);
            feTrain = backend.sum(f) / cases.rows();
        } else {
            feTrain = engine.meanFreeEnergy(cases);
        }
        values.put(Metrics.FREE_ENERGY_TRAIN, feTrain);
        if (heldOut != null) {
            double feHeld = engine.meanFreeEnergy(heldOut);
            values.put(Metrics.FREE_ENERGY_HELD_OUT, feHeld);
            values.put(Metrics.FREE_ENERGY_GAP, feHeld - feTrain);
        }
        if (config.visibleUnits() == VisibleUnits.BERNOULLI && labels == 0) {
            values.put(Metrics.PSEUDO_LOG_LIKELIHOOD, engine.pseudoLogLikelihood(cases, rng));
        }
        values.put(Metrics.MOMENTUM, momentum);
        return new EpochMetrics(stage, epoch + 1, config.epochs(), cost, values, seconds);
    }

    /** The mean-field reconstruction of the monitored cases and their hidden probabilities, checked. */
    List<TrainingWarning> health(int epoch) {
        int m = cases.rows();
        if (healthH == null) {
            healthH = backend.create(m, engine.hidden());
            healthX = backend.create(m, engine.visible());
        }
        engine.hiddenProbabilities(cases, caseLabels, healthH);
        engine.visibleInput(healthH, healthX);
        double reconstruction = engine.reconstructionCost(cases, healthX) / m;
        return LearningHealth.checkLayer(stage, epoch, reconstruction, noInformation, entropyFloor,
                backend.toArray(healthH), m, engine.hidden());
    }
}
