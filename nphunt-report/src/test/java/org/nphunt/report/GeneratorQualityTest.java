package org.nphunt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.hlt.FeatureDistances;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;

/**
 * The generator-quality page: its sections render, the distances it shows are FeatureDistances' on the
 * same data, sorted worst first, and the ratio panel of identical samples is 1 everywhere.
 */
class GeneratorQualityTest {
  @TempDir Path tmp;
  static Events real;
  static Events generated;

  @BeforeAll
  static void data() {
    real = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 2000, 21, 1), HlfSchema.full());
    // a "generator" that gets the lepton pT 40% too hard and MT a little soft, and is otherwise another SM sample
    generated = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 1500, 22, 1), HlfSchema.full());
    HlfSchema s = HlfSchema.full();
    double[] t = generated.tensor(0);
    for (int e = 0; e < generated.size(); e++) {
      t[e * s.width() + s.indexOf("LepPt")] *= 1.4;
      t[e * s.width() + s.indexOf("MT")] *= 0.9;
    }
  }

  @Test
  void pageRendersTableAndOneStackedFigurePerFeatureWithFeatureDistancesNumbers() throws Exception {
    GeneratorQuality q = GeneratorQuality.of("hlf-vae", "SM", real, generated);
    Path html = Report.write(tmp.resolve("r"), ReportInput.generatorQuality("generated vs SM", null, List.of(q)));
    String text = Files.readString(html);
    assertTrue(text.contains("<h2 id=\"generator\">Generated vs real</h2>"), "section heading");
    assertTrue(text.contains("<a href=\"#generator\">"), "navigation");
    assertTrue(text.contains("Distances per feature: hlf-vae vs SM"), "table title");
    for (String absent : List.of("results", "roc", "scores", "training", "reconstruction", "latent")) {
      assertTrue(!text.contains("id=\"" + absent + "\""), absent + " must be left out");
    }

    // the table: one row per feature, worst first, cells equal to FeatureDistances on the same tables
    List<FeatureDistances.Distance> truth = FeatureDistances.compare(real, generated);
    assertEquals(21, truth.size());
    List<List<String>> rows = rows(text);
    assertEquals(21, rows.size());
    double previous = Double.POSITIVE_INFINITY;
    for (List<String> row : rows) {
      FeatureDistances.Distance d = truth.stream().filter(x -> x.feature().equals(row.get(1))).findFirst().orElseThrow();
      assertEquals(GeneratorQuality.cell(d.wassersteinOverStd()), row.get(2), row.get(1) + " W1/std");
      assertEquals(GeneratorQuality.cell(d.ks()), row.get(3), row.get(1) + " KS");
      assertTrue(row.get(4).startsWith(GeneratorQuality.cell(d.wasserstein())), row.get(1) + " W1");
      double w = Double.isNaN(d.wassersteinOverStd()) ? Double.NEGATIVE_INFINITY : d.wassersteinOverStd();
      assertTrue(w <= previous, "worst first: " + row);
      previous = w;
    }
    assertEquals("LepPt", rows.get(0).get(1), "the distorted feature is the worst");

    // 21 figures, each a 440-wide PNG (histogram over ratio panel, joined at the plot border so shorter than the
    // two charts' 450 px together), also written under plots/
    Matcher m = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(text);
    int images = 0;
    while (m.find()) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
      assertEquals(GeneratorPlots.WIDTH, img.getWidth());
      assertTrue(img.getHeight() > GeneratorPlots.TOP_HEIGHT && img.getHeight() < GeneratorPlots.TOP_HEIGHT
          + GeneratorPlots.RATIO_HEIGHT, "joined height " + img.getHeight());
      images++;
    }
    assertEquals(21, images);
    assertTrue(Files.isRegularFile(tmp.resolve("r/plots/generated_LepPt.png")));
  }

  @Test
  void identicalSamplesGiveZeroDistancesAndUnitRatios() {
    GeneratorQuality q = GeneratorQuality.of("copy", "SM", real, real);
    for (int k = 0; k < q.features().size(); k++) {
      assertEquals(0.0, q.distances().get(k).ks(), 0.0);
      assertEquals(0.0, q.distances().get(k).wasserstein(), 0.0);
      XYChart[] panels = GeneratorPlots.feature(q, k, 40);
      assertEquals(q.features().get(k), panels[0].getTitle().replaceAll(":.*", ""));
      var ratio = panels[1].getSeriesMap().get("ratio");
      for (double r : ratio.getYData()) {
        assertEquals(1.0, r, 1e-12, q.features().get(k));
      }
      for (double e : ratio.getExtraValues()) {
        assertTrue(e > 0, "statistical error of a filled bin");
      }
    }
  }

  @Test
  void integerFeaturesGetUnitBinsCentredOnTheIntegers() {
    GeneratorQuality q = GeneratorQuality.of("hlf-vae", "SM", real, generated);
    int k = q.features().indexOf("nJets");
    double[] e = GeneratorPlots.edges(q, k, 60);
    for (int i = 0; i < e.length; i++) {
      assertEquals(Math.rint(e[i] + 0.5) - 0.5, e[i], 0.0);
    }
    int charge = q.features().indexOf("LepCharge");
    assertEquals(-1.5, GeneratorPlots.edges(q, charge, 60)[0], 0.0);
  }

  @Test
  void badInputsAreOneLineErrors() {
    Events empty = Events.zeros(HlfSchema.full(), 0);
    NphuntException x = assertThrows(NphuntException.class, () -> GeneratorQuality.of("g", "SM", real, empty));
    assertTrue(x.getMessage().contains("0 generated"), x.getMessage());
    Events other = Events.zeros(new HlfSchema(List.of("nChHad")), 3);
    Events lep = Events.zeros(new HlfSchema(List.of("LepPt")), 3);
    x = assertThrows(NphuntException.class, () -> GeneratorQuality.of("g", "SM", lep, other));
    assertTrue(x.getMessage().contains("shares no feature"), x.getMessage());
  }

  private static List<List<String>> rows(String html) {
    int start = html.indexOf("<h3>Distances per feature");
    String table = html.substring(start, html.indexOf("</table>", start));
    List<List<String>> rows = new ArrayList<>();
    Matcher tr = Pattern.compile("<tr>(.*?)</tr>").matcher(table.substring(table.indexOf("<tbody>")));
    while (tr.find()) {
      List<String> cells = new ArrayList<>();
      Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr.group(1));
      while (td.find()) {
        cells.add(td.group(1));
      }
      rows.add(cells);
    }
    return rows;
  }
}
