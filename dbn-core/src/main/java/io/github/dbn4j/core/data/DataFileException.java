package io.github.dbn4j.core.data;

import java.nio.file.Path;

/** A data file that cannot be used: the message names the file and what is wrong with it. */
public final class DataFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DataFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
