package io.github.dbn4j.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The float backend is what its generator makes of the double one: the two cannot drift apart. */
class EjmlFloatSourceTest {

    private static String source(String name) throws IOException {
        return Files.readString(Path.of(EjmlFloatSource.PACKAGE_DIR, name), StandardCharsets.UTF_8);
    }

    @Test
    void theCommittedFloatBackendIsTheGeneratedOne() throws IOException {
        assertThat(source("EjmlFloatBackend.java"))
                .as("EjmlFloatBackend.java differs from what EjmlFloatSource makes of EjmlDoubleBackend.java;"
                        + " regenerate it (see EjmlFloatSource)")
                .isEqualTo(EjmlFloatSource.generate(source("EjmlDoubleBackend.java")));
    }

    @Test
    void aChangedLineWithAHandWrittenFloatFormStopsTheGeneration() throws IOException {
        String changed = source("EjmlDoubleBackend.java").replace("CommonOps_DDRM.fill(out.m, value);",
                "CommonOps_DDRM.fill(out.m, value + 0);");
        assertThatThrownBy(() -> EjmlFloatSource.generate(changed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CommonOps_DDRM.fill(out.m, value);");
    }

    @Test
    void theFloatClassHoldsNoDoubleArrayOfItsOwn() throws IOException {
        String generated = EjmlFloatSource.generate(source("EjmlDoubleBackend.java"));
        assertThat(generated).doesNotContain("DMatrixRMaj").doesNotContain("_DDRM").doesNotContain("EjmlDoubleMatrix")
                .doesNotContain(".m.data;\n        double[]").contains("Precision.FLOAT32");
    }
}
