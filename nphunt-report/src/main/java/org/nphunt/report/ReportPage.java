package org.nphunt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.nphunt.eval.Table;

/**
 * The page a {@link ReportSection} draws on: figures (saved as {@code plots/NAME.png} and embedded as
 * base64 PNG), tables, notes and grids, all escaped; plus what sections share (the signal order and
 * the drawing options).
 */
public final class ReportPage {
  private final Path dir;
  private final StringBuilder body = new StringBuilder();
  private final Set<String> usedNames = new LinkedHashSet<>();
  private final List<String> signals;
  private final ReportOptions options;

  ReportPage(Path dir, List<String> signals, ReportOptions options) {
    this.dir = dir;
    this.signals = List.copyOf(signals);
    this.options = options;
  }

  /** Signal names in the report's stable order (for colours and legends). */
  public List<String> signals() {
    return signals;
  }

  public ReportOptions options() {
    return options;
  }

  /** A chart as {@code plots/NAME.png} (name made unique and file-safe) and as an embedded image. */
  public ReportPage figure(String name, XYChart chart) {
    return image(name, chart.getTitle(), Charts.png(chart), chart.getWidth(), chart.getHeight());
  }

  /**
   * Two charts of the same width joined into one image, the bottom one directly under the top one's plot area
   * ({@link Charts#stacked}: e.g. a spectrum over its residual panel), saved and embedded as
   * {@link #figure(String, XYChart)} does.
   */
  public ReportPage figure(String name, XYChart top, XYChart bottom) {
    java.awt.image.BufferedImage img = Charts.stacked(top, bottom);
    return image(name, top.getTitle(), Charts.encode(img, top.getTitle()), img.getWidth(), img.getHeight());
  }

  private ReportPage image(String name, String title, byte[] png, int width, int height) {
    String file = uniqueName(name) + ".png";
    try {
      Files.write(dir.resolve(Report.PLOTS).resolve(file), png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    body.append("<figure><img alt=\"").append(esc(title)).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>")
        .append(Report.PLOTS).append('/').append(esc(file)).append("</figcaption></figure>\n");
    return this;
  }

  /** A results table with its title and note. */
  public ReportPage table(Table t) {
    body.append("<h3>").append(esc(t.title())).append("</h3>\n");
    if (!t.note().isEmpty()) {
      note(t.note());
    }
    body.append("<table>\n<thead><tr>");
    t.header().forEach(h -> body.append("<th>").append(esc(h)).append("</th>"));
    body.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      body.append("<tr>");
      row.forEach(c -> body.append(c.startsWith("n/a") ? "<td class=\"na\">" : "<td>").append(esc(c)).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</tbody></table>\n");
    return this;
  }

  /** An explanatory paragraph (plain text, escaped). */
  public ReportPage note(String text) {
    body.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
    return this;
  }

  /** A sub-heading. */
  public ReportPage heading(String text) {
    body.append("<h3>").append(esc(text)).append("</h3>\n");
    return this;
  }

  /** Starts a grid of figures with columns of at least 660 px (2) or 430 px (3). */
  public ReportPage openGrid(int columns) {
    body.append(columns >= 3 ? "<div class=\"grid3\">\n" : "<div class=\"grid2\">\n");
    return this;
  }

  public ReportPage closeGrid() {
    body.append("</div>\n");
    return this;
  }

  /** Trusted HTML written by a section (must be well formed and escaped by the caller). */
  public ReportPage html(String html) {
    body.append(html);
    return this;
  }

  void heading2(String id, String title) {
    body.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>\n");
  }

  String body() {
    return body.toString();
  }

  private String uniqueName(String name) {
    String base = name.replaceAll("[^A-Za-z0-9_.+-]+", "-").replaceAll("-+", "-");
    String n = base;
    for (int i = 2; !usedNames.add(n); i++) {
      n = base + "_" + i;
    }
    return n;
  }

  /** HTML-escapes text. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
