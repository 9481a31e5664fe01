package io.github.dbn4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private record Fake(String name, int rank, boolean available, Set<Precision> precisions)
            implements BackendProvider {
        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public Optional<String> unavailableReason() {
            return available ? Optional.empty() : Optional.of("no natives for this test");
        }

        @Override
        public Module module(Precision precision) {
            return new AbstractModule() {
            };
        }
    }

    private static final Fake FAST = new Fake("fast", 100, true, EnumSet.allOf(Precision.class));
    private static final Fake BROKEN = new Fake("fast", 100, false, EnumSet.allOf(Precision.class));
    private static final Fake JAVA = new Fake("java", 10, true, EnumSet.allOf(Precision.class));
    private static final Fake REF = new Fake("ref", -1, true, EnumSet.of(Precision.FLOAT64));

    @Test
    void explicitNameWinsOverPropertyAndEnvironment() {
        assertThat(Backends.select("ref", "java", "fast", List.of(FAST, JAVA, REF))).isSameAs(REF);
        assertThat(Backends.select(null, "java", "ref", List.of(FAST, JAVA, REF))).isSameAs(JAVA);
        assertThat(Backends.select(" ", "", "ref", List.of(FAST, JAVA, REF))).isSameAs(REF);
        assertThat(Backends.select(null, null, null, List.of(REF, JAVA, FAST))).isSameAs(FAST);
        assertThat(Backends.select("JAVA", null, null, List.of(FAST, JAVA, REF))).isSameAs(JAVA);
    }

    @Test
    void defaultSkipsUnavailableAndNegativeRankProviders() {
        assertThat(Backends.select(null, null, null, List.of(BROKEN, JAVA, REF))).isSameAs(JAVA);
        assertThatThrownBy(() -> Backends.select(null, null, null, List.of(BROKEN, REF)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fast (unavailable)").hasMessageContaining("ref")
                .hasMessageContaining("Backends.create(name, precision)").hasMessageContaining(Backends.ENV)
                .hasMessageNotContaining("--backend");
    }

    @Test
    void anEmptyClassPathNamesTheArtifactsToAdd() {
        assertThatThrownBy(() -> Backends.select(null, null, null, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dbn4j-backend-nd4j").hasMessageContaining("dbn4j-backend-ejml")
                .hasMessageContaining("dbn4j-backend-commons");
    }

    @Test
    void unknownOrUnavailableNamesListWhatThereIs() {
        assertThatThrownBy(() -> Backends.select("gpu", null, null, List.of(FAST, JAVA, REF)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown backend 'gpu'").hasMessageContaining("fast, java, ref")
                .hasMessageContaining("-D" + Backends.PROPERTY);
        assertThatThrownBy(() -> Backends.select("fast", null, null, List.of(BROKEN, JAVA)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not available").hasMessageContaining("no natives for this test");
    }

    @Test
    void missingPrecisionIsRejectedWithTheAlternatives() {
        assertThatThrownBy(() -> Backends.checkPrecision(REF, Precision.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ref' does not support float32").hasMessageContaining("float64");
    }

    @Test
    void precisionNamesParse() {
        assertThat(Precision.parse("f32")).isEqualTo(Precision.FLOAT32);
        assertThat(Precision.parse("FLOAT64")).isEqualTo(Precision.FLOAT64);
        assertThatThrownBy(() -> Precision.parse("half")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("half").hasMessageContaining("float32");
    }
}
