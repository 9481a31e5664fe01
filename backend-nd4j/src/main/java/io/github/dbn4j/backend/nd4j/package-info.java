/**
 * The {@code nd4j} backend: the dbn4j SPI on ND4J's native CPU backend (libnd4j with OpenBLAS),
 * FLOAT64 and FLOAT32. The default backend wherever its native library loads.
 */
package io.github.dbn4j.backend.nd4j;
