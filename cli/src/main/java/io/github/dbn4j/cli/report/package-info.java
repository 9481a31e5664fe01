/**
 * Pictures and the HTML report of a training run of the {@code dbn4j} program.
 *
 * <p>Everything here takes plain Java arrays (row-major {@code double[]}) and knows nothing about the
 * algorithm classes, so it can render the output of any backend:
 *
 * <ul>
 *   <li>{@link io.github.dbn4j.cli.report.TileGrid} lays out greyscale tiles (digits, samples, learned
 *       filters) in a padded, enlarged grid image, with {@code UNIT} intensities (black background, white
 *       ink) or {@code PER_TILE_SYMMETRIC} filter scaling (0 is mid-grey); NaN shows red;</li>
 *   <li>{@link io.github.dbn4j.cli.report.Pictures} writes the PNG files: first-layer filters,
 *       inputs beside their reconstructions, samples per clamped label, and learning curves;</li>
 *   <li>{@link io.github.dbn4j.cli.report.LearningCurves} draws the learning curves with XChart, as
 *       one chart or as vertically stacked panels for quantities of different scales;</li>
 *   <li>{@link io.github.dbn4j.cli.report.HtmlReport} writes a self-contained {@code report.html}
 *       with the command line, a metrics table ({@link io.github.dbn4j.cli.report.MetricFormat}) and
 *       the pictures that exist;</li>
 *   <li>{@link io.github.dbn4j.core.io.AtomicFiles} writes every file through a temporary file and
 *       an atomic rename, so readers never see half-written pictures or reports.</li>
 * </ul>
 *
 * <p>All rendering works headless ({@code java.awt.headless=true}).
 */
package io.github.dbn4j.cli.report;
