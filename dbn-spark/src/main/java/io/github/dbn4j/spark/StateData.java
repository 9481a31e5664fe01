package io.github.dbn4j.spark;

import io.github.dbn4j.core.TrainingState;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link TrainingState} in a form Spark can serialise, to broadcast and to return from tasks. */
final class StateData implements Serializable {

    private static final long serialVersionUID = 1L;

    final LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
    final LinkedHashMap<String, double[]> values = new LinkedHashMap<>();
    final LinkedHashMap<String, Long> longs = new LinkedHashMap<>();
    final LinkedHashMap<String, String> texts = new LinkedHashMap<>();

    static StateData of(TrainingState s) {
        StateData d = new StateData();
        s.arrays().forEach((k, a) -> {
            d.shapes.put(k, a.shape());
            d.values.put(k, a.values());
        });
        d.longs.putAll(s.longs());
        d.texts.putAll(s.texts());
        return d;
    }

    /** The number of real values it holds. */
    long size() {
        long n = 0;
        for (double[] v : values.values()) {
            n += v.length;
        }
        return n;
    }

    TrainingState toState(String origin) {
        Map<String, TrainingState.Array> arrays = new LinkedHashMap<>();
        shapes.forEach((k, shape) -> arrays.put(k, new TrainingState.Array(shape, values.get(k))));
        return TrainingState.of(origin, arrays, longs, texts);
    }
}
