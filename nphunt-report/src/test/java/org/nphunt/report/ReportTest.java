package org.nphunt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path tmp;

  @Test
  void everySectionWithEmbeddedImagesAndPngFiles() throws Exception {
    Path html = Report.write(tmp.resolve("out"), SyntheticReport.build(100_000, 5_000));
    String text = Files.readString(html);
    for (String id : List.of("results", "roc", "scores", "training", "reconstruction", "latent", "manifest")) {
      assertTrue(text.contains("id=\"" + id + "\""), "section " + id);
    }
    // 3 ROC (dense mse, vae mse, vae kl) + 2 log-TPR ROC of the summary scores + 3 score + 2 loss + 22 features + 1 latent
    Matcher m = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(text);
    int images = 0;
    while (m.find()) {
      byte[] png = java.util.Base64.getDecoder().decode(m.group(1));
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
      images++;
    }
    assertEquals(33, images);
    try (Stream<Path> files = Files.list(tmp.resolve("out/plots"))) {
      assertEquals(33, files.filter(p -> p.toString().endsWith(".png")).count());
    }
    assertTrue(text.contains("n/a (needs &gt;= 1e6 bkg)"), "unresolved FPR 1e-5 is said so");
    assertTrue(text.contains("xsec for S/B = 1/3 [pb]"));
    assertFalse(text.contains("http://") || text.contains("https://"), "self-contained: no external resource");
    assertFalse(text.contains("<script"), "no script");
  }

  @Test
  void emptySectionsAreOmitted() throws Exception {
    ReportInput full = SyntheticReport.build(2_000, 500);
    ReportInput partial = new ReportInput("only training", null, null, null, full.training(), null, null, null);
    String text = Files.readString(Report.write(tmp.resolve("p"), partial));
    assertTrue(text.contains("id=\"training\""));
    for (String id : List.of("results", "roc", "scores", "reconstruction", "latent", "manifest")) {
      assertFalse(text.contains("id=\"" + id + "\""), "section " + id + " must be omitted");
    }
  }

  @Test
  void tprLogScaleRendersToo() {
    ReportInput full = SyntheticReport.build(20_000, 500);
    ReportInput logTpr = new ReportInput(full.title(), null, full.results(), null, null, null, null,
        new ReportOptions(true, 40, 500, 3));
    Report.write(tmp.resolve("log"), logTpr);
    assertTrue(Files.exists(tmp.resolve("log/plots/roc_dense_mse.png")));
  }

  @Test
  void degenerateInputsStillRender() throws Exception {
    ReportInput in = new ReportInput("degenerate", null, null,
        List.of(new ScoreDistribution("m", "mse", "SM", new double[] {2, 2, 2}),
            new ScoreDistribution("m", "mse", "sig", new double[] {2}),
            new ScoreDistribution("m", "kl", "SM", new double[0])),
        java.util.Map.of("m", new org.nphunt.training.history.TrainingHistory(
            List.of(new org.nphunt.training.history.EpochRecord(1, 0.5, Double.NaN, 1e-3, 1, 1)), 0, null)),
        null,
        List.of(new LatentSample("m", "SM", new double[0], new double[0])), null);
    String text = Files.readString(Report.write(tmp.resolve("d"), in));
    assertTrue(text.contains("id=\"scores\"") && text.contains("id=\"training\""));
    assertFalse(text.contains("id=\"latent\""), "an empty latent sample is no section");
    assertEquals(2, Pattern.compile("<img ").matcher(text).results().count());
  }

  @Test
  void histogramKeepsEveryEvent() {
    double[] edges = Histogram.edges(0, 10, 10, false);
    Histogram h = Histogram.of(new double[] {-5, 0, 0.5, 9.99, 10, 50, Double.NaN, 5}, edges);
    assertEquals(4.0 / 8, h.fraction[0], 1e-15); // -5, 0, 0.5 and NaN
    assertEquals(3.0 / 8, h.fraction[9], 1e-15);
    assertEquals(1.0 / 8, h.fraction[5], 1e-15);
    double sum = 0;
    for (double f : h.fraction) {
      sum += f;
    }
    assertEquals(1, sum, 1e-12);
    double[] log = Histogram.edges(1e-3, 10, 4, true);
    assertEquals(1e-2, log[1], 1e-15);
    assertEquals(10, log[4], 1e-12);
  }

  /** A job's own section is drawn after the standard ones and before the manifest, with its nav link. */
  @Test
  void extraSectionsArePluggable() throws Exception {
    ReportSection fits = new ReportSection() {
      @Override
      public String id() {
        return "fits";
      }

      @Override
      public String title() {
        return "Bump-hunt fits";
      }

      @Override
      public boolean hasContent(ReportInput in) {
        return true;
      }

      @Override
      public void render(ReportInput in, ReportPage page) {
        page.note("mu = 3 < 4");
        page.figure("jet mass", Plots.feature(new FeatureComparison("vae", "QCD", "jet", "mass", "GeV",
            new double[] {10, 20, 30}, new double[] {11, 19, 33}), 20));
      }
    };
    ReportInput base = SyntheticReport.build(20_000, 2_000);
    ReportInput in = new ReportInput(base.title(), base.manifest(), base.results(), base.scores(), base.training(),
        base.reconstructions(), base.latent(), base.options(), List.of(fits));
    String text = Files.readString(Report.write(tmp.resolve("extra"), in));
    int latent = text.indexOf("id=\"latent\"");
    int extra = text.indexOf("id=\"fits\"");
    int manifest = text.indexOf("id=\"manifest\"");
    assertTrue(latent > 0 && extra > latent && manifest > extra, "order: standard, extra, manifest");
    assertTrue(text.contains("<a href=\"#fits\">Bump-hunt fits</a>"));
    assertTrue(text.contains("mu = 3 &lt; 4"), "notes are escaped");
    assertTrue(Files.exists(tmp.resolve("extra/plots/jet-mass.png")));
  }

  @Test
  void deploymentSectionShowsCostAndFixedPointTables() throws Exception {
    org.nphunt.eval.Table t = new org.nphunt.eval.Table("dense: fixed point vs float", "Dense autoencoder, mse score.",
        List.of("precision", "AUC Ato4l", "TPR Ato4l at FPR 1e-5"), List.of(List.of("float32", "0.9787", "n/a (background"
        + " sample too small: 10000)"), List.of("ap_fixed<16,auto,AP_RND,AP_SAT>", "0.9787", "n/a (background sample too"
        + " small: 10000)")));
    ReportInput base = SyntheticReport.build(20_000, 2_000);
    String without = Files.readString(Report.write(tmp.resolve("plain"), base));
    assertFalse(without.contains("id=\"deployment\""), "no deployment view, no section");
    ReportInput in = base.withDeployment(List.of(new DeploymentView("dense", List.of("Cost: 4,924 parameters."), List.of(t))));
    String text = Files.readString(Report.write(tmp.resolve("deploy"), in));
    int latent = text.indexOf("id=\"latent\"");
    int deployment = text.indexOf("id=\"deployment\"");
    int manifest = text.indexOf("id=\"manifest\"");
    assertTrue(latent > 0 && deployment > latent && manifest > deployment, "order: latent, deployment, manifest");
    assertTrue(text.contains("Cost: 4,924 parameters."), "cost note");
    assertTrue(text.contains("<td>ap_fixed&lt;16,auto,AP_RND,AP_SAT&gt;</td>"), "table cells are escaped");
    assertTrue(text.contains("<td class=\"na\">n/a (background sample too small: 10000)</td>"), "n/a cells marked");
  }
}
