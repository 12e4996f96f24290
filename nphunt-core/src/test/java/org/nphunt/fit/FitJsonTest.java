package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;

/** Configurations round-trip through JSON and are validated on reading; results serialise cleanly. */
class FitJsonTest {
  @Test
  void configRoundTrip() {
    FitConfig c = FitConfig.defaults().withBackground(BackgroundChoice.FOUR_PARAMETER).withMinimizer(Minimizer.BOBYQA);
    assertEquals(c, Json.read(Json.write(c), FitConfig.class, "fit.json"));
    assertEquals("fit.json: fTestAlpha must be in (0, 1), found 2.0", assertThrows(NphuntException.class,
        () -> Json.read(Json.write(c).replace("\"fTestAlpha\" : 0.05", "\"fTestAlpha\" : 2.0"), FitConfig.class, "fit.json"))
        .getMessage());
  }

  @Test
  void signalShapesRoundTripPolymorphically() {
    SignalShape cb = CrystalBallShape.defaults();
    String json = Json.write(cb);
    assertTrue(json.contains("\"type\" : \"crystalBall\""), json);
    assertEquals(cb, Json.read(json, SignalShape.class, "shape.json"));
    SignalShape t = TemplateShape.of(1000, new Histogram(new double[] {900, 1000, 1100}, new double[] {1, 2}));
    SignalShape back = Json.read(Json.write(t), SignalShape.class, "shape.json");
    assertInstanceOf(TemplateShape.class, back);
    assertEquals(t, back);
  }

  @Test
  void categoryRoundTripAndValidation() {
    Category c = new Category("q90", new Histogram(Histogram.uniformEdges(1000, 2000, 6), new double[] {5, 4, 3, 2, 1, 1}), 0.25);
    assertEquals(c, Json.read(Json.write(c), Category.class, "cat.json"));
    assertEquals("cat.json: category q90: signalEfficiency must be in [0, 1], found 1.5", assertThrows(NphuntException.class,
        () -> Json.read(Json.write(c).replace("0.25", "1.5"), Category.class, "cat.json")).getMessage());
  }

  @Test
  void missingValuesSurviveTheRoundTrip() {
    // a profile crossing that was not found is NaN; the shared mapper writes it as the string "NaN"
    ScanPoint p = new ScanPoint(4000, -3, Double.NaN, 5, 4.5, 0, 0, 30, 31, 27, true);
    String json = Json.write(p);
    assertTrue(json.contains("\"muErrorDown\" : \"NaN\""), json);
    ScanPoint back = Json.read(json, ScanPoint.class, "point.json");
    assertEquals(p, back);
  }

  @Test
  void resultsSerialiseAndReadBack() {
    double[] edges = Histogram.logEdges(1500, 4000, 20);
    double[] p = {1, 9, 5};
    double[] b = DijetFunction.binIntegrals(edges, 13000, p, 5);
    double norm = 5000 / java.util.Arrays.stream(b).sum();
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.rint(b[i] * norm);
    }
    ResonanceSearch s = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("all", new Histogram(edges, b), 1)),
        CrystalBallShape.defaults());
    MassScan scan = s.scan(new double[] {2000, 2500});
    String json = Json.write(scan);
    MassScan back = Json.read(json, MassScan.class, "scan.json");
    assertEquals(json, Json.write(back));
    SignalFit f = s.fit(2200);
    assertEquals(Json.write(f), Json.write(Json.read(Json.write(f), SignalFit.class, "fit.json")));
    assertTrue(scan.markdown().startsWith("| mass [GeV] |"));
  }
}
