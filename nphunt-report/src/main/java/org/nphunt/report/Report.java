package org.nphunt.report;

import static org.nphunt.report.ReportPage.esc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nphunt.NphuntException;

/**
 * Writes {@code report.html}, one self-contained page (every plot embedded as a base64 PNG, no
 * external resource, no script) that a physicist can mail or show in a meeting, and the same plots as
 * PNG files under {@code plots/}. The page is a sequence of {@link ReportSection}s (the standard ones,
 * then the input's own, then the manifest); sections without data are left out.
 *
 * <p>Write into a fresh directory (e.g. the temporary directory of an
 * {@link org.nphunt.io.AtomicDirectory}) so a half-written report never looks complete.
 */
public final class Report {
  public static final String HTML = "report.html";
  public static final String PLOTS = "plots";

  private final ReportInput in;
  private final Path dir;

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
    ReportPage page = new ReportPage(dir, signalOrder(), in.options());
    List<ReportSection> sections = new ArrayList<>(ReportSections.standard());
    sections.addAll(in.extraSections());
    sections.add(ReportSections.manifest());
    Map<String, String> nav = new LinkedHashMap<>();
    for (ReportSection s : sections) {
      if (!s.hasContent(in)) {
        continue;
      }
      if (nav.put(s.id(), s.title()) != null) {
        throw new IllegalStateException("two report sections with id " + s.id());
      }
      page.heading2(s.id(), s.title());
      s.render(in, page);
    }
    return page(nav, page.body());
  }

  /** Signal names in a stable order (results first, then any other process that is not a background). */
  private List<String> signalOrder() {
    Set<String> s = new LinkedHashSet<>();
    Set<String> backgrounds = new LinkedHashSet<>();
    if (in.results() != null) {
      s.addAll(in.results().signals());
      in.results().results().forEach(r -> backgrounds.add(r.background()));
    }
    backgrounds.add("SM");
    for (ScoreDistribution d : in.scores()) {
      if (!isBackground(d.process(), backgrounds)) {
        s.add(d.process());
      }
    }
    for (LatentSample l : in.latent()) {
      if (!isBackground(l.process(), backgrounds)) {
        s.add(l.process());
      }
    }
    return new ArrayList<>(s);
  }

  /** A background or one of its components ("SM: W"): drawn in the background family of colours. */
  private static boolean isBackground(String process, Set<String> backgrounds) {
    return backgrounds.contains(process) || backgrounds.stream().anyMatch(b -> process.startsWith(b + ": "));
  }

  private String page(Map<String, String> sections, String body) {
    String subtitle = in.manifest() == null ? "" : "<p class=\"sub\">" + esc(in.manifest().command()) + " &middot; "
        + esc(in.manifest().created()) + " &middot; nphunt " + esc(in.manifest().version()) + " &middot; git "
        + esc(in.manifest().gitRevision()) + "</p>\n";
    StringBuilder nav = new StringBuilder("<nav>");
    sections.forEach((id, title) -> nav.append("<a href=\"#").append(id).append("\">").append(esc(title)).append("</a>"));
    nav.append("</nav>\n");
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + esc(in.title()) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n"
        + "<h1>" + esc(in.title()) + "</h1>\n" + subtitle + nav + body + "</body>\n</html>\n";
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

}
