package io.github.dbn4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    private static Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", "ejml");
        m.put("epochs", 10);
        m.put("final_cost", 12.3456789);
        m.put("test_error", 0.0123);
        m.put("wall_time", Duration.ofSeconds(75));
        m.put("note", "a<b & c");
        return m;
    }

    @Test
    void reportHasEscapedCommandEveryMetricAndOnlyExistingPictures() throws IOException {
        Files.write(dir.resolve("filters.png"), new byte[] {1});
        Files.write(dir.resolve("curves.png"), new byte[] {1});
        Path file = dir.resolve("report.html");

        new HtmlReport("MNIST <DBN> & friends")
                .commandLine("dbn4j train --data mnist < input.txt && echo \"done\"")
                .metrics(metrics())
                .picture("filters.png", "First-layer filters")
                .picture("samples.png", "Samples")
                .picture("curves.png", "Learning curves")
                .write(file);

        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<title>MNIST &lt;DBN&gt; &amp; friends</title>")
                .contains("<pre class=\"command\">dbn4j train --data mnist &lt; input.txt &amp;&amp; echo "
                        + "&quot;done&quot;</pre>")
                .doesNotContain("mnist < input").doesNotContain("&& echo");
        assertThat(html).contains("<td>backend</td><td class=\"value\">ejml</td>")
                .contains("<td>epochs</td><td class=\"value\">10</td>")
                .contains("<td>final_cost</td><td class=\"value\">12.35</td>")
                .contains("<td>test_error</td><td class=\"value\">1.23%</td>")
                .contains("<td>wall_time</td><td class=\"value\">1 min 15 s</td>")
                .contains("<td>note</td><td class=\"value\">a&lt;b &amp; c</td>");
        // metric rows keep the map's order
        assertThat(html.indexOf(">backend<")).isLessThan(html.indexOf(">epochs<"));
        assertThat(html.indexOf(">epochs<")).isLessThan(html.indexOf(">final_cost<"));
        assertThat(html.indexOf(">final_cost<")).isLessThan(html.indexOf(">test_error<"));

        assertThat(imageSources(html)).containsExactly("filters.png", "curves.png");
        assertThat(html).contains("<figcaption>First-layer filters</figcaption>")
                .contains("<figcaption>Learning curves</figcaption>")
                .doesNotContain("samples.png").doesNotContain("Samples<");
    }

    @Test
    void warningsAreShownEscapedAboveTheMetrics() {
        String html = new HtmlReport("t").metric("a", 1.0)
                .warning("layer3, epoch 1: reconstruction <343> is no better than the means")
                .render(Path.of("."));
        assertThat(html).contains("<h2>Warnings</h2>")
                .contains("layer3, epoch 1: reconstruction &lt;343&gt; is no better than the means");
        assertThat(html.indexOf("Warnings")).isLessThan(html.indexOf("<h2>Metrics</h2>"));
        assertThat(new HtmlReport("t").metric("a", 1.0).render(Path.of("."))).doesNotContain("Warnings");
    }

    @Test
    void reportIsSelfContained() {
        Path picture = dir.resolve("filters.png");
        String html = new HtmlReport("r").picture("filters.png", "f").render(dir);
        assertThat(html).doesNotContain("filters.png"); // not written yet
        try {
            Files.write(picture, new byte[] {1});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        html = new HtmlReport("r").commandLine("dbn4j").metrics(metrics()).picture("filters.png", "f").render(dir);
        assertThat(html).contains("<style>").contains("<meta charset=\"utf-8\">")
                .doesNotContain("<link").doesNotContain("<script").doesNotContain("http://")
                .doesNotContain("https://").doesNotContain(dir.toString());
        assertThat(imageSources(html)).containsExactly("filters.png");
    }

    @Test
    void picturesInSubdirectoriesAndOddNamesAreReferencedRelatively() throws IOException {
        Files.createDirectories(dir.resolve("pics"));
        Files.write(dir.resolve("pics/layer 1 & 2.png"), new byte[] {1});
        String html = new HtmlReport("r").picture("pics/layer 1 & 2.png", "Layer \"1\"").render(dir);
        assertThat(imageSources(html)).containsExactly("pics/layer%201%20%26%202.png");
        assertThat(html).contains("alt=\"Layer &quot;1&quot;\"");
    }

    @Test
    void picturePathsMustStayInsideTheReportDirectory() {
        HtmlReport report = new HtmlReport("r");
        assertThatThrownBy(() -> report.picture("/tmp/x.png", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tmp/x.png");
        assertThatThrownBy(() -> report.picture("../x.png", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x.png");
        assertThatThrownBy(() -> report.picture(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLineFromArgumentsIsShellQuoted() {
        String html = new HtmlReport("r")
                .commandLine("dbn4j", List.of("train", "--layers", "784,500", "--title", "two words", "it's", ""))
                .render(dir);
        assertThat(html).contains("dbn4j train --layers 784,500 --title &#39;two words&#39; "
                + "&#39;it&#39;\\&#39;&#39;s&#39; &#39;&#39;</pre>");
        assertThat(HtmlReport.shellQuote("it's")).isEqualTo("'it'\\''s'");
        assertThat(HtmlReport.shellQuote("a<b")).isEqualTo("'a<b'");
        assertThat(HtmlReport.shellQuote("--out=/tmp/x")).isEqualTo("--out=/tmp/x");
    }

    @Test
    void emptySectionsAreLeftOut() {
        String html = new HtmlReport("bare").render(dir);
        assertThat(html).contains("<h1>bare</h1>").doesNotContain("<table").doesNotContain("<pre")
                .doesNotContain("<img");
    }

    @Test
    void writeIsAtomicAndReplacesTheOldReport() throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");
        HtmlReport report = new HtmlReport("new").metric("epochs", 3);
        assertThat(report.write(file)).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(report.render(dir));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void escapeCoversTheHtmlSpecials() {
        assertThat(HtmlReport.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assertThat(HtmlReport.escape(null)).isEmpty();
    }

    private static List<String> imageSources(String html) {
        Matcher m = Pattern.compile("<img src=\"([^\"]*)\"").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
