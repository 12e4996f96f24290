package org.nphunt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.eval.ClopperPearson;
import org.nphunt.eval.Interval;
import org.knowm.xchart.XYChart;

/** The plots' numerical choices (ranges, overflow, bands) and that no drawn image is empty. */
class PlotsTest {
  @TempDir Path tmp;

  @Test
  void overflowIsKeptApartFromTheBins() {
    double[] edges = Histogram.edges(0, 10, 10, false);
    Histogram h = Histogram.withOverflow(new double[] {-1, Double.NaN, 0, 5, 9.99, 10, 50, 3}, edges);
    assertEquals(2.0 / 8, h.underflow, 1e-15); // -1 and NaN
    assertEquals(2.0 / 8, h.overflow, 1e-15); // 10 and 50
    assertEquals(1.0 / 8, h.fraction[9], 1e-15); // 9.99 only: no spike from the overflow
    double sum = h.underflow + h.overflow;
    for (double f : h.fraction) {
      sum += f;
    }
    assertEquals(1, sum, 1e-12, "every object counted once");
  }

  @Test
  void everyProcessOfAFeatureSharesItsRange() {
    FeatureComparison soft = new FeatureComparison("dense", "SM", "MET", "pT", "GeV", ramp(1000, 80), ramp(1000, 80));
    FeatureComparison hard = new FeatureComparison("dense", "A->4l", "MET", "pT", "GeV", ramp(1000, 300), ramp(1000, 300));
    double[] shared = Plots.featureRange(List.of(soft, hard));
    assertEquals(0, shared[0]);
    assertTrue(shared[1] >= 300 * 0.995 * 1.1 - 1e-9, "covers the harder spectrum: " + shared[1]);
    assertEquals(shared[1], Plots.featureRange(List.of(hard, soft))[1], "independent of the order");
    FeatureComparison phi = new FeatureComparison("dense", "SM", "jet", "phi", "rad", new double[] {1}, new double[] {1});
    assertEquals(Math.PI, Plots.featureRange(List.of(phi))[1]);
  }

  @Test
  void tprBandIsTheClopperPearsonInterval() {
    double[][] band = Plots.tprBand(new double[] {0, 0.25, 1}, 400, 0);
    for (int i = 0; i < 3; i++) {
      long k = Math.round(new double[] {0, 0.25, 1}[i] * 400);
      Interval ci = ClopperPearson.interval(k, 400, ClopperPearson.ONE_SIGMA);
      assertEquals(ci.lower(), band[0][i], 1e-15);
      assertEquals(ci.upper(), band[1][i], 1e-15);
    }
    assertEquals(0, band[0][0]);
    assertTrue(band[0][1] < 0.25 && band[1][1] > 0.25);
    assertEquals(1e-3, Plots.tprBand(new double[] {0}, 400, 1e-3)[0][0], "floored for a log axis");
  }

  @Test
  void epochLabelsStayLegible() {
    assertEquals(1, Plots.epochTickStep(8));
    assertEquals(1, Plots.epochTickStep(12));
    assertEquals(5, Plots.epochTickStep(30));
    assertEquals(10, Plots.epochTickStep(100));
  }

  /** Any number of epochs renders (XChart puts ticks between integers for few epochs; labels must not be empty). */
  @Test
  void trainingCurvesRenderForAnyNumberOfEpochs() throws Exception {
    for (int epochs : new int[] {1, 2, 3, 5, 13, 30, 101}) {
      java.util.List<org.nphunt.training.history.EpochRecord> ep = new java.util.ArrayList<>();
      for (int e = 1; e <= epochs; e++) {
        ep.add(new org.nphunt.training.history.EpochRecord(e, 4.0 / e, 3.5 / e, 1e-3, 1, 1));
      }
      XYChart c = Plots.loss("vae", new org.nphunt.training.history.TrainingHistory(ep, epochs, null));
      assertNotEmpty("loss with " + epochs + " epochs", Charts.png(c));
    }
  }

  @Test
  void rocStartsWhereTheBackgroundResolvesTheFpr() {
    ReportInput in = SyntheticReport.build(20_000, 500);
    XYChart c = Plots.roc("dense", "mse", in.results().of("dense", "mse"), SyntheticReport.SIGNALS, false);
    assertEquals(1e-5, c.getStyler().getXAxisMin(), 1e-20, "decade below 1/20000");
    assertTrue(c.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("< 10 background events")), "shaded region");
  }

  /** Every PNG of a full report decodes and shows something: >= 2% of its pixels not white, >= 8 colours. */
  @Test
  void noDrawnImageIsEmpty() throws Exception {
    Report.write(tmp.resolve("out"), SyntheticReport.build(50_000, 2_000));
    List<Path> pngs;
    try (Stream<Path> s = Files.list(tmp.resolve("out/plots"))) {
      pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    assertTrue(pngs.size() > 20, "plots written: " + pngs.size());
    for (Path p : pngs) {
      assertNotEmpty(p.getFileName().toString(), Files.readAllBytes(p));
    }
  }

  static void assertNotEmpty(String name, byte[] png) throws Exception {
    BufferedImage im = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(im != null && im.getWidth() > 100 && im.getHeight() > 100, name + ": not a decodable image");
    long ink = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < im.getHeight(); y++) {
      for (int x = 0; x < im.getWidth(); x++) {
        int rgb = im.getRGB(x, y) & 0xFFFFFF;
        if (rgb != 0xFFFFFF) {
          ink++;
        }
        if (colours.size() < 64) {
          colours.add(rgb);
        }
      }
    }
    assertTrue(ink > 0.02 * im.getWidth() * im.getHeight(), name + ": nearly blank (" + ink + " non-white pixels)");
    assertTrue(colours.size() >= 8, name + ": only " + colours.size() + " colours");
  }

  private static double[] ramp(int n, double max) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = max * (i + 0.5) / n;
    }
    return v;
  }
}
