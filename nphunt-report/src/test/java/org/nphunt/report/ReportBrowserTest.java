package org.nphunt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a synthetic report in Debian's headless chromium: every image must decode to a real chart (at
 * least 100 x 100 pixels; {@link PlotsTest#noDrawnImageIsEmpty} checks each one's content), the page must log
 * no console message, and a full-page screenshot is kept in {@code target/report-browser/} for a human
 * to look at.
 */
class ReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path profile;

  @Test
  void reportOpensInChromiumWithoutErrors() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "skipped: /usr/bin/chromium is absent (apt-get install -y chromium; CI installs it)");
    Path out = Path.of("target", "report-browser").toAbsolutePath();
    deleteTree(out);
    Path html = Report.write(out, SyntheticReport.build(100_000, 5_000));

    // 1. The report itself: console messages (chromium logs them as "CONSOLE(...)" on stderr).
    Result plain = chromium(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", html.toUri().toString()));
    List<String> console = plain.stderr.lines().filter(l -> l.contains("CONSOLE")).toList();
    assertEquals(List.of(), console, "console messages");
    assertTrue(plain.stdout.contains("id=\"manifest\""), "the DOM was rendered");

    // 2. A probe copy that records, after load, how many images decoded and the page height.
    String probe = Files.readString(html).replace("</body>",
        "<script>window.addEventListener('load', () => { const im = [...document.images];"
            + " document.body.setAttribute('data-images', im.length);"
            + " document.body.setAttribute('data-broken', im.filter(i => !i.complete || i.naturalWidth < 100 || i.naturalHeight < 100).length);"
            + " document.body.setAttribute('data-height', document.documentElement.scrollHeight); });</script></body>");
    Path probeFile = out.resolve("probe.html");
    Files.writeString(probeFile, probe);
    Result dom = chromium(List.of("--window-size=1400,1000", "--virtual-time-budget=20000", "--dump-dom", probeFile.toUri().toString()));
    int images = attribute(dom.stdout, "data-images");
    assertEquals(33, images, "images in the page");
    assertEquals(0, attribute(dom.stdout, "data-broken"), "images that failed to decode");
    int height = Math.min(16_000, attribute(dom.stdout, "data-height") + 40);
    Files.delete(probeFile);

    // 3. The full-page screenshot.
    Path shot = out.resolve("screenshot.png");
    chromium(List.of("--window-size=1400," + height, "--hide-scrollbars", "--screenshot=" + shot, html.toUri().toString()));
    assertTrue(Files.size(shot) > 50_000, "screenshot written: " + shot);
  }

  private static int attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
    assertTrue(m.find(), name + " missing from the dumped DOM");
    return Integer.parseInt(m.group(1));
  }

  private record Result(String stdout, String stderr) {}

  private Result chromium(List<String> extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
        "--user-data-dir=" + profile));
    cmd.addAll(extra);
    Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
    Path stderr = Files.createTempFile(profile.getParent(), "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 180 s: " + cmd);
    }
    Result r = new Result(Files.readString(stdout), Files.readString(stderr));
    Files.delete(stdout);
    Files.delete(stderr);
    assertEquals(0, p.exitValue(), "chromium exit code; stderr: " + r.stderr);
    return r;
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var s = Files.walk(p)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
