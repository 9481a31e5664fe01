package io.github.dbn4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning-curve charts drawn with XChart: one value per epoch, value {@code i} of a series plotted at
 * epoch {@code i + 1}. Series may have different lengths; NaN and infinite values are skipped (the line
 * joins the neighbouring finite points), and a series with no finite value is left out. Short series (at
 * most {@value #MARKER_LIMIT} epochs) get a marker on every point so a single epoch is still visible.
 */
public final class LearningCurves {

    /** Width of every chart, in pixels. */
    public static final int WIDTH = 800;
    /** Height of a single chart, in pixels. */
    public static final int HEIGHT = 500;
    /** Height of each panel of {@link #panels}, in pixels. */
    public static final int PANEL_HEIGHT = 340;
    /** Height of the title strip above the panels of {@link #panels}, in pixels. */
    public static final int TITLE_HEIGHT = 40;
    /** Series up to this many epochs are drawn with point markers. */
    public static final int MARKER_LIMIT = 30;

    private static final String TICK_HELPER = "\u0000tick-spacing";

    private LearningCurves() {
    }

    /**
     * One chart of {@value #WIDTH} x {@value #HEIGHT} pixels with the epoch on the x axis and a legend.
     *
     * @param series curves by legend name, in legend order; may be empty (an empty chart)
     * @param title chart title
     * @param yLabel y-axis title
     * @return the rendered chart
     * @throws IllegalArgumentException if the map, a name or a series is null
     */
    public static BufferedImage chart(Map<String, double[]> series, String title, String yLabel) {
        return BitmapEncoder.getBufferedImage(xyChart(series, title, yLabel, WIDTH, HEIGHT));
    }

    /**
     * Several charts of {@value #WIDTH} x {@value #PANEL_HEIGHT} pixels stacked vertically below a
     * {@value #TITLE_HEIGHT}-pixel title strip; each panel is titled by its key and has its own y axis and
     * legend, so quantities of very different scales stay readable.
     *
     * @param title overall title
     * @param panels curves by legend name, grouped by panel title, in drawing order; at least one panel
     * @return the rendered picture, {@value #WIDTH} x ({@value #TITLE_HEIGHT} + panels x
     *     {@value #PANEL_HEIGHT}) pixels
     * @throws IllegalArgumentException if there is no panel or a panel, name or series is null
     */
    public static BufferedImage panels(String title, Map<String, Map<String, double[]>> panels) {
        if (panels == null || panels.isEmpty()) {
            throw new IllegalArgumentException("panels must hold at least one panel, got "
                    + (panels == null ? "null" : "none"));
        }
        BufferedImage out = new BufferedImage(WIDTH, TITLE_HEIGHT + panels.size() * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            String text = title == null ? "" : title;
            FontMetrics metrics = g.getFontMetrics();
            g.drawString(text, (WIDTH - metrics.stringWidth(text)) / 2,
                    (TITLE_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2);
            int y = TITLE_HEIGHT;
            for (Map.Entry<String, Map<String, double[]>> panel : panels.entrySet()) {
                if (panel.getKey() == null) {
                    throw new IllegalArgumentException("panel titles must not be null");
                }
                XYChart chart = xyChart(panel.getValue(), panel.getKey(), "", WIDTH, PANEL_HEIGHT);
                chart.getStyler().setYAxisTitleVisible(false);
                g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, y, null);
                y += PANEL_HEIGHT;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static XYChart xyChart(Map<String, double[]> series, String title, String yLabel, int width, int height) {
        if (series == null) {
            throw new IllegalArgumentException("series must not be null");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title)
                .xAxisTitle("epoch").yAxisTitle(yLabel == null ? "" : yLabel).build();
        style(chart.getStyler());
        int longest = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("series names and values must not be null, got "
                        + e.getKey() + " -> " + Arrays.toString(e.getValue()));
            }
            if (e.getKey().equals(TICK_HELPER)) {
                throw new IllegalArgumentException("series name '" + TICK_HELPER + "' is reserved");
            }
            longest = Math.max(longest, e.getValue().length);
        }
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            double[] xs = new double[y.length];
            double[] ys = new double[y.length];
            int n = 0;
            for (int i = 0; i < y.length; i++) {
                if (Double.isFinite(y[i])) {
                    xs[n] = i + 1;
                    ys[n] = y[i];
                    xMax = Math.max(xMax, xs[n]);
                    yMin = Math.min(yMin, y[i]);
                    yMax = Math.max(yMax, y[i]);
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
            s.setMarker(longest <= MARKER_LIMIT ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        if (xMax >= 2) {
            // XChart puts ticks at the data values themselves when all x (or y) values are equally spaced,
            // which crowds the axis with one label per epoch (and per value for two-point curves). An
            // invisible helper series inside the data range, added last, breaks that spacing, so XChart
            // chooses round tick steps (1, 2, 5, 10, 20, 50, 100 ...) instead.
            XYSeries helper = chart.addSeries(TICK_HELPER, new double[] {1, 1.5},
                    new double[] {yMax, yMin + 0.37 * (yMax - yMin)});
            helper.setShowInLegend(false);
            helper.setMarker(SeriesMarkers.NONE);
            helper.setLineColor(new Color(0, 0, 0, 0));
        }
        return chart;
    }

    private static void style(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0xB0B0B0));
        styler.setPlotGridLinesColor(new Color(0xE4E4E4));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setMarkerSize(5);
        styler.setAntiAlias(true);
        styler.setxAxisTickLabelsFormattingFunction(LearningCurves::epochLabel);
        styler.setyAxisTickLabelsFormattingFunction(MetricFormat::significant);
    }

    /**
     * Integer epochs get a tick label; fractional tick positions get a blank one (XChart cannot lay out an
     * empty label).
     */
    static String epochLabel(Double x) {
        if (x == null || x != Math.rint(x)) {
            return " ";
        }
        return Long.toString(Math.round(x));
    }
}
