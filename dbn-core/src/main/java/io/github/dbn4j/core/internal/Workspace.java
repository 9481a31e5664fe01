package io.github.dbn4j.core.internal;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch matrices allocated once per (role, shape) and reused, so hot loops do not allocate.
 * A role names what a buffer holds ("hiddenInput"); two live buffers must have different roles.
 */
public final class Workspace {

    private final Backend backend;
    /** Buffers by role; a role rarely has more than two shapes (full and last mini-batch). */
    private final Map<String, List<Matrix>> buffers = new HashMap<>();
    private int[] identity = new int[0];

    public Workspace(Backend backend) {
        this.backend = backend;
    }

    /** The buffer for a role and shape; its content is whatever it held last. A hit allocates nothing. */
    public Matrix get(String role, int rows, int cols) {
        List<Matrix> list = buffers.get(role);
        if (list == null) {
            list = new ArrayList<>(2);
            buffers.put(role, list);
        }
        for (int i = 0; i < list.size(); i++) {
            Matrix m = list.get(i);
            if (m.rows() == rows && m.cols() == cols) {
                return m;
            }
        }
        Matrix m = backend.create(rows, cols);
        list.add(m);
        return m;
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
