package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What an executor needs to make a slice of one layer's training: the layer's configuration, the
 * trained layers below it (the slice passes its cases up through them batch by batch, on the
 * executor), the label units, and the backend.
 */
final class LayerSpec extends SliceSpec {

    private static final long serialVersionUID = 1L;

    /** A trained lower layer's parameters. */
    record Lower(VisibleUnits units, int visible, int hidden, double[] weights, double[] visibleBias,
                 double[] hiddenBias) implements Serializable {

        static Lower of(Rbm r) {
            return new Lower(r.visibleUnits(), r.visible(), r.hidden(), r.weights(), r.visibleBias(), r.hiddenBias());
        }

        Rbm toRbm() {
            return new Rbm(units, visible, hidden, weights, visibleBias, hiddenBias, null);
        }
    }

    final RbmConfig config;
    final int width;
    final int classes;
    final List<Lower> lower;

    LayerSpec(RbmConfig config, String stage, int width, int classes, List<Rbm> lower, String backend,
              Precision precision) {
        super(stage, backend, precision);
        this.config = config;
        this.width = width;
        this.classes = classes;
        this.lower = new ArrayList<>();
        for (Rbm r : lower) {
            this.lower.add(Lower.of(r));
        }
    }

    /**
     * The slice over {@code cases}, starting from the means and frequencies in {@code start}: it
     * starts before loading the round's states, or, in the first round, after loading its own.
     */
    @Override
    ParallelSlice slice(Backend backend, List<Case> cases, int index, double[][] start) {
        RbmTrainer.Slice slice = rbmSlice(backend, cases, index);
        return new ParallelSlice() {
            @Override
            public int batches() {
                return slice.batches();
            }

            @Override
            public void load(TrainingState shared, TrainingState own) {
                if (shared == null) {
                    slice.load(null, own);
                    slice.start(start[0], start[1]);
                } else {
                    slice.start(start[0], start[1]);
                    slice.load(shared, own);
                }
            }

            @Override
            public double run(int epoch, int first, int count) {
                return slice.run(epoch, first, count);
            }

            @Override
            public double[] costs() {
                return slice.costs();
            }

            @Override
            public void saveShared(TrainingState s) {
                slice.saveShared(s);
            }

            @Override
            public void saveOwn(TrainingState s) {
                slice.saveOwn(s);
            }
        };
    }

    /** The RBM trainer's slice of this layer's training over {@code cases}, on {@code backend}. */
    RbmTrainer.Slice rbmSlice(Backend backend, List<Case> cases, int index) {
        BatchSource source = CaseSource.values(backend, cases, width);
        for (Lower l : lower) {
            source = DbnTrainer.upward(backend, source, l.toRbm());
        }
        BatchSource labels = classes > 0 ? CaseSource.labels(backend, cases, classes) : null;
        return new RbmTrainer(backend).slice(config, source, labels, stage(), index);
    }
}
