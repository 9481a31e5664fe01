package io.github.dbn4j.cli.report;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Renders equally sized greyscale tiles (digits, samples, learned filters) into one grid image.
 *
 * <p>Each tile is {@code tileHeight x tileWidth} values in row-major order. Tiles are laid out left to
 * right, top to bottom, {@code columns} per row (fewer when there are fewer tiles than columns). Every
 * value becomes a {@code scale x scale} block of pixels (nearest neighbour), and {@code padding} pixels of
 * the padding colour separate the tiles and surround the whole grid, so an image of {@code n} tiles is
 * {@link #width(int)} x {@link #height(int)} pixels. Cells after the last tile, and {@code null} tiles,
 * are left in the padding colour.
 *
 * <p>Values are turned into grey levels by a {@link Scale}; values outside the range are clamped and
 * {@code NaN} is painted {@linkplain #NAN_RGB red} so a diverged model is visible rather than fatal.
 * Instances are immutable and thread-safe.
 */
public final class TileGrid {

    /** How values become grey levels. */
    public enum Scale {
        /**
         * Values are intensities in [0, 1]: 0 is the black background and 1 the white ink, like the
         * classic MNIST figures. Values outside [0, 1] are clamped; grey = round(255 * v).
         */
        UNIT(0x808080),
        /**
         * For learned filters: every tile is divided by its own largest finite |value| m, so 0 is mid-grey
         * (128), +m white (255) and -m black (0): grey = round(127.5 + 127.5 * v / m), clamped. A tile of
         * zeros is uniformly mid-grey; infinite values saturate.
         */
        PER_TILE_SYMMETRIC(0x282828);

        private final int paddingRgb;

        Scale(int paddingRgb) {
            this.paddingRgb = paddingRgb;
        }

        /**
         * The default padding colour for this scale, chosen to stand out from the tiles' background: mid-grey
         * around UNIT tiles (black background) and near-black around PER_TILE_SYMMETRIC tiles (mid-grey
         * background).
         *
         * @return the colour as 0xRRGGBB
         */
        public int defaultPaddingRgb() {
            return paddingRgb;
        }
    }

    /** The colour of a NaN value, 0xRRGGBB (pure red). */
    public static final int NAN_RGB = 0xFF0000;

    private final int tileHeight;
    private final int tileWidth;
    private final int columns;
    private final int padding;
    private final int scale;
    private final Scale normalisation;
    private final int paddingRgb;

    /**
     * A grid using the scale's {@linkplain Scale#defaultPaddingRgb() default padding colour}.
     *
     * @param tileHeight rows of values per tile, at least 1
     * @param tileWidth values per tile row, at least 1
     * @param columns tiles per grid row, at least 1
     * @param padding pixels between and around tiles, at least 0
     * @param scale pixels per value along each axis (integer upscale), at least 1
     * @param normalisation how values become grey levels
     * @throws IllegalArgumentException naming the argument when one is out of range
     */
    public TileGrid(int tileHeight, int tileWidth, int columns, int padding, int scale, Scale normalisation) {
        this(tileHeight, tileWidth, columns, padding, scale, normalisation,
                requireScale(normalisation).defaultPaddingRgb());
    }

    private TileGrid(int tileHeight, int tileWidth, int columns, int padding, int scale, Scale normalisation,
            int paddingRgb) {
        this.tileHeight = atLeast("tileHeight", tileHeight, 1);
        this.tileWidth = atLeast("tileWidth", tileWidth, 1);
        this.columns = atLeast("columns", columns, 1);
        this.padding = atLeast("padding", padding, 0);
        this.scale = atLeast("scale", scale, 1);
        this.normalisation = requireScale(normalisation);
        this.paddingRgb = paddingRgb & 0xFFFFFF;
        long maxSide = 1L << 15;
        if ((long) tileHeight * scale > maxSide || (long) tileWidth * scale > maxSide) {
            throw new IllegalArgumentException("tile of " + tileHeight + " x " + tileWidth + " values at scale "
                    + scale + " is larger than " + maxSide + " pixels");
        }
    }

    /**
     * A copy of this grid with another padding colour.
     *
     * @param rgb the colour as 0xRRGGBB
     * @return the new grid
     */
    public TileGrid withPaddingRgb(int rgb) {
        return new TileGrid(tileHeight, tileWidth, columns, padding, scale, normalisation, rgb);
    }

    /** @return rows of values per tile */
    public int tileHeight() {
        return tileHeight;
    }

    /** @return values per tile row */
    public int tileWidth() {
        return tileWidth;
    }

    /** @return the maximum number of tiles per grid row */
    public int columns() {
        return columns;
    }

    /** @return pixels between and around tiles */
    public int padding() {
        return padding;
    }

    /** @return pixels per value along each axis */
    public int scale() {
        return scale;
    }

    /** @return how values become grey levels */
    public Scale normalisation() {
        return normalisation;
    }

    /** @return the padding colour as 0xRRGGBB */
    public int paddingRgb() {
        return paddingRgb;
    }

    /**
     * Grid columns actually used for {@code tiles} tiles: {@code min(columns, tiles)}.
     *
     * @param tiles number of tiles, at least 1
     * @return columns used
     */
    public int usedColumns(int tiles) {
        return Math.min(columns, atLeast("tiles", tiles, 1));
    }

    /**
     * Grid rows for {@code tiles} tiles: {@code ceil(tiles / columns)}.
     *
     * @param tiles number of tiles, at least 1
     * @return rows of tiles
     */
    public int rows(int tiles) {
        return (atLeast("tiles", tiles, 1) + columns - 1) / columns;
    }

    /**
     * Image width for {@code tiles} tiles: {@code c * tileWidth * scale + (c + 1) * padding} with
     * {@code c = usedColumns(tiles)}.
     *
     * @param tiles number of tiles, at least 1
     * @return width in pixels
     */
    public int width(int tiles) {
        return checkedSize("width", usedColumns(tiles), tileWidth);
    }

    /**
     * Image height for {@code tiles} tiles: {@code r * tileHeight * scale + (r + 1) * padding} with
     * {@code r = rows(tiles)}.
     *
     * @param tiles number of tiles, at least 1
     * @return height in pixels
     */
    public int height(int tiles) {
        return checkedSize("height", rows(tiles), tileHeight);
    }

    /**
     * The x coordinate of the left edge of grid column {@code column}.
     *
     * @param column zero-based grid column
     * @return pixels from the left of the image
     */
    public int columnLeft(int column) {
        return padding + column * (tileWidth * scale + padding);
    }

    /**
     * The y coordinate of the top edge of grid row {@code row}.
     *
     * @param row zero-based grid row
     * @return pixels from the top of the image
     */
    public int rowTop(int row) {
        return padding + row * (tileHeight * scale + padding);
    }

    /**
     * Renders {@code count} tiles stored back to back in one row-major array ({@code count} rows of
     * {@code tileHeight * tileWidth} values, e.g. a mini-batch of images).
     *
     * @param values the tiles, {@code count * tileHeight * tileWidth} values
     * @param count number of tiles, at least 1
     * @return an RGB image of {@link #width(int)} x {@link #height(int)} pixels
     * @throws IllegalArgumentException if the length does not match
     */
    public BufferedImage render(double[] values, int count) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        atLeast("count", count, 1);
        int per = tileHeight * tileWidth;
        if (values.length != (long) count * per) {
            throw new IllegalArgumentException("values has " + values.length + " values but " + count
                    + " tiles of " + tileHeight + " x " + tileWidth + " need " + (long) count * per);
        }
        BufferedImage image = blank(count);
        for (int t = 0; t < count; t++) {
            paintTile(image, t, values, t * per);
        }
        return image;
    }

    /**
     * Renders one tile per array element; a {@code null} element leaves its cell in the padding colour.
     *
     * @param tiles the tiles, each {@code tileHeight * tileWidth} row-major values; at least one
     * @return an RGB image of {@link #width(int)} x {@link #height(int)} pixels
     * @throws IllegalArgumentException if there are no tiles or a tile has the wrong length
     */
    public BufferedImage render(double[][] tiles) {
        if (tiles == null || tiles.length == 0) {
            throw new IllegalArgumentException("tiles must hold at least one tile, got "
                    + (tiles == null ? "null" : "0"));
        }
        int per = tileHeight * tileWidth;
        for (int t = 0; t < tiles.length; t++) {
            if (tiles[t] != null && tiles[t].length != per) {
                throw new IllegalArgumentException("tiles[" + t + "] has " + tiles[t].length + " values but a "
                        + tileHeight + " x " + tileWidth + " tile needs " + per);
            }
        }
        BufferedImage image = blank(tiles.length);
        for (int t = 0; t < tiles.length; t++) {
            if (tiles[t] != null) {
                paintTile(image, t, tiles[t], 0);
            }
        }
        return image;
    }

    /**
     * The grey level of a UNIT value: round(255 * clamp(v, 0, 1)); NaN has no grey level.
     *
     * @param v the value, not NaN
     * @return 0 (black) to 255 (white)
     */
    static int unitGrey(double v) {
        return (int) Math.round(255.0 * Math.max(0.0, Math.min(1.0, v)));
    }

    /**
     * The grey level of a PER_TILE_SYMMETRIC value given the tile's largest finite |value|.
     *
     * @param v the value, not NaN
     * @param maxAbs the tile's largest finite |value|, 0 if none
     * @return 0 (black, -maxAbs) to 255 (white, +maxAbs), 128 for 0
     */
    static int symmetricGrey(double v, double maxAbs) {
        double u;
        if (Double.isInfinite(v)) {
            u = Math.signum(v);
        } else if (maxAbs > 0) {
            u = v / maxAbs;
        } else {
            u = 0;
        }
        return (int) Math.round(Math.max(0.0, Math.min(255.0, 127.5 + 127.5 * u)));
    }

    private BufferedImage blank(int tiles) {
        int width = width(tiles);
        int height = height(tiles);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        Arrays.fill(row, paddingRgb);
        for (int y = 0; y < height; y++) {
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private void paintTile(BufferedImage image, int index, double[] values, int offset) {
        double maxAbs = 0;
        if (normalisation == Scale.PER_TILE_SYMMETRIC) {
            for (int i = offset; i < offset + tileHeight * tileWidth; i++) {
                double a = Math.abs(values[i]);
                if (Double.isFinite(a) && a > maxAbs) {
                    maxAbs = a;
                }
            }
        }
        int x0 = columnLeft(index % columns);
        int y0 = rowTop(index / columns);
        int[] line = new int[tileWidth * scale];
        for (int r = 0; r < tileHeight; r++) {
            for (int c = 0; c < tileWidth; c++) {
                double v = values[offset + r * tileWidth + c];
                int rgb;
                if (Double.isNaN(v)) {
                    rgb = NAN_RGB;
                } else {
                    int g = normalisation == Scale.UNIT ? unitGrey(v) : symmetricGrey(v, maxAbs);
                    rgb = (g << 16) | (g << 8) | g;
                }
                Arrays.fill(line, c * scale, (c + 1) * scale, rgb);
            }
            for (int k = 0; k < scale; k++) {
                image.setRGB(x0, y0 + r * scale + k, line.length, 1, line, 0, line.length);
            }
        }
    }

    private int checkedSize(String what, int cells, int valuesPerCell) {
        long size = (long) cells * valuesPerCell * scale + (long) (cells + 1) * padding;
        if (size > (1L << 15)) {
            throw new IllegalArgumentException("image " + what + " of " + size + " pixels is too large ("
                    + cells + " tiles of " + valuesPerCell + " values at scale " + scale + ")");
        }
        return (int) size;
    }

    private static Scale requireScale(Scale s) {
        if (s == null) {
            throw new IllegalArgumentException("normalisation must not be null");
        }
        return s;
    }

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
