package org.nphunt.report;

import static org.nphunt.report.ReportPage.esc;

import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;

/** Provenance: command, seed, versions, inputs with their SHA-256, configuration. Always last. */
final class ManifestSection implements ReportSection {
  @Override
  public String id() {
    return "manifest";
  }

  @Override
  public String title() {
    return "Manifest";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return in.manifest() != null;
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    Manifest m = in.manifest();
    StringBuilder b = new StringBuilder("<table class=\"kv\">\n");
    row(b, "command", m.command());
    row(b, "seed", m.seed() == null ? "none" : m.seed().toString());
    row(b, "nphunt version", m.version());
    row(b, "git revision", m.gitRevision());
    row(b, "created (UTC)", m.created());
    row(b, "java", m.java());
    row(b, "os", m.os() + ", " + m.cores() + " cores");
    for (String note : m.runtimeNotes()) {
      row(b, "runtime note", note);
    }
    for (Manifest.InputFile f : m.inputs()) {
      row(b, "input", f.path() + " (" + f.bytes() + " bytes, sha256 " + f.sha256() + ")");
    }
    b.append("</table>\n");
    if (m.config() != null) {
      b.append("<h3>Configuration</h3>\n<pre>").append(esc(Json.write(m.config()))).append("</pre>\n");
    }
    page.html(b.toString());
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
  }
}
