package io.github.dbn4j.cli.report;

import io.github.dbn4j.core.io.AtomicFiles;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A self-contained HTML report of one run: title, the exact command line, a table of metrics and the
 * pictures with captions.
 *
 * <p>The page uses inline CSS only and no external resources; pictures are referenced by file name
 * relative to the report, so the output directory can be moved or archived as a whole. When the page is
 * rendered, only pictures whose files exist next to the report are included, so a run that skipped a
 * picture still gets a valid report. All text is HTML-escaped. Metric values are formatted by
 * {@link MetricFormat}.
 *
 * <pre>{@code
 * new HtmlReport("dbn4j train")
 *         .commandLine("dbn4j", List.of(args))
 *         .metrics(metrics)
 *         .picture("filters.png", "First-layer filters")
 *         .picture("curves.png", "Learning curves")
 *         .write(out.resolve("report.html"));
 * }</pre>
 *
 * <p>Instances are mutable builders and not thread-safe.
 */
public final class HtmlReport {

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private static final String CSS = String.join("\n",
            "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;",
            "       margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; background: #fff; }",
            "h1 { font-size: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: .3em; }",
            "h2 { font-size: 1.2em; margin-top: 1.6em; }",
            "pre.command { background: #f5f5f5; border: 1px solid #ddd; border-radius: 4px; padding: .7em 1em;",
            "              white-space: pre-wrap; word-break: break-all; font-size: .9em; }",
            "div.warnings { background: #fff4e5; border: 1px solid #e8a33d; padding: .2em 1em; margin: 1em 0; }",
            "table.metrics { border-collapse: collapse; }",
            "table.metrics th, table.metrics td { border: 1px solid #ddd; padding: .3em .8em; text-align: left; }",
            "table.metrics th { background: #f5f5f5; }",
            "table.metrics td.value { text-align: right; font-family: ui-monospace, Menlo, Consolas, monospace; }",
            "table.metrics tbody tr:nth-child(even) { background: #fafafa; }",
            "figure { margin: 1.5em 0; }",
            "figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }",
            "figcaption { color: #555; font-size: .95em; margin-top: .4em; }",
            "");

    private final String title;
    private String commandLine;
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private final List<String[]> pictures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * Starts a report.
     *
     * @param title the page title and heading
     */
    public HtmlReport(String title) {
        if (title == null) {
            throw new IllegalArgumentException("title must not be null");
        }
        this.title = title;
    }

    /**
     * Sets the command line shown verbatim in the report.
     *
     * @param commandLine the exact command line
     * @return this report
     */
    public HtmlReport commandLine(String commandLine) {
        if (commandLine == null) {
            throw new IllegalArgumentException("commandLine must not be null");
        }
        this.commandLine = commandLine;
        return this;
    }

    /**
     * Sets the command line from a program name and its arguments, quoting arguments for a POSIX shell
     * where needed (e.g. {@code --title 'two words'}), so it can be pasted to repeat the run.
     *
     * @param program the program name, e.g. "dbn4j"
     * @param args the arguments as received by {@code main}
     * @return this report
     */
    public HtmlReport commandLine(String program, List<String> args) {
        if (program == null || args == null) {
            throw new IllegalArgumentException("program and args must not be null");
        }
        StringBuilder sb = new StringBuilder(shellQuote(program));
        for (String a : args) {
            sb.append(' ').append(shellQuote(a));
        }
        return commandLine(sb.toString());
    }

    /**
     * Adds one metric row; a later value for the same key replaces the earlier one in place.
     *
     * @param key the metric name
     * @param value the value, formatted by {@link MetricFormat#format(String, Object)}
     * @return this report
     */
    public HtmlReport metric(String key, Object value) {
        if (key == null) {
            throw new IllegalArgumentException("metric key must not be null");
        }
        metrics.put(key, value);
        return this;
    }

    /**
     * Adds metric rows in the map's iteration order (use an ordered map such as {@link LinkedHashMap}).
     *
     * @param values metric values by name
     * @return this report
     */
    public HtmlReport metrics(Map<String, ?> values) {
        if (values == null) {
            throw new IllegalArgumentException("metrics must not be null");
        }
        values.forEach(this::metric);
        return this;
    }

    /**
     * Adds a picture, shown only if the file exists next to the report when it is rendered.
     *
     * @param fileName the picture's file name relative to the report's directory, e.g. "filters.png"; no
     *     absolute paths and no ".." segments
     * @param caption the text under the picture
     * @return this report
     */
    public HtmlReport picture(String fileName, String caption) {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("picture fileName must not be blank, got '" + fileName + "'");
        }
        String normal = fileName.replace('\\', '/');
        if (normal.startsWith("/") || normal.matches("^[A-Za-z]:.*")
                || List.of(normal.split("/")).contains("..")) {
            throw new IllegalArgumentException("picture fileName must be relative to the report's directory, got '"
                    + fileName + "'");
        }
        pictures.add(new String[] {normal, caption == null ? "" : caption});
        return this;
    }

    /**
     * Adds a warning, shown in a highlighted box above the metrics (e.g. a layer that learned nothing).
     *
     * @param text the warning, one sentence
     * @return this report
     */
    public HtmlReport warning(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("warning text must not be blank");
        }
        warnings.add(text);
        return this;
    }

    /**
     * Renders the page for a report stored in {@code directory}: pictures are checked for existence there.
     *
     * @param directory the directory the report and its pictures live in
     * @return the complete HTML document
     */
    public String render(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null");
        }
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        if (commandLine != null) {
            h.append("<h2>Command</h2>\n<pre class=\"command\">").append(escape(commandLine)).append("</pre>\n");
        }
        if (!warnings.isEmpty()) {
            h.append("<div class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
            for (String w : warnings) {
                h.append("<li>").append(escape(w)).append("</li>\n");
            }
            h.append("</ul>\n</div>\n");
        }
        if (!metrics.isEmpty()) {
            h.append("<h2>Metrics</h2>\n<table class=\"metrics\">\n<thead><tr><th>metric</th><th>value</th></tr>")
                    .append("</thead>\n<tbody>\n");
            for (Map.Entry<String, Object> m : metrics.entrySet()) {
                h.append("<tr><td>").append(escape(m.getKey())).append("</td><td class=\"value\">")
                        .append(escape(MetricFormat.format(m.getKey(), m.getValue()))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        List<String[]> present = new ArrayList<>();
        for (String[] p : pictures) {
            if (Files.isRegularFile(directory.resolve(p[0]))) {
                present.add(p);
            }
        }
        if (!present.isEmpty()) {
            h.append("<h2>Pictures</h2>\n");
            for (String[] p : present) {
                h.append("<figure>\n<a href=\"").append(escape(urlPath(p[0]))).append("\"><img src=\"")
                        .append(escape(urlPath(p[0]))).append("\" alt=\"").append(escape(p[1])).append("\"></a>\n")
                        .append("<figcaption>").append(escape(p[1])).append("</figcaption>\n</figure>\n");
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * Renders the page for {@code file}'s directory and writes it atomically as UTF-8.
     *
     * @param file the report to write, e.g. {@code out/report.html}
     * @return {@code file}
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public Path write(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Path dir = file.toAbsolutePath().getParent();
        byte[] html = render(dir).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(html));
        return file;
    }

    /**
     * Escapes text for HTML element content and double- or single-quoted attribute values.
     *
     * @param text the text, may be null (treated as empty)
     * @return the escaped text
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String shellQuote(String arg) {
        if (!arg.isEmpty() && SHELL_SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Percent-encodes a relative path for a URL, keeping '/' and unreserved characters. */
    static String urlPath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
