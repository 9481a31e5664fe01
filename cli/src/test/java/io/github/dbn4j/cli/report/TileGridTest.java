package io.github.dbn4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.cli.report.TileGrid.Scale;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TileGridTest {

    private static final int WHITE = 0xFFFFFF;
    private static final int BLACK = 0x000000;
    private static final int MID_GREY = 0x808080;

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** The top-left pixel of value (r, c) of tile {@code index}. */
    static int valuePixel(BufferedImage image, TileGrid grid, int index, int r, int c) {
        int x = grid.columnLeft(index % grid.columns()) + c * grid.scale();
        int y = grid.rowTop(index / grid.columns()) + r * grid.scale();
        return rgb(image, x, y);
    }

    @Test
    void dimensionsFollowTilesColumnsPaddingAndScale() {
        TileGrid grid = new TileGrid(4, 5, 3, 2, 3, Scale.UNIT);
        BufferedImage image = grid.render(new double[7 * 20], 7);
        // 3 columns of 5 values x 3 px plus 4 padding strips; 3 rows of 4 values x 3 px plus 4 strips
        assertThat(image.getWidth()).isEqualTo(3 * 5 * 3 + 4 * 2).isEqualTo(grid.width(7));
        assertThat(image.getHeight()).isEqualTo(3 * 4 * 3 + 4 * 2).isEqualTo(grid.height(7));
        assertThat(grid.rows(7)).isEqualTo(3);
    }

    @Test
    void fewerTilesThanColumnsUseOnlyTheNeededColumns() {
        TileGrid grid = new TileGrid(28, 28, 10, 1, 2, Scale.UNIT);
        BufferedImage image = grid.render(new double[3][784]);
        assertThat(image.getWidth()).isEqualTo(3 * 56 + 4);
        assertThat(image.getHeight()).isEqualTo(56 + 2);
    }

    @Test
    void unitScaleIsWhiteInkOnBlackBackgroundAndClamps() {
        TileGrid grid = new TileGrid(1, 5, 5, 1, 1, Scale.UNIT);
        BufferedImage image = grid.render(new double[] {0.0, 1.0, 0.5, -3.0, 7.0}, 1);
        assertThat(valuePixel(image, grid, 0, 0, 0)).isEqualTo(BLACK);
        assertThat(valuePixel(image, grid, 0, 0, 1)).isEqualTo(WHITE);
        assertThat(valuePixel(image, grid, 0, 0, 2)).isEqualTo(0x808080); // round(127.5) = 128
        assertThat(valuePixel(image, grid, 0, 0, 3)).isEqualTo(BLACK);
        assertThat(valuePixel(image, grid, 0, 0, 4)).isEqualTo(WHITE);
    }

    @Test
    void everyValueBecomesAScaleByScaleBlock() {
        TileGrid grid = new TileGrid(2, 2, 1, 0, 4, Scale.UNIT);
        BufferedImage image = grid.render(new double[] {1, 0, 0, 1}, 1);
        assertThat(image.getWidth()).isEqualTo(8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean ink = (x < 4) == (y < 4);
                assertThat(rgb(image, x, y)).as("pixel %d,%d", x, y).isEqualTo(ink ? WHITE : BLACK);
            }
        }
    }

    @Test
    void paddingSurroundsAndSeparatesTilesAndFillsEmptyCells() {
        TileGrid grid = new TileGrid(2, 2, 2, 2, 1, Scale.UNIT);
        double[] ones = new double[3 * 4];
        Arrays.fill(ones, 1.0);
        BufferedImage image = grid.render(ones, 3);
        int pad = Scale.UNIT.defaultPaddingRgb();
        assertThat(grid.paddingRgb()).isEqualTo(pad);
        assertThat(rgb(image, 0, 0)).isEqualTo(pad);
        assertThat(rgb(image, 1, 1)).isEqualTo(pad);
        assertThat(rgb(image, 2, 2)).isEqualTo(WHITE); // first value of tile 0
        assertThat(rgb(image, 4, 2)).isEqualTo(pad); // gap between tile 0 and tile 1
        assertThat(rgb(image, 6, 2)).isEqualTo(WHITE); // tile 1
        assertThat(rgb(image, image.getWidth() - 1, image.getHeight() - 1)).isEqualTo(pad);
        // the fourth cell has no tile
        assertThat(rgb(image, grid.columnLeft(1), grid.rowTop(1))).isEqualTo(pad);
        assertThat(rgb(image, grid.columnLeft(0), grid.rowTop(1))).isEqualTo(WHITE);
    }

    @Test
    void customPaddingColourAndNullTiles() {
        TileGrid grid = new TileGrid(1, 1, 2, 1, 1, Scale.UNIT).withPaddingRgb(0x123456);
        BufferedImage image = grid.render(new double[][] {null, {1.0}});
        assertThat(rgb(image, 0, 0)).isEqualTo(0x123456);
        assertThat(rgb(image, grid.columnLeft(0), grid.rowTop(0))).isEqualTo(0x123456);
        assertThat(rgb(image, grid.columnLeft(1), grid.rowTop(0))).isEqualTo(WHITE);
    }

    @Test
    void nanIsRedInBothScales() {
        for (Scale scale : Scale.values()) {
            TileGrid grid = new TileGrid(1, 3, 1, 1, 2, scale);
            BufferedImage image = grid.render(new double[] {0.2, Double.NaN, -0.1}, 1);
            assertThat(valuePixel(image, grid, 0, 0, 1)).as(scale.name()).isEqualTo(0xFF0000)
                    .isEqualTo(TileGrid.NAN_RGB);
            assertThat(valuePixel(image, grid, 0, 0, 0)).as(scale.name()).isNotEqualTo(0xFF0000);
        }
    }

    @Test
    void symmetricScaleMapsZeroToMidGreyAndEachTilesMaxAbsToTheExtremes() {
        TileGrid grid = new TileGrid(1, 4, 2, 1, 1, Scale.PER_TILE_SYMMETRIC);
        double[] values = {0.0, 0.5, -0.5, 0.25, // tile 0: max |w| = 0.5
            0.0, 10.0, -5.0, -10.0}; // tile 1: max |w| = 10
        BufferedImage image = grid.render(values, 2);
        assertThat(valuePixel(image, grid, 0, 0, 0)).isEqualTo(MID_GREY);
        assertThat(valuePixel(image, grid, 0, 0, 1)).isEqualTo(WHITE);
        assertThat(valuePixel(image, grid, 0, 0, 2)).isEqualTo(BLACK);
        assertThat(valuePixel(image, grid, 0, 0, 3)).isEqualTo(0xBFBFBF); // 127.5 + 63.75 = 191.25
        assertThat(valuePixel(image, grid, 1, 0, 0)).isEqualTo(MID_GREY);
        assertThat(valuePixel(image, grid, 1, 0, 1)).isEqualTo(WHITE);
        assertThat(valuePixel(image, grid, 1, 0, 2)).isEqualTo(0x404040); // 127.5 - 63.75 = 63.75
        assertThat(valuePixel(image, grid, 1, 0, 3)).isEqualTo(BLACK);
    }

    @Test
    void symmetricScaleHandlesZeroTilesAndInfinities() {
        TileGrid grid = new TileGrid(1, 4, 2, 1, 1, Scale.PER_TILE_SYMMETRIC);
        double[] values = {0, 0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.0, 1.0};
        BufferedImage image = grid.render(values, 2);
        for (int c = 0; c < 4; c++) {
            assertThat(valuePixel(image, grid, 0, 0, c)).isEqualTo(MID_GREY);
        }
        assertThat(valuePixel(image, grid, 1, 0, 0)).isEqualTo(WHITE);
        assertThat(valuePixel(image, grid, 1, 0, 1)).isEqualTo(BLACK);
        // infinities do not take part in the scaling: 2.0 is the largest finite |value|
        assertThat(valuePixel(image, grid, 1, 0, 2)).isEqualTo(WHITE);
        assertThat(valuePixel(image, grid, 1, 0, 3)).isEqualTo(0xBFBFBF);
        assertThat(Scale.PER_TILE_SYMMETRIC.defaultPaddingRgb()).isNotEqualTo(MID_GREY);
    }

    @Test
    void wrongLengthsAreRejectedWithTheNumbers() {
        TileGrid grid = new TileGrid(28, 28, 10, 1, 2, Scale.UNIT);
        assertThatThrownBy(() -> grid.render(new double[100], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100").hasMessageContaining("1568");
        assertThatThrownBy(() -> grid.render(new double[][] {new double[784], new double[10]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiles[1]").hasMessageContaining("10");
        assertThatThrownBy(() -> grid.render(new double[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiles");
        assertThatThrownBy(() -> grid.render(new double[784], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    }

    @Test
    void badConstructorArgumentsAreNamed() {
        assertThatThrownBy(() -> new TileGrid(0, 28, 10, 1, 2, Scale.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tileHeight").hasMessageContaining("0");
        assertThatThrownBy(() -> new TileGrid(28, 28, 0, 1, 2, Scale.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns");
        assertThatThrownBy(() -> new TileGrid(28, 28, 10, -1, 2, Scale.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("padding").hasMessageContaining("-1");
        assertThatThrownBy(() -> new TileGrid(28, 28, 10, 1, 0, Scale.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> new TileGrid(28, 28, 10, 1, 2, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("normalisation");
    }

    @Test
    void absurdImageSizesAreRejectedBeforeAllocating() {
        TileGrid grid = new TileGrid(28, 28, 10, 1, 2, Scale.UNIT);
        assertThatThrownBy(() -> grid.height(100_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }
}
