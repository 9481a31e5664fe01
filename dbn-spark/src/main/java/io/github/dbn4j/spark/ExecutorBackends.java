package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Precision;
import java.util.HashMap;
import java.util.Map;

/**
 * The backend of a task, chosen on the executor by the usual rules ({@link Backends#select}) and
 * kept per task thread: a backend's scratch buffers are not shared between threads.
 */
final class ExecutorBackends {

    private static final ThreadLocal<Map<String, Backend>> BACKENDS = ThreadLocal.withInitial(HashMap::new);

    private ExecutorBackends() {
    }

    static Backend get(String name, Precision precision) {
        String key = (name == null ? "" : name) + "/" + precision;
        return BACKENDS.get().computeIfAbsent(key, k -> Backends.create(name, precision));
    }
}
