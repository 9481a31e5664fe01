package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every wither of RbmConfig changes the component it names and no other. */
class RbmConfigWithersTest {

    private static Object component(RbmConfig c, RecordComponent rc) throws ReflectiveOperationException {
        return rc.getAccessor().invoke(c);
    }

    /** Components whose values differ between two configurations. */
    private static List<String> changed(RbmConfig a, RbmConfig b) throws ReflectiveOperationException {
        List<String> names = new ArrayList<>();
        for (RecordComponent rc : RbmConfig.class.getRecordComponents()) {
            if (!component(a, rc).equals(component(b, rc))) {
                names.add(rc.getName());
            }
        }
        return names;
    }

    /** A valid value of a component's type that differs from {@code v}. */
    private static Object other(Object v) {
        if (v instanceof Integer i) {
            return i + 1;
        } else if (v instanceof Long l) {
            return l + 1;
        } else if (v instanceof Boolean b) {
            return !b;
        } else if (v instanceof Double d) {
            return d == 0 ? 0.05 : d / 2;
        }
        return v == VisibleUnits.BERNOULLI ? VisibleUnits.GAUSSIAN : VisibleUnits.BERNOULLI;
    }

    @Test
    void eachOneArgumentWitherChangesItsComponentAlone() throws ReflectiveOperationException {
        RbmConfig base = RbmConfig.defaults(20).withSparsity(0.1, 0.01).withLearningRates(0.1, 0.2, 0.3);
        int checked = 0;
        for (RecordComponent rc : RbmConfig.class.getRecordComponents()) {
            String name = "with" + Character.toUpperCase(rc.getName().charAt(0)) + rc.getName().substring(1);
            Method wither;
            try {
                wither = RbmConfig.class.getMethod(name, rc.getType());
            } catch (NoSuchMethodException e) {
                continue; // set by a wither of several components, below
            }
            Object value = other(component(base, rc));
            RbmConfig changed = (RbmConfig) wither.invoke(base, value);
            assertThat(changed(base, changed)).as(name).containsExactly(rc.getName());
            assertThat(component(changed, rc)).as(name).isEqualTo(value);
            checked++;
        }
        assertThat(checked).as("one-argument withers").isGreaterThanOrEqualTo(15);
    }

    @Test
    void theWithersOfSeveralComponentsChangeThoseAlone() throws ReflectiveOperationException {
        RbmConfig base = RbmConfig.defaults(20);
        assertThat(changed(base, base.withMomentum(0.3, 0.7, 9)))
                .containsExactlyInAnyOrder("initialMomentum", "finalMomentum", "momentumSwitchEpoch");
        assertThat(changed(base, base.withSparsity(0.2, 0.05))).containsExactlyInAnyOrder("sparsityTarget",
                "sparsityCost");
        RbmConfig rates = base.withLearningRates(0.05, 0.2, 0.3);
        assertThat(changed(base, rates)).containsExactlyInAnyOrder("learningRate", "biasLearningRate",
                "labelLearningRate");
        assertThat(rates.learningRate()).isEqualTo(0.05);
        assertThat(rates.biasLearningRate()).isEqualTo(0.2);
        assertThat(rates.labelLearningRate()).isEqualTo(0.3);
    }
}
