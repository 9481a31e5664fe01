package io.github.dbn4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Adds a white margin with one text label per grid row to the left of a tile grid image. */
final class RowLabels {

    /** Pixels between a label and the margin's edges. */
    static final int GAP = 8;

    private RowLabels() {
    }

    /**
     * Returns a wider image: a white margin holding {@code labels.get(r)} vertically centred on grid row
     * {@code r}, followed by {@code grid} unchanged.
     *
     * @param grid the rendered grid
     * @param layout the grid that rendered it (for row positions)
     * @param labels one label per grid row; null or empty labels leave the row unlabelled
     * @return the labelled image
     */
    static BufferedImage addLeft(BufferedImage grid, TileGrid layout, List<String> labels) {
        int tilePixels = layout.tileHeight() * layout.scale();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(16, tilePixels / 2)));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics metrics = pg.getFontMetrics(font);
        int textWidth = 0;
        for (String label : labels) {
            if (label != null) {
                textWidth = Math.max(textWidth, metrics.stringWidth(label));
            }
        }
        pg.dispose();
        int margin = textWidth + 2 * GAP;
        BufferedImage out = new BufferedImage(margin + grid.getWidth(), grid.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, margin, grid.getHeight());
            g.drawImage(grid, margin, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(new Color(0x202020));
            for (int r = 0; r < labels.size(); r++) {
                String label = labels.get(r);
                if (label == null || label.isEmpty()) {
                    continue;
                }
                int centre = layout.rowTop(r) + tilePixels / 2;
                int baseline = centre + (metrics.getAscent() - metrics.getDescent()) / 2;
                g.drawString(label, margin - GAP - metrics.stringWidth(label), baseline);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
