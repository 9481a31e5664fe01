package io.github.dbn4j.backend.nd4j;

import com.google.inject.Module;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code nd4j} backend: ND4J's native arrays, with float32 products by oneDNN and float64
 * products by OpenBLAS (through JavaCPP), FLOAT64 and FLOAT32. The fastest backend and the default wherever its native
 * library loads; the binaries are for the platform chosen at build time by the Maven property
 * {@code javacpp.platform}.
 */
public final class Nd4jBackendProvider implements BackendProvider {

    /** The selection name. */
    public static final String NAME = "nd4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ND4J 1.0.0-M2.1 nd4j-native arrays; float32 products by "
                + (Sgemm.implementation().equals("onednn") ? "oneDNN" : "OpenBLAS") + ", float64 by OpenBLAS (native)";
    }

    /** The highest rank: preferred whenever available. */
    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    public Optional<String> unavailableReason() {
        return NativeCheck.REASON;
    }

    @Override
    public Module module(Precision precision) {
        Backends.checkPrecision(this, precision);
        return new Nd4jBackendModule(precision);
    }

    /** Loads ND4J's native backend once, on first use, and remembers why it failed if it did. */
    private static final class NativeCheck {
        static final Optional<String> REASON = load();

        private static Optional<String> load() {
            Nd4jStartup.quiet();
            try {
                org.nd4j.linalg.factory.Nd4j.getBackend();
                org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1);
                return Optional.empty();
            } catch (Throwable t) { // native loading fails with Errors (UnsatisfiedLinkError) as well
                String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                return Optional.of("ND4J's native library did not load (" + msg.lines().findFirst().orElse(msg)
                        + "); build with -Djavacpp.platform=<your platform>, or use another backend"
                        + " such as dbn4j-backend-ejml");
            }
        }
    }
}
