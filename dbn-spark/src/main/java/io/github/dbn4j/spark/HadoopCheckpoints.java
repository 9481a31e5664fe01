package io.github.dbn4j.spark;

import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.io.CheckpointFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's checkpoints in a directory of any Hadoop file system (a local path, HDFS, S3 ...),
 * in dbn4j's checkpoint format: each written under a temporary name and renamed, the newest
 * {@code keep} kept.
 */
final class HadoopCheckpoints {

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{6})\\.dbn4j");

    private final Path dir;
    private final FileSystem fs;
    private final int keep;

    HadoopCheckpoints(Configuration conf, String dir, int keep) {
        this.dir = new Path(dir);
        this.keep = keep;
        try {
            this.fs = this.dir.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of checkpoint directory " + dir + ": " + e, e);
        }
    }

    List<Path> files() {
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(dir)) {
                if (NAME.matcher(st.getPath().getName()).matches()) {
                    out.add(st.getPath());
                }
            }
            out.sort((a, b) -> a.getName().compareTo(b.getName()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint directory " + dir + ": " + e, e);
        }
    }

    /** Writes the next checkpoint and returns its path. */
    String write(TrainingState state) {
        List<Path> existing = files();
        int next = existing.isEmpty() ? 1 : sequence(existing.get(existing.size() - 1)) + 1;
        Path file = new Path(dir, String.format("checkpoint-%06d.dbn4j", next));
        Path tmp = new Path(dir, String.format(".checkpoint-%06d.dbn4j.tmp", next));
        try {
            fs.mkdirs(dir);
            try (OutputStream out = fs.create(tmp, true)) {
                CheckpointFiles.write(out, state);
            }
            if (!fs.rename(tmp, file)) {
                throw new IOException("rename of " + tmp + " to " + file + " failed");
            }
            List<Path> all = files();
            for (int i = 0; i < all.size() - keep; i++) {
                fs.delete(all.get(i), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e
                    + (existing.isEmpty() ? "" : "; the previous checkpoint " + existing.get(existing.size() - 1)
                    + " is kept"), e);
        }
        return file.toString();
    }

    /** The newest checkpoint, read through a local copy. */
    Optional<TrainingState> latest() {
        List<Path> all = files();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path newest = all.get(all.size() - 1);
        java.nio.file.Path local = null;
        try {
            local = Files.createTempFile("dbn4j-checkpoint", ".dbn4j");
            Files.delete(local);
            fs.copyToLocalFile(false, newest, new Path(local.toUri()), true);
            TrainingState s = CheckpointFiles.read(local);
            return Optional.of(TrainingState.of(newest.toString(), s.arrays(), s.longs(), s.texts()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + newest + ": " + e, e);
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a temporary copy left behind
                }
            }
        }
    }

    private static int sequence(Path p) {
        java.util.regex.Matcher m = NAME.matcher(p.getName());
        if (!m.matches()) {
            throw new IllegalArgumentException(p + " is not a checkpoint");
        }
        return Integer.parseInt(m.group(1));
    }
}
