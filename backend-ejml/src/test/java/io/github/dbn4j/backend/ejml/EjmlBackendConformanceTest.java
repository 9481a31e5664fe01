package io.github.dbn4j.backend.ejml;

import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.tck.BackendConformanceTest;

class EjmlBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected BackendProvider provider() {
        return new EjmlBackendProvider();
    }
}
