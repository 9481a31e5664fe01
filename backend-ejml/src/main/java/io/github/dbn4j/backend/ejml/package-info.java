/**
 * The {@code ejml} backend: the dbn4j SPI on EJML's row-major dense matrices
 * ({@code DMatrixRMaj} for FLOAT64, {@code FMatrixRMaj} for FLOAT32). Pure Java; the default
 * backend where ND4J's native library does not load.
 */
package io.github.dbn4j.backend.ejml;
