package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Binned signal templates: normalisation, horizontal scaling with the mass, rebinning by overlap. */
class TemplateShapeTest {
  static final Histogram TEMPLATE = new Histogram(new double[] {900, 950, 1000, 1050, 1100}, new double[] {1, 3, 4, 2});

  @Test
  void sameBinningGivesTheNormalisedTemplate() {
    double[] f = TemplateShape.of(1000, TEMPLATE).fractions(TEMPLATE.edges(), 1000);
    assertArrayEquals(new double[] {0.1, 0.3, 0.4, 0.2}, f, 1e-15);
  }

  @Test
  void massHypothesisStretchesTheTemplate() {
    // at 2000 GeV every edge doubles: bins of 100 GeV from 1800
    double[] f = TemplateShape.of(1000, TEMPLATE).fractions(new double[] {1800, 1900, 2000, 2100, 2200}, 2000);
    assertArrayEquals(new double[] {0.1, 0.3, 0.4, 0.2}, f, 1e-15);
  }

  @Test
  void rebinningSplitsBinsByOverlap() {
    // analysis bins [925, 975), [975, 1100), [1100, 1200): halves of the template bins
    double[] f = TemplateShape.of(1000, TEMPLATE).fractions(new double[] {925, 975, 1100, 1200}, 1000);
    assertArrayEquals(new double[] {0.05 + 0.15, 0.15 + 0.4 + 0.2, 0}, f, 1e-15);
    // outside the template nothing; a range covering part of it loses the rest
    double[] g = TemplateShape.of(1000, TEMPLATE).fractions(new double[] {0, 900, 975}, 1000);
    assertArrayEquals(new double[] {0, 0.1 + 0.15}, g, 1e-15);
  }

  @Test
  void nearestTemplateInLogMassIsUsed() {
    Histogram other = new Histogram(new double[] {1800, 2000, 2200}, new double[] {1, 1});
    TemplateShape t = new TemplateShape(List.of(new TemplateShape.Template(1000, TEMPLATE),
        new TemplateShape.Template(2000, other)));
    // 1400 is nearer to 1000 in ln (0.336 against 0.357)
    double[] edges = {1260, 1330, 1400, 1470, 1540};
    assertArrayEquals(TemplateShape.of(1000, TEMPLATE).fractions(edges, 1400), t.fractions(edges, 1400), 0);
    assertArrayEquals(TemplateShape.of(2000, other).fractions(edges, 1430), t.fractions(edges, 1430), 0);
  }

  @Test
  void invalidTemplatesAreRejected() {
    assertEquals("template at mass 1000.0 GeV must have a positive total, found 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> TemplateShape.of(1000, new Histogram(new double[] {0, 1}, new double[] {0}))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TemplateShape(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new TemplateShape(List.of(new TemplateShape.Template(1000, TEMPLATE),
        new TemplateShape.Template(1000, TEMPLATE))));
  }
}
