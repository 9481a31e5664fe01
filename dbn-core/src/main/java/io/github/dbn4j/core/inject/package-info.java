/**
 * Guice wiring of dbn-core: {@link io.github.dbn4j.core.inject.TrainersModule} binds the trainers
 * beside a backend provider's module. Nothing else in dbn-core depends on this package.
 */
package io.github.dbn4j.core.inject;
