package org.nphunt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.nphunt.NphuntException;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.ResultsTables;
import org.nphunt.eval.Table;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.training.history.TrainingHistory;

/**
 * Writes {@code report.html}, one self-contained page (every plot embedded as a base64 PNG, no
 * external resource, no script) that a physicist can mail or show in a meeting, and the same plots as
 * PNG files under {@code plots/}. Sections without data are left out.
 *
 * <p>Write into a fresh directory (e.g. the temporary directory of an
 * {@link org.nphunt.io.AtomicDirectory}) so a half-written report never looks complete.
 */
public final class Report {
  public static final String HTML = "report.html";
  public static final String PLOTS = "plots";

  private final ReportInput in;
  private final Path dir;
  private final StringBuilder body = new StringBuilder();
  private final Set<String> usedNames = new LinkedHashSet<>();
  private final Map<String, String> sections = new LinkedHashMap<>();

  private Report(Path dir, ReportInput in) {
    this.dir = dir;
    this.in = in;
  }

  /**
   * Renders the report into {@code dir} (created if missing): {@code report.html} and
   * {@code plots/*.png}.
   *
   * @return the path of report.html
   */
  public static Path write(Path dir, ReportInput input) {
    try {
      Files.createDirectories(dir.resolve(PLOTS));
      Report r = new Report(dir, input);
      String html = r.render();
      Path file = dir.resolve(HTML);
      Files.writeString(file, html);
      return file;
    } catch (IOException e) {
      throw new NphuntException("cannot write the report in " + dir + ": " + e.getMessage(), e);
    }
  }

  private String render() {
    EvaluationResults res = in.results();
    List<String> signals = signalOrder();
    if (res != null) {
      section("Results", "results");
      for (Table t : ResultsTables.all(res)) {
        table(t);
      }
      section("ROC curves", "roc");
      body.append("<p class=\"note\">Signal efficiency against background efficiency, log FPR axis; the dashed line marks "
          + "FPR = 10<sup>-5</sup>, the ADC2021 working point (arXiv:2107.02157).</p>\n<div class=\"grid2\">\n");
      for (String model : res.models()) {
        for (String score : res.scores(model)) {
          figure("roc_" + model + "_" + score, Plots.roc(model, score, res.of(model, score), signals, in.options().tprLogScale()));
        }
      }
      body.append("</div>\n");
    }
    if (in.scores().stream().anyMatch(d -> d.values().length > 0)) {
      section("Score distributions", "scores");
      body.append("<p class=\"note\">Normalised per process, log y; the last bin holds the overflow; dashed lines are the "
          + "thresholds (events with a score above a threshold are selected).</p>\n<div class=\"grid2\">\n");
      Map<String, List<ScoreDistribution>> groups = new LinkedHashMap<>();
      for (ScoreDistribution d : in.scores()) {
        if (d.values().length == 0) {
          continue;
        }
        groups.computeIfAbsent(d.model() + "\u0000" + d.score(), k -> new ArrayList<>()).add(d);
      }
      for (List<ScoreDistribution> g : groups.values()) {
        String model = g.get(0).model();
        String score = g.get(0).score();
        Map<String, Double> th = res == null ? Map.of() : res.thresholds(model, score);
        figure("scores_" + model + "_" + score, Plots.scoreHistogram(model, score, g, signals, th, in.options().histogramBins()));
      }
      body.append("</div>\n");
    }
    List<Map.Entry<String, TrainingHistory>> histories = in.training().entrySet().stream()
        .filter(e -> e.getValue() != null && !e.getValue().epochs().isEmpty()).toList();
    if (!histories.isEmpty()) {
      section("Training", "training");
      body.append("<div class=\"grid2\">\n");
      for (Map.Entry<String, TrainingHistory> e : histories) {
        figure("loss_" + e.getKey(), Plots.loss(e.getKey(), e.getValue()));
      }
      body.append("</div>\n");
    }
    if (!in.reconstructions().isEmpty()) {
      section("Input vs reconstructed", "reconstruction");
      body.append("<p class=\"note\">Solid: input; dashed: the autoencoder's reconstruction (real objects only).</p>\n");
      Map<String, List<FeatureComparison>> groups = new LinkedHashMap<>();
      for (FeatureComparison f : in.reconstructions()) {
        groups.computeIfAbsent(f.model() + "\u0000" + f.process(), k -> new ArrayList<>()).add(f);
      }
      for (List<FeatureComparison> g : groups.values()) {
        body.append("<h3>").append(esc(g.get(0).model())).append(": ").append(esc(g.get(0).process())).append("</h3>\n<div class=\"grid3\">\n");
        for (FeatureComparison f : g) {
          figure("reco_" + f.model() + "_" + f.process() + "_" + f.objectType().label() + "_" + f.axisTitle().split(" ")[1],
              Plots.feature(f, in.options().histogramBins()));
        }
        body.append("</div>\n");
      }
    }
    if (in.latent().stream().anyMatch(l -> l.z0().length > 0)) {
      section("Latent space", "latent");
      body.append("<div class=\"grid2\">\n");
      Map<String, List<LatentSample>> byModel = new LinkedHashMap<>();
      for (LatentSample s : in.latent()) {
        if (s.z0().length == 0) {
          continue;
        }
        byModel.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s);
      }
      for (Map.Entry<String, List<LatentSample>> e : byModel.entrySet()) {
        figure("latent_" + e.getKey(), Plots.latent(e.getKey(), e.getValue(), signals, in.options().maxLatentPoints(), in.options().seed()));
      }
      body.append("</div>\n");
    }
    if (in.manifest() != null) {
      section("Manifest", "manifest");
      manifest(in.manifest());
    }
    return page();
  }

  /** Signal names in a stable order (results first, then any other process that is not a background). */
  private List<String> signalOrder() {
    Set<String> s = new LinkedHashSet<>();
    Set<String> backgrounds = new LinkedHashSet<>();
    if (in.results() != null) {
      s.addAll(in.results().signals());
      in.results().results().forEach(r -> backgrounds.add(r.background()));
    }
    for (ScoreDistribution d : in.scores()) {
      if (!backgrounds.contains(d.process()) && !d.process().equals("SM")) {
        s.add(d.process());
      }
    }
    for (LatentSample l : in.latent()) {
      if (!backgrounds.contains(l.process()) && !l.process().equals("SM")) {
        s.add(l.process());
      }
    }
    return new ArrayList<>(s);
  }

  private void section(String title, String id) {
    sections.put(id, title);
    body.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>\n");
  }

  private void figure(String name, XYChart chart) {
    String file = uniqueName(name) + ".png";
    byte[] png = Charts.png(chart);
    try {
      Files.write(dir.resolve(PLOTS).resolve(file), png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    body.append("<figure><img alt=\"").append(esc(chart.getTitle())).append("\" width=\"").append(chart.getWidth())
        .append("\" height=\"").append(chart.getHeight()).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>")
        .append(PLOTS).append('/').append(esc(file)).append("</figcaption></figure>\n");
  }

  private String uniqueName(String name) {
    String base = name.replaceAll("[^A-Za-z0-9_.+-]+", "-").replaceAll("-+", "-");
    String n = base;
    for (int i = 2; !usedNames.add(n); i++) {
      n = base + "_" + i;
    }
    return n;
  }

  private void table(Table t) {
    body.append("<h3>").append(esc(t.title())).append("</h3>\n");
    if (!t.note().isEmpty()) {
      body.append("<p class=\"note\">").append(esc(t.note())).append("</p>\n");
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
  }

  private void manifest(Manifest m) {
    body.append("<table class=\"kv\">\n");
    row("command", m.command());
    row("seed", m.seed() == null ? "none" : m.seed().toString());
    row("nphunt version", m.version());
    row("git revision", m.gitRevision());
    row("created (UTC)", m.created());
    row("java", m.java());
    row("os", m.os() + ", " + m.cores() + " cores");
    for (Manifest.InputFile f : m.inputs()) {
      row("input", f.path() + " (" + f.bytes() + " bytes, sha256 " + f.sha256() + ")");
    }
    body.append("</table>\n");
    if (m.config() != null) {
      body.append("<h3>Configuration</h3>\n<pre>").append(esc(Json.write(m.config()))).append("</pre>\n");
    }
  }

  private void row(String k, String v) {
    body.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
  }

  private String page() {
    String subtitle = in.manifest() == null ? "" : "<p class=\"sub\">" + esc(in.manifest().command()) + " &middot; "
        + esc(in.manifest().created()) + " &middot; nphunt " + esc(in.manifest().version()) + " &middot; git "
        + esc(in.manifest().gitRevision()) + "</p>\n";
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + esc(in.title()) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n"
        + "<h1>" + esc(in.title()) + "</h1>\n" + subtitle + nav() + body + "</body>\n</html>\n";
  }

  /** Links to the sections present. */
  private String nav() {
    StringBuilder sb = new StringBuilder("<nav>");
    sections.forEach((id, title) -> sb.append("<a href=\"#").append(id).append("\">").append(esc(title)).append("</a>"));
    return sb.append("</nav>\n").toString();
  }

  private static final String CSS = """
      body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 24px auto; max-width: 1560px;
             padding: 0 16px; color: #222; font-size: 16px; }
      h1 { font-size: 28px; margin-bottom: 4px; }
      nav a { margin-right: 18px; font-size: 15px; color: #0a58a8; text-decoration: none; }
      h2 { font-size: 22px; border-bottom: 2px solid #ccc; padding-bottom: 4px; margin-top: 36px; }
      h3 { font-size: 18px; margin: 20px 0 8px; }
      .sub, .note, figcaption { color: #555; font-size: 14px; }
      table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
      th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
      thead th { background: #f0f0f0; }
      td.na { color: #888; font-style: italic; }
      table.kv th { background: #f7f7f7; white-space: nowrap; }
      table.kv td { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
      pre { background: #f7f7f7; border: 1px solid #ddd; padding: 8px; font-size: 13px; overflow-x: auto; }
      .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(660px, 1fr)); gap: 16px; }
      .grid3 { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr)); gap: 12px; }
      figure { margin: 0; }
      figure img { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
      figcaption { margin-top: 2px; }
      """;

  static String esc(String s) {
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
