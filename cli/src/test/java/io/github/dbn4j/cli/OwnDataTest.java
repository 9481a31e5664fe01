package io.github.dbn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbn4j.core.io.NpyArray;
import io.github.dbn4j.core.io.Npz;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program on data that are not MNIST: a synthetic IDX set of three shapes in MNIST's layout,
 * the same cases as an npz archive, and as CSV files; each trains a DBN end to end that
 * classifies far better than chance (1/3 right).
 */
class OwnDataTest {

    private static final int SIDE = 8;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    @Test
    void anIdxSetThatIsNotMnistTrainsEndToEnd() throws IOException {
        Path data = Files.createDirectory(dir.resolve("shapes"));
        Cases train = shapes(600, 1);
        Cases test = shapes(150, 2);
        Files.write(data.resolve("train-images-idx3-ubyte"), idxImages(train));
        Files.write(data.resolve("train-labels-idx1-ubyte"), idxLabels(train));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), idxImages(test));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), idxLabels(test));
        Path out = dir.resolve("idx-run");
        MainTest.Result r = train("--data", data.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dbn4j: data: an IDX data set that is not a known one (600 + 150 images of 8x8,"
                + " 3 classes), read without a checksum");
        assertLearned(out, 64);
        assertThat(Files.readString(out.resolve("report.html"))).contains("DBN on shapes").doesNotContain("on MNIST");
        BufferedImage filters = ImageIO.read(out.resolve("filters.png").toFile());
        assertThat(filters.getWidth()).as("8x8 tiles in a grid").isLessThan(filters.getHeight() * 3);

        // a known data set asked for by name is checked: these files are not Fashion-MNIST
        MainTest.Result notFashion = train("--dataset", "fashion-mnist", "--data", data.toString(), "--out",
                dir.resolve("fashion-run").toString());
        assertThat(notFashion.code()).isNotZero();
        assertThat(notFashion.err()).contains(data + " holds an IDX data set that is not a known one (600 + 150 images"
                + " of 8x8, 3 classes), read without a checksum, not Fashion-MNIST (--dataset fashion-mnist)");
    }

    @Test
    void aKnownDataSetIsNamedAndFetchedOnlyWhenAllowed() {
        Path empty = dir.resolve("kmnist");
        MainTest.Result noFetch = train("--dataset", "kmnist", "--data", empty.toString(), "--no-fetch", "--out",
                dir.resolve("a").toString());
        assertThat(noFetch.code()).isNotZero();
        assertThat(noFetch.err()).contains("Kuzushiji-MNIST is not in " + empty + " and --no-fetch forbids fetching"
                + " it; put its four files (raw or .gz) there").doesNotContain("--subset");
        MainTest.Result unknown = train("--dataset", "svhn", "--out", dir.resolve("b").toString());
        assertThat(unknown.err()).contains("--dataset: unknown data set 'svhn': known are mnist, fashion-mnist,"
                + " kmnist");
        MainTest.Result file = train("--dataset", "kmnist", "--data", dir.resolve("x.npz").toString(), "--out",
                dir.resolve("d").toString());
        assertThat(file.code()).isNotZero();
        assertThat(file.err()).contains("--dataset kmnist is a known IDX set: --data must be the directory of its four"
                + " files, not " + dir.resolve("x.npz"));
        MainTest.Result subset = train("--dataset", "kmnist", "--subset", "--out", dir.resolve("c").toString());
        assertThat(subset.err()).contains("--subset is a part of MNIST: give it without --dataset");
        assertThat(unknown.code()).isNotZero();
        assertThat(subset.code()).isNotZero();
    }

    @Test
    void aDirectoryOfNpyFilesTrainsEndToEnd() throws IOException {
        Cases train = shapes(600, 1);
        Cases test = shapes(150, 2);
        Path data = Files.createDirectory(dir.resolve("arrays"));
        // pixels as bytes, as numpy.save(np.uint8 array) writes them; scaled by 1/255
        Files.write(data.resolve("x.npy"), npyBytes(train.pixels(), train.labels().length));
        Files.write(data.resolve("x_test.npy"), npyBytes(test.pixels(), test.labels().length));
        io.github.dbn4j.core.io.Npy.write(data.resolve("y.npy"),
                NpyArray.ofLongs(longs(train.labels()), train.labels().length));
        io.github.dbn4j.core.io.Npy.write(data.resolve("y_test.npy"),
                NpyArray.ofLongs(longs(test.labels()), test.labels().length));
        Path out = dir.resolve("npy-run");
        MainTest.Result r = train("--data", data.toString(), "--image-shape", "8x8", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dbn4j: data: .npy arrays (600 + 150 cases of 64 values, 3 classes)");
        assertLearned(out, 64);
    }

    /** An NPY file of uint8 values, cases x 64. */
    private static byte[] npyBytes(byte[] values, int cases) {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + cases + ", " + SIDE * SIDE + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.US_ASCII)).put(values);
        return b.array();
    }

    @Test
    void anNpzArchiveAndCsvFilesTrainEndToEnd() throws IOException {
        Cases train = shapes(600, 1);
        Cases test = shapes(150, 2);
        Path npz = dir.resolve("shapes.npz");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.ofDoubles(train.values(), train.labels().length, SIDE * SIDE));
        arrays.put("y", NpyArray.ofLongs(longs(train.labels()), train.labels().length));
        arrays.put("x_test", NpyArray.ofDoubles(test.values(), test.labels().length, SIDE * SIDE));
        arrays.put("y_test", NpyArray.ofLongs(longs(test.labels()), test.labels().length));
        Npz.write(npz, arrays);
        Path out = dir.resolve("npz-run");
        MainTest.Result r = train("--data", npz.toString(), "--image-shape", "8x8", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dbn4j: data: an npz archive (600 + 150 cases of 64 values, 3 classes)");
        assertLearned(out, 64);

        Path csvTrain = Files.writeString(dir.resolve("train.csv"), csv(train));
        Path csvTest = Files.writeString(dir.resolve("test.csv"), csv(test));
        Path csvOut = dir.resolve("csv-run");
        MainTest.Result c = train("--data", csvTrain.toString(), "--test-data", csvTest.toString(), "--csv-scale",
                "255", "--out", csvOut.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertLearned(csvOut, 64);
        BufferedImage strips = ImageIO.read(csvOut.resolve("filters.png").toFile());
        assertThat(strips.getWidth()).as("no image shape: one strip of 64 values per filter")
                .isGreaterThan(strips.getHeight());

        MainTest.Result bad = train("--data", npz.toString(), "--image-shape", "7x9", "--out",
                dir.resolve("bad").toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("--image-shape 7x9: an image of 7x9 does not hold the 64 values of a case");
    }

    /** Runs train-dbn; the result's {@code err} holds both picocli's error output and what went to stderr. */
    private static MainTest.Result train(String... data) {
        String[] common = {"train-dbn", "--backend", "ejml", "--layers", "30,30,40", "--pretrain-epochs", "10",
            "--wake-sleep-epochs", "2", "--finetune-epochs", "20", "--batch", "20"};
        String[] args = new String[common.length + data.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(data, 0, args, common.length, data.length);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            MainTest.Result r = MainTest.run(args);
            return new MainTest.Result(r.code(), r.out(), captured.toString(StandardCharsets.UTF_8) + r.err());
        } finally {
            System.setErr(stderr);
        }
    }

    private static void assertLearned(Path out, int width) throws IOException {
        for (String f : DbnPipeline.OUTPUTS) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("layers").asText()).isEqualTo(width + "-30-30-40 +3 labels");
        assertThat(metrics.get("test_error_finetuned").asDouble()).as("chance is 0.67").isLessThan(0.2);
        assertThat(Npz.read(out.resolve("samples.npz")).get("images").shape()).containsExactly(30, width);
    }

    /** Cases of three shapes: a horizontal bar, a vertical bar, a diagonal; at random places, with noise. */
    private record Cases(double[] values, int[] labels, byte[] pixels) {
    }

    private static Cases shapes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(CLASSES);
            labels[i] = k;
            int at = r.nextInt(SIDE);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean on = k == 0 ? y == at : k == 1 ? x == at : x == y;
                    int v = on ? 200 + r.nextInt(56) : r.nextInt(40);
                    px[i * SIDE * SIDE + y * SIDE + x] = (byte) v;
                }
            }
        }
        double[] values = new double[px.length];
        for (int i = 0; i < px.length; i++) {
            values[i] = (px[i] & 0xff) / 255.0;
        }
        return new Cases(values, labels, px);
    }

    private static byte[] idxImages(Cases c) {
        return ByteBuffer.allocate(16 + c.pixels().length).putInt(0x00000803).putInt(c.labels().length).putInt(SIDE)
                .putInt(SIDE).put(c.pixels()).array();
    }

    private static byte[] idxLabels(Cases c) {
        ByteBuffer b = ByteBuffer.allocate(8 + c.labels().length).putInt(0x00000801).putInt(c.labels().length);
        for (int l : c.labels()) {
            b.put((byte) l);
        }
        return b.array();
    }

    private static String csv(Cases c) {
        StringBuilder sb = new StringBuilder("label");
        for (int j = 0; j < SIDE * SIDE; j++) {
            sb.append(",p").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < c.labels().length; i++) {
            sb.append(c.labels()[i]);
            for (int j = 0; j < SIDE * SIDE; j++) {
                sb.append(',').append(c.pixels()[i * SIDE * SIDE + j] & 0xff);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
