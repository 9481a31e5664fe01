package io.github.dbn4j.backend.commons;

import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.tck.BackendConformanceTest;

class CommonsBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected BackendProvider provider() {
        return new CommonsBackendProvider();
    }
}
