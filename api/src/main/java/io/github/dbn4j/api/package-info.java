/**
 * The tensor SPI of dbn4j: {@link io.github.dbn4j.api.Backend} and its
 * {@link io.github.dbn4j.api.Matrix} handles, the counter-based
 * {@link io.github.dbn4j.api.RandomStream}, and the {@link io.github.dbn4j.api.BackendProvider}
 * plug-in point with its selection rule in {@link io.github.dbn4j.api.Backends}.
 *
 * <p>The algorithms in {@code dbn4j-core} are written against these types only; a backend is
 * chosen at run time.
 */
package io.github.dbn4j.api;
