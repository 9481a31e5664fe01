/**
 * Model files: dbn4j's native format ({@link io.github.dbn4j.core.io.ModelFiles}: exact,
 * versioned, checksummed, with training configurations), NumPy {@code .npz} export and import
 * ({@link io.github.dbn4j.core.io.ModelNpz}, built on the hand-written
 * {@link io.github.dbn4j.core.io.Npy} and {@link io.github.dbn4j.core.io.Npz}), detection of
 * either ({@link io.github.dbn4j.core.io.ModelFormat}) and atomic file replacement
 * ({@link io.github.dbn4j.core.io.AtomicFiles}).
 *
 * <p>Every reader reports a file it cannot read with a
 * {@link io.github.dbn4j.core.io.ModelFileException} whose message starts with the file's path;
 * writers report failures with {@link java.io.UncheckedIOException}. Readers are written for
 * untrusted files: they validate every length before allocating.
 */
package io.github.dbn4j.core.io;
