package io.github.dbn4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturesTest {

    private static final int SIDE = 28;
    private static final int TILE = SIDE * Pictures.SCALE;

    @TempDir
    Path dir;

    static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("readable PNG %s", file).isNotNull();
        return image;
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** Top-left pixel of value (r, c) in grid cell (row, column) of a grid starting at x0. */
    static int cell(BufferedImage image, int x0, int row, int column, int r, int c) {
        int x = x0 + Pictures.PADDING + column * (TILE + Pictures.PADDING) + c * Pictures.SCALE;
        int y = Pictures.PADDING + row * (TILE + Pictures.PADDING) + r * Pictures.SCALE;
        return rgb(image, x, y);
    }

    @Test
    void dataThatAreNotImagesAreDrawnAsWideStripsOnePerLine() {
        int width = 64;
        int scale = Pictures.scale(1, width);
        assertThat(scale).as("600 / 64 values, at most 8").isEqualTo(Pictures.MAX_STRIP_SCALE);
        assertThat(Pictures.scale(1, 784)).as("never below the image scale").isEqualTo(Pictures.SCALE);
        assertThat(Pictures.scale(28, 28)).as("MNIST as always").isEqualTo(Pictures.SCALE);
        assertThat(Pictures.scale(8, 8)).as("small images drawn larger: 56 / 8").isEqualTo(7);
        assertThat(Pictures.scale(4, 20)).as("by the longer side").isEqualTo(Pictures.SCALE);
        // 3 labels x 4 samples; sample k of label r has value 1 at position 4 * r + k, else 0
        double[] samples = new double[3 * 4 * width];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 4; k++) {
                samples[(r * 4 + k) * width + 4 * r + k] = 1;
            }
        }
        BufferedImage labelled = Pictures.samplesImage(samples, 3, 4, 1, width, List.of("a", "b", "c"));
        BufferedImage plain = Pictures.samplesImage(samples, 3, 4, 1, width, null);
        assertThat(plain.getWidth()).isEqualTo(width * scale + 2 * Pictures.PADDING);
        assertThat(plain.getHeight()).as("12 strips under one another").isEqualTo(12 * (scale + Pictures.PADDING)
                + Pictures.PADDING);
        int labels = labelled.getWidth() - plain.getWidth();
        assertThat(labels).as("room for the labels at the left").isPositive();
        for (int line = 0; line < 12; line++) {
            int y = Pictures.PADDING + line * (scale + Pictures.PADDING) + scale / 2;
            int on = line / 4 * 4 + line % 4;
            for (int v : new int[] {on, (on + 5) % width}) {
                int x = Pictures.PADDING + v * scale + scale / 2;
                assertThat(rgb(plain, x, y)).as("line %d value %d", line, v).isEqualTo(v == on ? 0xFFFFFF : 0);
                assertThat(rgb(labelled, labels + x, y)).isEqualTo(rgb(plain, x, y));
            }
        }
    }

    @Test
    void filtersShowColumnJOfWeights() throws IOException {
        int visible = SIDE * SIDE;
        int hidden = 50;
        double[] w = new double[visible * hidden];
        // every unit's weights are zero except: unit 3 has +2 at pixel (5, 7) and -1 at (20, 10);
        // unit 4 has +1 at (0, 0); visible unit index i = row * 28 + column, W[i][j] = w[i * hidden + j]
        w[(5 * SIDE + 7) * hidden + 3] = 2.0;
        w[(20 * SIDE + 10) * hidden + 3] = -1.0;
        w[0 * hidden + 4] = 1.0;
        Path file = dir.resolve("filters.png");

        Pictures.filters(file, w, visible, hidden, SIDE, 10);

        BufferedImage image = read(file);
        // 10 filters -> ceil(sqrt(10)) = 4 per row, 3 rows
        assertThat(image.getWidth()).isEqualTo(4 * TILE + 5 * Pictures.PADDING);
        assertThat(image.getHeight()).isEqualTo(3 * TILE + 4 * Pictures.PADDING);
        // unit 3 is grid cell (0, 3)
        assertThat(cell(image, 0, 0, 3, 5, 7)).isEqualTo(0xFFFFFF);
        assertThat(cell(image, 0, 0, 3, 20, 10)).isEqualTo(0x404040); // -1 of max 2 -> 63.75
        assertThat(cell(image, 0, 0, 3, 0, 0)).isEqualTo(0x808080);
        // unit 4 is grid cell (1, 0); its only weight is at (0, 0)
        assertThat(cell(image, 0, 1, 0, 0, 0)).isEqualTo(0xFFFFFF);
        assertThat(cell(image, 0, 1, 0, 5, 7)).isEqualTo(0x808080);
        // unit 0 is all zeros: mid-grey
        assertThat(cell(image, 0, 0, 0, 5, 7)).isEqualTo(0x808080);
    }

    @Test
    void hundredFiltersMakeATenByTenGrid() {
        int visible = SIDE * SIDE;
        BufferedImage image = Pictures.filtersImage(new double[visible * 500], visible, 500, SIDE, 100);
        assertThat(image.getWidth()).isEqualTo(10 * TILE + 11 * Pictures.PADDING);
        assertThat(image.getHeight()).isEqualTo(10 * TILE + 11 * Pictures.PADDING);
    }

    @Test
    void filterShapeErrorsNameTheNumbers() {
        assertThatThrownBy(() -> Pictures.filters(dir.resolve("f.png"), new double[100], 784, 500, 28, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights has 100 values but visible x hidden = 784 x 500 needs 392000");
        assertThatThrownBy(() -> Pictures.filters(dir.resolve("f.png"), new double[780 * 10], 780, 10, 28, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visible is 780")
                .hasMessageContaining("784");
        assertThatThrownBy(() -> Pictures.filters(dir.resolve("f.png"), new double[784 * 10], 784, 10, 28, 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count")
                .hasMessageContaining("11");
        assertThat(dir.resolve("f.png")).doesNotExist();
    }

    @Test
    void reconstructionsPutEachInputAboveItsReconstruction() throws IOException {
        int rows = 3;
        int per = SIDE * SIDE;
        double[] inputs = new double[rows * per];
        double[] recon = new double[rows * per];
        // example k: input has ink at pixel (k, 0); reconstruction has ink at pixel (0, k + 10)
        for (int k = 0; k < rows; k++) {
            inputs[k * per + k * SIDE] = 1.0;
            recon[k * per + k + 10] = 1.0;
        }
        Path file = dir.resolve("reconstructions.png");

        Pictures.reconstructions(file, inputs, recon, rows, SIDE);

        BufferedImage image = read(file);
        int gridWidth = 3 * TILE + 4 * Pictures.PADDING;
        assertThat(image.getHeight()).isEqualTo(2 * TILE + 3 * Pictures.PADDING);
        assertThat(image.getWidth()).isGreaterThan(gridWidth); // labels at the left
        int x0 = image.getWidth() - gridWidth;
        for (int k = 0; k < rows; k++) {
            assertThat(cell(image, x0, 0, k, k, 0)).as("input %d", k).isEqualTo(0xFFFFFF);
            assertThat(cell(image, x0, 0, k, 0, k + 10)).as("input %d", k).isEqualTo(0x000000);
            assertThat(cell(image, x0, 1, k, 0, k + 10)).as("reconstruction %d", k).isEqualTo(0xFFFFFF);
            assertThat(cell(image, x0, 1, k, k, 0)).as("reconstruction %d", k).isEqualTo(0x000000);
        }
        // the label margin is white with some dark text in it
        assertThat(rgb(image, 0, 0)).isEqualTo(0xFFFFFF);
        assertThat(countDark(image, 0, x0)).isPositive();
    }

    @Test
    void manyReconstructionsWrapIntoSeparatedBlocksOfTen() {
        int rows = 15;
        int per = SIDE * SIDE;
        BufferedImage image = Pictures.reconstructionsImage(new double[rows * per], new double[rows * per], rows,
                SIDE);
        int block = 2 * TILE + 3 * Pictures.PADDING;
        assertThat(image.getHeight()).isEqualTo(2 * block + Pictures.BLOCK_GAP);
        assertThat(image.getWidth()).isGreaterThan(10 * TILE + 11 * Pictures.PADDING);
    }

    @Test
    void reconstructionShapesMustAgree() {
        assertThatThrownBy(() -> Pictures.reconstructions(dir.resolve("r.png"), new double[784 * 2],
                new double[784], 2, 28))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reconstructions has 784 values").hasMessageContaining("1568");
    }

    @Test
    void samplesWithoutLabelsAreExactlyTheGrid() throws IOException {
        int per = SIDE * SIDE;
        double[] samples = new double[2 * 5 * per];
        samples[7 * per + 3 * SIDE + 4] = 1.0; // sample 7 = row 1, column 2, pixel (3, 4)
        Path file = dir.resolve("samples.png");

        Pictures.samples(file, samples, 2, 5, SIDE);

        BufferedImage image = read(file);
        assertThat(image.getWidth()).isEqualTo(5 * TILE + 6 * Pictures.PADDING);
        assertThat(image.getHeight()).isEqualTo(2 * TILE + 3 * Pictures.PADDING);
        assertThat(cell(image, 0, 1, 2, 3, 4)).isEqualTo(0xFFFFFF);
        assertThat(cell(image, 0, 1, 2, 3, 5)).isEqualTo(0x000000);
        assertThat(cell(image, 0, 0, 2, 3, 4)).isEqualTo(0x000000);
    }

    @Test
    void sampleRowLabelsWidenThePictureAndAreDrawn() {
        int per = SIDE * SIDE;
        List<String> labels = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            labels.add(Integer.toString(d));
        }
        BufferedImage plain = Pictures.samplesImage(new double[10 * 3 * per], 10, 3, SIDE, null);
        BufferedImage labelled = Pictures.samplesImage(new double[10 * 3 * per], 10, 3, SIDE, labels);
        assertThat(labelled.getHeight()).isEqualTo(plain.getHeight());
        int margin = labelled.getWidth() - plain.getWidth();
        assertThat(margin).isPositive();
        // some dark label pixels beside every grid row
        for (int row = 0; row < 10; row++) {
            int top = Pictures.PADDING + row * (TILE + Pictures.PADDING);
            assertThat(countDark(labelled.getSubimage(0, top, margin, TILE), 0, margin)).as("row %d", row)
                    .isPositive();
        }
        assertThatThrownBy(() -> Pictures.samplesImage(new double[10 * 3 * per], 10, 3, SIDE, List.of("0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowLabels has 1");
        assertThatThrownBy(() -> Pictures.samplesImage(new double[10], 10, 3, SIDE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples has 10 values")
                .hasMessageContaining("23520");
    }

    @Test
    void curvesAreAReadablePngOfTheRequestedSize() throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("layer1 reconstruction", new double[] {40, 30, Double.NaN, 20, 18, 17});
        series.put("layer2 reconstruction", new double[] {25, 21});
        series.put("all NaN", new double[] {Double.NaN});
        series.put("empty", new double[0]);
        Path file = dir.resolve("curves.png");

        Pictures.curves(file, series, "RBM pre-training", "reconstruction error");

        BufferedImage image = read(file);
        assertThat(image.getWidth()).isEqualTo(LearningCurves.WIDTH).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(LearningCurves.HEIGHT).isEqualTo(500);
        assertThat(distinctColours(image)).isGreaterThan(3); // more than a blank canvas
    }

    @Test
    void curvesAcceptLongSeriesSingleEpochsAndNoSeries() throws IOException {
        double[] longRun = new double[1000];
        for (int i = 0; i < longRun.length; i++) {
            longRun[i] = 1.0 / (i + 1);
        }
        Pictures.curves(dir.resolve("long.png"), Map.of("fine-tune", longRun), "long", "cost");
        Pictures.curves(dir.resolve("one.png"), Map.of("one", new double[] {0.5}), "one epoch", "cost");
        Pictures.curves(dir.resolve("two.png"), Map.of("two", new double[] {0.5, 0.25}), "two", "cost");
        Pictures.curves(dir.resolve("flat.png"), Map.of("flat", new double[] {3, 3, 3}), "flat", "cost");
        Pictures.curves(dir.resolve("none.png"), Map.of(), "no data", "cost");
        for (String name : List.of("long", "one", "two", "flat", "none")) {
            assertThat(read(dir.resolve(name + ".png")).getWidth()).isEqualTo(800);
        }
        assertThatThrownBy(() -> Pictures.curves(dir.resolve("bad.png"), nullSeries(), "t", "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
    }

    @Test
    void curvePanelsStackOneChartPerGroup() throws IOException {
        Map<String, Map<String, double[]>> panels = new LinkedHashMap<>();
        panels.put("pre-training", Map.of("layer1 reconstruction", new double[] {40, 30, 20}));
        Map<String, double[]> fineTune = new LinkedHashMap<>();
        fineTune.put("train cross-entropy", new double[] {0.6, 0.3, 0.2, 0.15});
        fineTune.put("validation cross-entropy", new double[] {0.7, 0.4, Double.NaN, 0.3});
        panels.put("fine-tuning", fineTune);
        panels.put("validation error", Map.of("validation error", new double[] {0.1, 0.05, 0.03, 0.025}));
        Path file = dir.resolve("curves.png");

        Pictures.curvePanels(file, "dbn4j learning curves", panels);

        BufferedImage image = read(file);
        assertThat(image.getWidth()).isEqualTo(LearningCurves.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LearningCurves.TITLE_HEIGHT + 3 * LearningCurves.PANEL_HEIGHT);
        assertThatThrownBy(() -> Pictures.curvePanels(dir.resolve("none.png"), "t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("panels");
    }

    @Test
    void picturesReplaceExistingFilesAndLeaveNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("samples.png");
        Files.writeString(file, "old");
        Pictures.samples(file, new double[784], 1, 1, 28);
        assertThat(read(file).getWidth()).isEqualTo(TILE + 2 * Pictures.PADDING);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static Map<String, double[]> nullSeries() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("missing", null);
        return m;
    }

    private static int countDark(BufferedImage image, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int distinctColours(BufferedImage image) {
        return (int) java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }
}
