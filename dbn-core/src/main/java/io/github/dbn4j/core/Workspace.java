package io.github.dbn4j.core;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import java.util.HashMap;
import java.util.Map;

/**
 * Scratch matrices allocated once per (role, shape) and reused, so hot loops do not allocate.
 * A role names what a buffer holds ("hiddenInput"); two live buffers must have different roles.
 */
public final class Workspace {

    private record Key(String role, int rows, int cols) {
    }

    private final Backend backend;
    private final Map<Key, Matrix> buffers = new HashMap<>();
    private int[] identity = new int[0];

    public Workspace(Backend backend) {
        this.backend = backend;
    }

    /** The buffer for a role and shape; its content is whatever it held last. */
    public Matrix get(String role, int rows, int cols) {
        return buffers.computeIfAbsent(new Key(role, rows, cols), k -> backend.create(rows, cols));
    }

    /** The array {@code 0, 1, ..., n-1} (or a longer one starting the same way), for sequential row gathers. */
    public int[] identity(int n) {
        if (identity.length < n) {
            identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
        }
        return identity;
    }

    /** Drops every buffer (when shapes change for good). */
    public void clear() {
        buffers.clear();
    }
}
