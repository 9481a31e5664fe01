package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What an executor needs to make a slice of up-down: the DBN it starts from and the configuration. */
final class WakeSleepSpec extends SliceSpec {

    private static final long serialVersionUID = 1L;

    /** A lower layer's untied parameters. */
    record Layer(int below, int above, double[] recW, double[] recB, double[] genW, double[] genB)
            implements Serializable {
    }

    final VisibleUnits inputUnits;
    final int inputs;
    final List<Layer> lower = new ArrayList<>();
    final VisibleUnits topUnits;
    final int topVisible;
    final int topHidden;
    final int labels;
    final double[][] top;
    final WakeSleepConfig config;

    WakeSleepSpec(Dbn dbn, WakeSleepConfig config, String stage, String backend, Precision precision) {
        super(stage, backend, precision);
        this.inputUnits = dbn.inputUnits();
        this.inputs = dbn.inputs();
        for (DirectedLayer l : dbn.lower()) {
            lower.add(new Layer(l.below(), l.above(), l.recognitionWeights(), l.recognitionBias(),
                    l.generativeWeights(), l.generativeBias()));
        }
        Rbm t = dbn.top();
        this.topUnits = t.visibleUnits();
        this.topVisible = t.visible();
        this.topHidden = t.hidden();
        this.labels = t.labels();
        this.top = new double[][] {t.weights(), t.visibleBias(), t.hiddenBias(), t.labelWeights(), t.labelBias()};
        this.config = config;
    }

    Dbn dbn() {
        List<DirectedLayer> layers = new ArrayList<>();
        for (Layer l : lower) {
            layers.add(new DirectedLayer(l.below(), l.above(), l.recW(), l.recB(), l.genW(), l.genB()));
        }
        Rbm t = new Rbm(topUnits, topVisible, topHidden, top[0], top[1], top[2], labels, top[3], top[4], null);
        return new Dbn(inputUnits, inputs, layers, t, null, null);
    }

    @Override
    ParallelSlice slice(Backend backend, List<Case> cases, int index, double[][] start) {
        return new WakeSleepTrainer(backend).slice(dbn(), config, CaseSource.values(backend, cases, inputs),
                labels > 0 ? CaseSource.labels(backend, cases, labels) : null, stage(), index);
    }
}
