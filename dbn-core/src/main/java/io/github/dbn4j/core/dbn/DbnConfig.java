package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a DBN and how to pretrain it greedily: one {@link RbmConfig} per layer (its
 * {@code hidden} is the layer's size; its other fields train that layer's RBM), e.g. 500, 500
 * and 2000 units above 784 pixels. The last layer is the top-level associative memory; with
 * {@code labels > 0} it also sees a softmax group of that many label units.
 *
 * @param layers       one configuration per layer, bottom first; only the first may have Gaussian visible units
 * @param labels       number of classes joined to the top layer, or 0 for an unlabelled DBN
 * @param sampleUpward pass binary samples rather than probabilities up to the next layer in pretraining
 */
public record DbnConfig(List<RbmConfig> layers, int labels, boolean sampleUpward) {

    /**
     * The initial weight scale the program gives a DBN's layers (apply it with
     * {@link RbmConfig#withInitialWeightStd}; {@link RbmConfig#defaults} keeps Hinton's guide's
     * 0.01 for single RBMs): 0.1, as in Hinton and Salakhutdinov's (2006) code. The layers become
     * the first weights of the unrolled classifier too. With plain back-propagation, a short run
     * (one pretraining epoch) ended at 12.22% test error from 0.01 and 9.39% from 0.1, and without
     * pretraining at 88.65% (chance) and 75.58% (docs/RESULTS.md).
     */
    public static final double INITIAL_WEIGHT_STD = 0.1;

    public DbnConfig {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a DBN needs at least one layer");
        }
        layers = List.copyOf(layers);
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).visibleUnits() != VisibleUnits.BERNOULLI) {
                throw new IllegalArgumentException("layer " + (i + 1) + " has " + layers.get(i).visibleUnits()
                        + " visible units; only the first layer may be Gaussian (the ones above see probabilities)");
            }
        }
        if (labels < 0 || labels == 1) {
            throw new IllegalArgumentException("labels must be 0 (none) or at least 2, got " + labels);
        }
    }

    /**
     * Layers of the given sizes, each trained with {@code perLayer} (its hidden size replaced),
     * with a layer-specific seed.
     */
    public static DbnConfig of(RbmConfig perLayer, int labels, int... sizes) {
        List<RbmConfig> list = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("layer " + (i + 1) + " has " + sizes[i]
                        + " units; every layer needs at least 1");
            }
            RbmConfig c = perLayer.withHidden(sizes[i]).withSeed(perLayer.seed() + i);
            list.add(i == 0 ? c : c.withVisibleUnits(VisibleUnits.BERNOULLI));
        }
        return new DbnConfig(list, labels, false);
    }

    public DbnConfig withSampleUpward(boolean v) {
        return new DbnConfig(layers, labels, v);
    }

    public DbnConfig withLabels(int v) {
        return new DbnConfig(layers, v, sampleUpward);
    }

    /** Number of units of each layer, bottom first (the input not included). */
    public int[] sizes() {
        return layers.stream().mapToInt(RbmConfig::hidden).toArray();
    }
}
