/**
 * Data: the IDX reader ({@link io.github.dbn4j.core.data.Idx}), MNIST with its published
 * SHA-256 digests and a shipped subset ({@link io.github.dbn4j.core.data.Mnist}), and labelled
 * image sets with their conversion to training matrices
 * ({@link io.github.dbn4j.core.data.LabelledImages}).
 */
package io.github.dbn4j.core.data;
