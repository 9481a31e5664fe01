/**
 * The {@code commons} backend: the dbn4j SPI on Apache Commons Math 3 block matrices, FLOAT64
 * only. The plain reference that the faster backends are compared against; never the default.
 */
package io.github.dbn4j.backend.commons;
