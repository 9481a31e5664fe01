package io.github.dbn4j.core.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, e.g. the code that writes a file's content in
 * {@link AtomicFiles#write(java.nio.file.Path, IOConsumer)}.
 *
 * @param <T> the type of the value consumed
 */
@FunctionalInterface
public interface IOConsumer<T> {

    /**
     * Consumes a value.
     *
     * @param value the value
     * @throws IOException if writing or reading fails
     */
    void accept(T value) throws IOException;
}
