package io.github.dbn4j.cli.report;

import io.github.dbn4j.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes the pictures of a training run as PNG files: first-layer filters, reconstructions, samples and
 * learning curves.
 *
 * <p>Images are square {@code side x side} row-major values (MNIST: side 28). Tile pictures are drawn
 * {@value #SCALE}x enlarged with {@value #PADDING} pixels of padding by {@link TileGrid}. Every picture is
 * rendered completely in memory first and then written with {@link AtomicFiles}, so invalid arguments
 * leave an existing file untouched, and I/O failures surface as {@link UncheckedIOException} naming the
 * path.
 */
public final class Pictures {

    /** Pixels per value along each axis in tile pictures. */
    public static final int SCALE = 2;
    /** Pixels on the longer side of an image tile, at least: small images are drawn larger. */
    public static final int MIN_TILE = 56;
    /** Width in pixels that a strip of values (data that are not images) is drawn at, about. */
    public static final int STRIP_WIDTH = 600;
    /** Most pixels per value of a strip. */
    public static final int MAX_STRIP_SCALE = 8;
    /** Pixels between and around tiles. */
    public static final int PADDING = 2;
    /** Most examples per grid row in {@link #reconstructions}. */
    public static final int RECONSTRUCTIONS_PER_ROW = 10;
    /** White pixels between the blocks of {@link #reconstructions} (one block per grid row of examples). */
    public static final int BLOCK_GAP = 8;
    /** Row labels of {@link #reconstructions}: the input row, then the reconstruction row. */
    public static final List<String> RECONSTRUCTION_LABELS = List.of("input", "recon");

    private Pictures() {
    }

    /**
     * Writes the incoming weights of the first {@code count} hidden units as {@code side x side} filters,
     * {@code ceil(sqrt(count))} per row (100 filters: 10 x 10), each scaled by
     * {@link TileGrid.Scale#PER_TILE_SYMMETRIC} (0 is mid-grey, positive weights light, negative dark).
     *
     * @param file the PNG to write
     * @param weights W, {@code visible x hidden} row-major: {@code W[i][j] = weights[i * hidden + j]}
     * @param visible visible units, {@code side * side}
     * @param hidden hidden units
     * @param side image side length
     * @param count filters to draw, 1 to {@code hidden}
     * @throws IllegalArgumentException if the shapes do not agree
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void filters(Path file, double[] weights, int visible, int hidden, int side, int count) {
        writePng(file, filtersImage(weights, visible, hidden, side, count));
    }

    /**
     * As {@link #filters(Path, double[], int, int, int, int)}, for images of {@code rows x cols}
     * ({@code rows * cols == visible}); data that are not images are drawn as strips of
     * {@code 1 x visible}, one filter per line.
     */
    public static void filters(Path file, double[] weights, int visible, int hidden, int rows, int cols,
            int count) {
        writePng(file, filtersImage(weights, visible, hidden, rows, cols, count));
    }

    /**
     * Writes inputs above their reconstructions in blocks of up to {@value #RECONSTRUCTIONS_PER_ROW}
     * examples: each block is a row of inputs (labelled "input" at the left) directly above the row of
     * their reconstructions (labelled "recon"), so an example and its reconstruction share a column; blocks
     * are separated by {@value #BLOCK_GAP} white pixels. Values are {@link TileGrid.Scale#UNIT} intensities.
     *
     * @param file the PNG to write
     * @param inputs {@code rows} images, {@code rows x side*side} row-major
     * @param reconstructions the reconstructions, same shape as {@code inputs}
     * @param rows number of examples (rows of the two arrays), at least 1
     * @param side image side length
     * @throws IllegalArgumentException if the shapes do not agree
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void reconstructions(Path file, double[] inputs, double[] reconstructions, int rows,
            int side) {
        writePng(file, reconstructionsImage(inputs, reconstructions, rows, side, side));
    }

    /** As {@link #reconstructions(Path, double[], double[], int, int)}, for tiles of {@code tileRows x tileCols}. */
    public static void reconstructions(Path file, double[] inputs, double[] reconstructions, int rows,
            int tileRows, int tileCols) {
        writePng(file, reconstructionsImage(inputs, reconstructions, rows, tileRows, tileCols));
    }

    /**
     * Writes a grid of samples without labels, {@code perRow} per row, {@link TileGrid.Scale#UNIT}.
     *
     * @param file the PNG to write
     * @param samples {@code rowsOfTiles * perRow} images of {@code side*side} values, row-major, grid row
     *     by grid row
     * @param rowsOfTiles grid rows, e.g. 10 for one row per clamped digit label
     * @param perRow samples per grid row
     * @param side image side length
     * @throws IllegalArgumentException if the shapes do not agree
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void samples(Path file, double[] samples, int rowsOfTiles, int perRow, int side) {
        samples(file, samples, rowsOfTiles, perRow, side, null);
    }

    /**
     * Writes a grid of samples, {@code perRow} per row, {@link TileGrid.Scale#UNIT}, with an optional text
     * label at the left of every grid row (e.g. the clamped digit "0" to "9").
     *
     * @param file the PNG to write
     * @param samples {@code rowsOfTiles * perRow} images of {@code side*side} values, row-major, grid row
     *     by grid row
     * @param rowsOfTiles grid rows
     * @param perRow samples per grid row
     * @param side image side length
     * @param rowLabels one label per grid row, or {@code null} for none
     * @throws IllegalArgumentException if the shapes do not agree
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void samples(Path file, double[] samples, int rowsOfTiles, int perRow, int side,
            List<String> rowLabels) {
        writePng(file, samplesImage(samples, rowsOfTiles, perRow, side, side, rowLabels));
    }

    /**
     * As {@link #samples(Path, double[], int, int, int, List)}, for tiles of
     * {@code tileRows x tileCols}.
     */
    public static void samples(Path file, double[] samples, int rowsOfTiles, int perRow, int tileRows,
            int tileCols, List<String> rowLabels) {
        writePng(file, samplesImage(samples, rowsOfTiles, perRow, tileRows, tileCols, rowLabels));
    }

    /**
     * Writes one learning-curve chart ({@value LearningCurves#WIDTH} x {@value LearningCurves#HEIGHT}
     * pixels): value {@code i} of a series is plotted at epoch {@code i + 1}; series may differ in length;
     * NaN and infinite points are skipped. See {@link LearningCurves#chart}.
     *
     * @param file the PNG to write
     * @param series curves by legend name, in legend order; may be empty (an empty chart)
     * @param title chart title
     * @param yLabel y-axis title
     * @throws IllegalArgumentException if the map, a name or a series is null
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void curves(Path file, Map<String, double[]> series, String title, String yLabel) {
        writePng(file, LearningCurves.chart(series, title, yLabel));
    }

    /**
     * Writes several learning-curve charts stacked vertically in one PNG, one panel per group so that
     * quantities of very different scales (reconstruction error, cross-entropy, error rates) each get their
     * own y axis. See {@link LearningCurves#panels}.
     *
     * @param file the PNG to write
     * @param title overall title drawn above the panels
     * @param panels curves by legend name, grouped by panel title, in drawing order
     * @throws IllegalArgumentException if there is no panel, or a panel, name or series is null
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void curvePanels(Path file, String title, Map<String, Map<String, double[]>> panels) {
        writePng(file, LearningCurves.panels(title, panels));
    }

    static BufferedImage filtersImage(double[] weights, int visible, int hidden, int side, int count) {
        TileGrid.atLeast("side", side, 1);
        if ((long) side * side != visible) {
            throw new IllegalArgumentException("visible is " + visible + " but side x side = " + side + " x "
                    + side + " = " + (long) side * side);
        }
        return filtersImage(weights, visible, hidden, side, side, count);
    }

    static BufferedImage filtersImage(double[] weights, int visible, int hidden, int tileRows, int tileCols,
            int count) {
        requireNonNull("weights", weights);
        TileGrid.atLeast("visible", visible, 1);
        TileGrid.atLeast("hidden", hidden, 1);
        TileGrid.atLeast("tileRows", tileRows, 1);
        TileGrid.atLeast("tileCols", tileCols, 1);
        if ((long) tileRows * tileCols != visible) {
            throw new IllegalArgumentException("visible is " + visible + " but a tile of " + tileRows + " x "
                    + tileCols + " holds " + (long) tileRows * tileCols);
        }
        if (weights.length != (long) visible * hidden) {
            throw new IllegalArgumentException("weights has " + weights.length + " values but visible x hidden = "
                    + visible + " x " + hidden + " needs " + (long) visible * hidden);
        }
        if (count < 1 || count > hidden) {
            throw new IllegalArgumentException("count must be between 1 and hidden = " + hidden + ", got "
                    + count);
        }
        double[][] tiles = new double[count][visible];
        for (int i = 0; i < visible; i++) {
            int row = i * hidden;
            for (int j = 0; j < count; j++) {
                tiles[j][i] = weights[row + j];
            }
        }
        int columns = tileRows == 1 ? 1 : (int) Math.ceil(Math.sqrt(count));
        return new TileGrid(tileRows, tileCols, columns, PADDING, scale(tileRows, tileCols),
                TileGrid.Scale.PER_TILE_SYMMETRIC).render(tiles);
    }

    static BufferedImage reconstructionsImage(double[] inputs, double[] reconstructions, int rows, int side) {
        TileGrid.atLeast("side", side, 1);
        requireLength("inputs", inputs, rows, side);
        requireLength("reconstructions", reconstructions, rows, side);
        return reconstructionsImage(inputs, reconstructions, rows, side, side);
    }

    static BufferedImage reconstructionsImage(double[] inputs, double[] reconstructions, int rows, int tileRows,
            int tileCols) {
        requireNonNull("inputs", inputs);
        requireNonNull("reconstructions", reconstructions);
        TileGrid.atLeast("rows", rows, 1);
        TileGrid.atLeast("tileRows", tileRows, 1);
        TileGrid.atLeast("tileCols", tileCols, 1);
        int per = tileRows * tileCols;
        requireTiles("inputs", inputs, rows, per);
        requireTiles("reconstructions", reconstructions, rows, per);
        int perRow = Math.min(rows, tileRows == 1 ? 1 : RECONSTRUCTIONS_PER_ROW);
        int blocks = (rows + perRow - 1) / perRow;
        TileGrid grid = new TileGrid(tileRows, tileCols, perRow, PADDING, scale(tileRows, tileCols),
                TileGrid.Scale.UNIT);
        List<BufferedImage> parts = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            double[][] tiles = new double[2 * perRow][];
            for (int k = 0; k < perRow; k++) {
                int example = b * perRow + k;
                if (example < rows) {
                    tiles[k] = slice(inputs, example, per);
                    tiles[perRow + k] = slice(reconstructions, example, per);
                }
            }
            parts.add(RowLabels.addLeft(grid.render(tiles), grid, RECONSTRUCTION_LABELS));
        }
        return stack(parts, tileRows == 1 ? 1 : BLOCK_GAP);
    }

    static BufferedImage samplesImage(double[] samples, int rowsOfTiles, int perRow, int side,
            List<String> rowLabels) {
        TileGrid.atLeast("side", side, 1);
        requireNonNull("samples", samples);
        if (samples.length != (long) rowsOfTiles * perRow * side * side) {
            throw new IllegalArgumentException("samples has " + samples.length + " values but rowsOfTiles x perRow"
                    + " x side x side = " + rowsOfTiles + " x " + perRow + " x " + side + " x " + side + " needs "
                    + (long) rowsOfTiles * perRow * side * side);
        }
        return samplesImage(samples, rowsOfTiles, perRow, side, side, rowLabels);
    }

    static BufferedImage samplesImage(double[] samples, int rowsOfTiles, int perRow, int tileRows, int tileCols,
            List<String> rowLabels) {
        requireNonNull("samples", samples);
        TileGrid.atLeast("rowsOfTiles", rowsOfTiles, 1);
        TileGrid.atLeast("perRow", perRow, 1);
        TileGrid.atLeast("tileRows", tileRows, 1);
        TileGrid.atLeast("tileCols", tileCols, 1);
        long needed = (long) rowsOfTiles * perRow * tileRows * tileCols;
        if (samples.length != needed) {
            throw new IllegalArgumentException("samples has " + samples.length + " values but rowsOfTiles x perRow"
                    + " x tileRows x tileCols = " + rowsOfTiles + " x " + perRow + " x " + tileRows + " x " + tileCols
                    + " needs " + needed);
        }
        if (rowLabels != null && rowLabels.size() != rowsOfTiles) {
            throw new IllegalArgumentException("rowLabels has " + rowLabels.size() + " labels but rowsOfTiles is "
                    + rowsOfTiles);
        }
        if (tileRows == 1 && perRow > 1) {
            // strips: one per line, the samples of a grid row under one another, labelled at the first
            List<String> labels = null;
            if (rowLabels != null) {
                labels = new ArrayList<>();
                for (String l : rowLabels) {
                    labels.add(l);
                    labels.addAll(java.util.Collections.nCopies(perRow - 1, ""));
                }
            }
            return samplesImage(samples, rowsOfTiles * perRow, 1, 1, tileCols, labels);
        }
        TileGrid grid = new TileGrid(tileRows, tileCols, perRow, PADDING, scale(tileRows, tileCols),
                TileGrid.Scale.UNIT);
        BufferedImage image = grid.render(samples, rowsOfTiles * perRow);
        return rowLabels == null ? image : RowLabels.addLeft(image, grid, rowLabels);
    }

    /**
     * Pixels per value: for images, {@value #SCALE}, or more for small images so that a tile is at
     * least {@value #MIN_TILE} pixels on its longer side (8 x 8 images: 7); for strips of values
     * (data that are not images), enough to draw a strip about {@value #STRIP_WIDTH} pixels wide,
     * at most {@value #MAX_STRIP_SCALE} per value.
     */
    static int scale(int tileRows, int tileCols) {
        return tileRows > 1 ? Math.max(SCALE, MIN_TILE / Math.max(tileRows, tileCols))
                : Math.max(SCALE, Math.min(MAX_STRIP_SCALE, STRIP_WIDTH / tileCols));
    }

    /**
     * Encodes {@code image} as PNG and writes it atomically.
     *
     * @param file the PNG to write
     * @param image the picture
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    static void writePng(Path file, BufferedImage image) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        byte[] png = bytes.toByteArray();
        AtomicFiles.write(file, out -> out.write(png));
    }

    /** Stacks equally wide images vertically with {@code gap} white pixels between them. */
    private static BufferedImage stack(List<BufferedImage> parts, int gap) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int width = parts.get(0).getWidth();
        int height = (parts.size() - 1) * gap;
        for (BufferedImage p : parts) {
            height += p.getHeight();
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (BufferedImage p : parts) {
                g.drawImage(p, 0, y, null);
                y += p.getHeight() + gap;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static double[] slice(double[] values, int row, int per) {
        double[] out = new double[per];
        System.arraycopy(values, row * per, out, 0, per);
        return out;
    }

    private static void requireLength(String name, double[] values, int rows, int side) {
        requireNonNull(name, values);
        long needed = (long) rows * side * side;
        if (values.length != needed) {
            throw new IllegalArgumentException(name + " has " + values.length + " values but rows x side x side = "
                    + rows + " x " + side + " x " + side + " needs " + needed);
        }
    }

    private static void requireTiles(String name, double[] values, int rows, long perTile) {
        long needed = rows * perTile;
        if (values.length != needed) {
            throw new IllegalArgumentException(name + " has " + values.length + " values but " + rows + " tiles of "
                    + perTile + " need " + needed);
        }
    }

    private static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
