package io.github.dbn4j.examples;

import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.tck.BackendConformanceTest;

/** The conformance kit, run against the example's own backend as against any backend. */
class ArrayBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected BackendProvider provider() {
        return new ArrayBackendProvider();
    }
}
