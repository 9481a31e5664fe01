/**
 * Small programs that use dbn4j as a library, each a {@code main} a user can copy: RBM features
 * from arrays on EJML ({@link io.github.dbn4j.examples.RbmFeatures}), a DBN classifier on ND4J
 * ({@link io.github.dbn4j.examples.DigitClassifier}), a model written by NumPy
 * ({@link io.github.dbn4j.examples.NumpyModel}) and a backend of one's own
 * ({@link io.github.dbn4j.examples.ArrayBackendProvider}). The build runs every one as a test.
 */
package io.github.dbn4j.examples;
