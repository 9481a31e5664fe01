package io.github.dbn4j.core.pipeline;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.Checkpointable;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.io.ModelFiles;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The whole recipe of Hinton, Osindero and Teh (2006) as one resumable run: greedy pretraining,
 * then up-down (wake-sleep) fine-tuning of the generative model, then back-propagation
 * fine-tuning of the unrolled network as a classifier. Under a {@link TrainingControl} with
 * checkpoints, a run killed in any phase resumes where it stood and ends with the parameters of
 * the uninterrupted run, bit for bit.
 *
 * <p>Checkpoints hold, besides the stage in progress, the DBN that entered the current phase
 * (scope {@value #DBN}), so a resumed run skips the phases before it.
 */
public final class DbnTraining {

    /** The checkpoint scope of the DBN entering the current phase. */
    public static final String DBN = "dbn";
    public static final String PRETRAINING = "pretraining";

    private final Backend backend;

    @Inject
    public DbnTraining(Backend backend) {
        this.backend = backend;
    }

    /** What to train: the DBN, and the later phases (null to skip one). */
    public record Plan(DbnConfig dbn, WakeSleepConfig wakeSleep, FineTuneConfig fineTune, int classes) {
        public Plan {
            if (dbn == null) {
                throw new IllegalArgumentException("the DBN configuration is null");
            }
            if (fineTune != null && classes < 2) {
                throw new IllegalArgumentException("back-propagation needs at least 2 classes, got " + classes);
            }
        }
    }

    /**
     * Runs the plan.
     *
     * @param labels    class of each training row (needed for label units and back-propagation)
     * @param xVal      validation rows for back-propagation's early stopping, or null
     * @param phaseDone told after each phase ({@value #PRETRAINING}, {@link WakeSleepTrainer#STAGE},
     *                  {@link FineTuner#STAGE}) with the DBN it produced; also when a resumed run
     *                  passes the end of a phase again, so keep it deterministic
     */
    public Dbn run(Plan plan, Matrix x, int[] labels, Matrix xVal, int[] yVal, TrainingControl control,
                   BiConsumer<String, Dbn> phaseDone, List<TrainingListener> listeners) {
        String at = control.pendingStage();
        int phase = at == null || at.startsWith("layer") ? 0 : at.equals(WakeSleepTrainer.STAGE) ? 1
                : at.equals(FineTuner.STAGE) ? 2 : -1;
        if (phase < 0) {
            throw control.pendingResume().problem("stage '" + at + "' is not a stage of DBN training");
        }
        Entering entering = new Entering();
        control.register(DBN, entering);
        try {
            TrainingListener[] ls = listeners.toArray(TrainingListener[]::new);
            int[] topLabels = plan.dbn().labels() > 0 ? labels : null;
            Dbn dbn;
            if (phase == 0) {
                dbn = new DbnTrainer(backend).pretrain(plan.dbn(), x, topLabels, control, ls);
                phaseDone.accept(PRETRAINING, dbn);
            } else if (entering.dbn == null) {
                throw control.pendingResume().problem("it is in stage '" + at + "' but holds no '" + DBN + "' entry");
            } else {
                dbn = entering.dbn;
            }
            if (plan.wakeSleep() != null && plan.wakeSleep().epochs() > 0 && phase <= 1) {
                entering.dbn = dbn;
                dbn = new WakeSleepTrainer(backend).train(dbn, plan.wakeSleep(), x, topLabels, control, ls);
                phaseDone.accept(WakeSleepTrainer.STAGE, dbn);
            }
            if (plan.fineTune() != null && plan.fineTune().epochs() > 0) {
                entering.dbn = dbn;
                dbn = new FineTuner(backend).fineTune(dbn, plan.classes(), plan.fineTune(), x, labels, xVal, yVal,
                        control, ls);
                phaseDone.accept(FineTuner.STAGE, dbn);
            }
            return dbn;
        } finally {
            control.unregister(DBN);
        }
    }

    /** The DBN entering the phase in progress (none during pretraining). */
    private static final class Entering implements Checkpointable {
        Dbn dbn;

        @Override
        public void saveState(TrainingState state) {
            state.putLong("present", dbn == null ? 0 : 1);
            if (dbn != null) {
                ModelFiles.put(state.scoped("model"), dbn);
            }
        }

        @Override
        public void loadState(TrainingState state) {
            dbn = state.getLong("present") == 1 ? ModelFiles.getDbn(state.scoped("model")) : null;
        }
    }
}
