package io.github.dbn4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricFormatTest {

    @Test
    void doublesGetFourSignificantDigitsWithoutTrailingZeros() {
        assertThat(MetricFormat.format("cost", 0.123456)).isEqualTo("0.1235");
        assertThat(MetricFormat.format("cost", 12.3456789)).isEqualTo("12.35");
        assertThat(MetricFormat.format("cost", 1234.56)).isEqualTo("1235");
        assertThat(MetricFormat.format("cost", 1200.0)).isEqualTo("1200");
        assertThat(MetricFormat.format("cost", 0.5)).isEqualTo("0.5");
        assertThat(MetricFormat.format("cost", -2.0)).isEqualTo("-2");
        assertThat(MetricFormat.format("cost", 0.0)).isEqualTo("0");
        assertThat(MetricFormat.format("cost", 0.1f)).isEqualTo("0.1");
        assertThat(MetricFormat.format("cost", new BigDecimal("3.14159"))).isEqualTo("3.142");
    }

    @Test
    void veryLargeAndSmallMagnitudesUseScientificNotation() {
        assertThat(MetricFormat.format("lr", 1e-5)).isEqualTo("1e-05");
        assertThat(MetricFormat.format("lr", 0.000012345)).isEqualTo("1.235e-05");
        assertThat(MetricFormat.format("n", 1.5e6)).isEqualTo("1.5e+06");
        assertThat(MetricFormat.format("n", 999_999.0)).isEqualTo("1e+06");
    }

    @Test
    void specialValues() {
        assertThat(MetricFormat.format("cost", Double.NaN)).isEqualTo("NaN");
        assertThat(MetricFormat.format("cost", Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(MetricFormat.format("cost", Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(MetricFormat.format("test_error", Double.NaN)).isEqualTo("NaN");
        assertThat(MetricFormat.format("anything", null)).isEqualTo("n/a");
    }

    @Test
    void errorRatesArePercentages() {
        assertThat(MetricFormat.isErrorRate("test_error")).isTrue();
        assertThat(MetricFormat.isErrorRate("Validation_Error")).isTrue();
        assertThat(MetricFormat.isErrorRate("error")).isTrue();
        assertThat(MetricFormat.isErrorRate("test_error_finetuned")).isTrue();
        assertThat(MetricFormat.isErrorRate("errors_total")).isFalse();
        assertThat(MetricFormat.isErrorRate("errors")).isFalse();
        assertThat(MetricFormat.isErrorRate("terror")).isFalse();
        assertThat(MetricFormat.format("test_error", 0.0123)).isEqualTo("1.23%");
        assertThat(MetricFormat.format("test_error", 0.012345)).isEqualTo("1.235%");
        assertThat(MetricFormat.format("train_error", 0.0)).isEqualTo("0%");
        assertThat(MetricFormat.format("train_error", 1.0)).isEqualTo("100%");
        assertThat(MetricFormat.format("test_error", new double[] {0.5, 0.25})).isEqualTo("[50%, 25%]");
        // counts stay counts even under an error key
        assertThat(MetricFormat.format("test_error", 123)).isEqualTo("123");
    }

    @Test
    void integersDurationsArraysAndOtherValues() {
        assertThat(MetricFormat.format("epochs", 40)).isEqualTo("40");
        assertThat(MetricFormat.format("examples", 60_000L)).isEqualTo("60000");
        assertThat(MetricFormat.format("backend", "ejml")).isEqualTo("ejml");
        assertThat(MetricFormat.format("fused", true)).isEqualTo("true");
        assertThat(MetricFormat.format("t", Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(MetricFormat.format("t", Duration.ofMillis(12_345))).isEqualTo("12.35 s");
        assertThat(MetricFormat.format("t", Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(MetricFormat.format("t", Duration.ofSeconds(3723))).isEqualTo("1 h 02 min 03 s");
        assertThat(MetricFormat.format("layers", new int[] {784, 500})).isEqualTo("[784, 500]");
        assertThat(MetricFormat.format("seeds", new long[] {1, 2})).isEqualTo("[1, 2]");
        assertThat(MetricFormat.format("costs", new double[] {0.123456, 2})).isEqualTo("[0.1235, 2]");
        assertThat(MetricFormat.format("costs", new float[] {0.5f})).isEqualTo("[0.5]");
        assertThat(MetricFormat.format("costs", List.of(1.23456, 7))).isEqualTo("[1.235, 7]");
    }
}
