/**
 * The dbn4j conformance kit: {@link io.github.dbn4j.tck.BackendConformanceTest} checks every
 * operation of a {@link io.github.dbn4j.api.Backend} against the plain-Java
 * {@link io.github.dbn4j.tck.Reference}. A backend module's test extends it and names its
 * provider; nothing else is needed.
 */
package io.github.dbn4j.tck;
