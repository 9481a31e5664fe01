package io.github.dbn4j.backend.nd4j;

import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.tck.BackendConformanceTest;

class Nd4jBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider();
    }
}
