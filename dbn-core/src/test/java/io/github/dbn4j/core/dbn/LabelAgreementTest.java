package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The label agreement of generated cases, with a classifier whose answers are known. */
class LabelAgreementTest {

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);

    /** A softmax over three inputs with weights 10 * identity: it answers the index of the largest input. */
    private ClassifierEngine argmaxOfInputs() {
        double[] w = {10, 0, 0, 0, 10, 0, 0, 0, 10};
        return new ClassifierEngine(b, new Classifier(new int[] {3, 3}, List.of(w), List.of(new double[3])));
    }

    @Test
    void countsTheCasesAssignedToTheirClampedLabel() {
        double[] images = {
            0.9, 0.1, 0.0,   // class 0, clamped 0: agrees
            0.0, 0.8, 0.1,   // class 1, clamped 1: agrees
            0.2, 0.1, 0.7,   // class 2, clamped 1: disagrees
            0.1, 0.2, 0.6};  // class 2, clamped 2: agrees
        double agreement = LabelAgreement.of(argmaxOfInputs(), b.fromArray(4, 3, images), new int[] {0, 1, 1, 2});
        assertThat(agreement).isEqualTo(0.75);
    }

    @Test
    void refusesMismatchedCounts() {
        assertThatThrownBy(() -> LabelAgreement.of(argmaxOfInputs(), b.fromArray(1, 3, new double[3]),
                new int[] {0, 1})).hasMessageContaining("2 labels for 1 generated cases");
        assertThatThrownBy(() -> LabelAgreement.of(new int[0], new int[0])).hasMessageContaining("at least one");
    }
}
