package io.github.dbn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Case orders for fixed mini-batches, and per-batch binarisation. */
class BatchesTest {

    @Test
    void balancedOrderPutsTenOfEachClassInEveryBatchOfAHundred() {
        int[] labels = new int[44_000];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10; // 4,400 of each class, then shuffled
        }
        for (int i = labels.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        int[] order = Batches.balanced(labels, 10, 5);
        assertThat(Arrays.stream(order).sorted().toArray()).as("a permutation")
                .isEqualTo(java.util.stream.IntStream.range(0, labels.length).toArray());
        for (int batch = 0; batch < 440; batch++) {
            int[] counts = new int[10];
            for (int i = 0; i < 100; i++) {
                counts[labels[order[batch * 100 + i]]]++;
            }
            assertThat(counts).as("batch %d", batch).containsOnly(10);
        }
        assertThat(Batches.balanced(labels, 10, 6)).as("another seed, another order").isNotEqualTo(order);
    }

    @Test
    void unequalClassesAreSpreadInProportion() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 50 ? 0 : i < 80 ? 1 : 2; // 50, 30, 20
        }
        int[] order = Batches.balanced(labels, 3, 1);
        for (int batch = 0; batch < 10; batch++) {
            int[] counts = new int[3];
            for (int i = 0; i < 10; i++) {
                counts[labels[order[batch * 10 + i]]]++;
            }
            assertThat(counts).as("batch %d", batch).containsExactly(5, 3, 2);
        }
    }

    @Test
    void aLabelOutsideTheClassesIsNamed() {
        assertThatThrownBy(() -> Batches.balanced(new int[] {0, 3, 1}, 3, 1))
                .hasMessage("label 3 of case 1 is outside 0..2");
        assertThat(Batches.permutation(5, 1)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void binarisedCasesAreDrawnAnewEveryTimeAndResumeExactly() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        double[] grey = new double[50 * 40];
        Arrays.fill(grey, 0.3);
        Matrix x = b.fromArray(50, 40, grey);
        BatchSource source = BatchSource.binarised(b, BatchSource.of(b, x), RandomStream.of(9));
        int[] rows = java.util.stream.IntStream.range(0, 50).toArray();
        Matrix first = b.create(50, 40);
        Matrix second = b.create(50, 40);
        source.fill(rows, 0, first);
        TrainingState saved = new TrainingState();
        source.saveState(saved);
        source.fill(rows, 0, second);
        double[] v1 = b.toArray(first);
        assertThat(v1).containsOnly(0.0, 1.0);
        assertThat(Arrays.stream(v1).average().orElseThrow()).isBetween(0.25, 0.35);
        assertThat(b.toArray(second)).as("a new draw").isNotEqualTo(v1);
        BatchSource resumed = BatchSource.binarised(b, BatchSource.of(b, x), RandomStream.of(9));
        resumed.loadState(saved);
        Matrix again = b.create(50, 40);
        resumed.fill(rows, 0, again);
        assertThat(b.toArray(again)).isEqualTo(b.toArray(second));
    }
}
