package io.github.dbn4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomStreamTest {

    /** SplitMix64 with seed 0: the first outputs of the published algorithm (Steele et al. 2014). */
    @Test
    void matchesPublishedSplitMix64Outputs() {
        RandomStream s = RandomStream.of(0);
        assertThat(s.bits(0)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(s.bits(1)).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(s.bits(2)).isEqualTo(0x06C45D188009454FL);
    }

    @Test
    void valuesArePureFunctionsOfSeedAndPosition() {
        RandomStream a = RandomStream.of(42);
        RandomStream b = RandomStream.of(42);
        double[] forward = IntStream.range(0, 1000).mapToDouble(a::uniform).toArray();
        double[] backward = new double[1000];
        for (int i = 999; i >= 0; i--) {
            backward[i] = b.uniform(i);
        }
        assertThat(forward).containsExactly(backward);
        assertThat(IntStream.range(0, 1000).parallel().mapToDouble(a::uniform).toArray()).containsExactly(forward);
        assertThat(RandomStream.of(43).uniform(0)).isNotEqualTo(a.uniform(0));
    }

    @Test
    void bulkUniformsEqualTheOneAtATimeValues() {
        RandomStream s = RandomStream.of(11);
        long offset = (1L << 40) - 3;                   // past 2^32, so int overflow in the index would show
        float[] f = new float[1001];
        double[] d = new double[1001];
        s.uniforms(offset, f, 1000);
        s.uniforms(offset, d, 1000);
        for (int i = 0; i < 1000; i++) {
            assertThat((double) f[i]).as("float %d", i).isEqualTo(s.uniform(offset + i));
            assertThat(d[i]).as("double %d", i).isEqualTo(s.uniform(offset + i));
        }
        assertThat(f[1000]).as("nothing written past n").isZero();
        assertThat(d[1000]).isZero();
    }

    @Test
    void uniformsAreExactInFloatAndInRange() {
        RandomStream s = RandomStream.of(7);
        for (int i = 0; i < 100_000; i++) {
            double u = s.uniform(i);
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            assertThat((double) (float) u).isEqualTo(u);
        }
    }

    @Test
    void uniformAndGaussianMomentsAreRight() {
        RandomStream s = RandomStream.of(11);
        int n = 200_000;
        double su = 0;
        double sg = 0;
        double sg2 = 0;
        for (int i = 0; i < n; i++) {
            su += s.uniform(i);
            double g = s.gaussian(i);
            sg += g;
            sg2 += g * g;
        }
        // standard errors: uniform mean 0.00065, gaussian mean 0.0022, variance 0.0032; 5 sigma bounds
        assertThat(su / n).isCloseTo(0.5, within(0.0033));
        assertThat(sg / n).isCloseTo(0.0, within(0.011));
        assertThat(sg2 / n).isCloseTo(1.0, within(0.016));
    }

    @Test
    void splitStreamsAreDeterministicAndDistinct() {
        RandomStream s = RandomStream.of(5);
        assertThat(s.split(1).seed()).isEqualTo(RandomStream.of(5).split(1).seed());
        assertThat(s.split(1).seed()).isNotEqualTo(s.split(2).seed());
        assertThat(s.split(1).seed()).isNotEqualTo(s.seed());
        long same = IntStream.range(0, 1000).filter(i -> s.split(1).bits(i) == s.split(2).bits(i)).count();
        assertThat(same).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 257})
    void permutationIsAPermutationAndDeterministic(int n) {
        RandomStream s = RandomStream.of(3);
        int[] p = s.permutation(n, 100);
        assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(IntStream.range(0, n).toArray());
        assertThat(s.permutation(n, 100)).containsExactly(p);
        if (n > 8) {
            assertThat(s.permutation(n, 101)).isNotEqualTo(p);
        }
    }

    @Test
    void nextIntIsUniformOverItsRange() {
        RandomStream s = RandomStream.of(9);
        int[] counts = new int[6];
        for (int i = 0; i < 60_000; i++) {
            counts[s.nextInt(i, 6)]++;
        }
        // expected 10000 each, sd about 91
        assertThat(Arrays.stream(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(9_550, 10_450));
        assertThatThrownBy(() -> s.nextInt(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
