package io.github.dbn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks an output directory before any work is done, so a run never fails at its end. */
final class OutputDir {

    private OutputDir() {
    }

    /**
     * Creates {@code dir} if needed, checks it is writable, and refuses to overwrite any of
     * {@code files} that exist unless {@code force}.
     */
    static Path prepare(Path dir, boolean force, String... files) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output directory " + dir + " (" + e.getMessage() + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("the output directory " + dir + " is not a writable directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".dbn4j-write-check", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write into " + dir + " (" + e.getMessage() + ")");
        }
        if (!force) {
            List<String> existing = new ArrayList<>();
            for (String f : files) {
                if (Files.exists(dir.resolve(f))) {
                    existing.add(f);
                }
            }
            if (!existing.isEmpty()) {
                throw new IllegalArgumentException(dir.resolve(existing.get(0)) + " exists"
                        + (existing.size() > 1 ? " (and " + (existing.size() - 1) + " more output files)" : "")
                        + "; use --force to overwrite, or --out for another directory");
            }
        }
        return dir;
    }
}
