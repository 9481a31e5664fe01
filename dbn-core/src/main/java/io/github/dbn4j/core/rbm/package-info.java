/**
 * Restricted Boltzmann Machines: the immutable {@link io.github.dbn4j.core.rbm.Rbm} model, its
 * {@link io.github.dbn4j.core.rbm.RbmConfig}, the {@link io.github.dbn4j.core.rbm.RbmTrainer}
 * (CD-k, PCD-k), the backend-resident {@link io.github.dbn4j.core.rbm.RbmEngine} (conditionals,
 * sampling, free energy), and partition functions: exact
 * ({@link io.github.dbn4j.core.rbm.PartitionFunction}) and annealed importance sampling
 * ({@link io.github.dbn4j.core.rbm.Ais}).
 */
package io.github.dbn4j.core.rbm;
