/**
 * The algorithms of dbn4j, written once against the {@link io.github.dbn4j.api.Backend} SPI:
 * Restricted Boltzmann Machines and Deep Belief Networks.
 */
package io.github.dbn4j.core;
