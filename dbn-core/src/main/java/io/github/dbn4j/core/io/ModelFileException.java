package io.github.dbn4j.core.io;

import java.nio.file.Path;

/**
 * A model or array file cannot be read: it is not in the expected format, is truncated or
 * corrupt, is of a newer format version, holds another kind of model, or holds values that do
 * not make a valid model. The one exception that every reader of this package documents.
 *
 * <p>The message starts with the file's path, then says what is wrong, naming the entry, shape
 * or value concerned, e.g. {@code "model.bin: checksum mismatch (stored 0x1234abcd, computed
 * 0x89ab0123): the file is corrupt"}.
 */
public class ModelFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    /**
     * @param file    the file that could not be read
     * @param problem what is wrong with it
     */
    public ModelFileException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * @param file    the file that could not be read
     * @param problem what is wrong with it
     * @param cause   the underlying exception, or null
     */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = String.valueOf(file);
        this.problem = problem;
    }

    /** The path of the file, as it was given to the reader. */
    public String file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
