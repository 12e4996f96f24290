package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantizationStudyTest {
  @Test
  void pearsonCorrelationByHand() {
    assertEquals(1.0, QuantizationStudy.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
    assertEquals(-1.0, QuantizationStudy.correlation(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
    // deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): r = 4 / 5
    assertEquals(0.8, QuantizationStudy.correlation(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-15);
  }

  @Test
  void spearmanCorrelationByHand() {
    // monotone but not linear: rho = 1, r < 1
    assertEquals(1.0, QuantizationStudy.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 10, 100, 1000}), 1e-15);
    // ranks (1, 2, 3, 4) and (1, 3, 2, 4): rho = 1 - 6 * 2 / (4 * 15) = 0.8
    assertEquals(0.8, QuantizationStudy.spearman(new double[] {1, 2, 3, 4}, new double[] {5, 9, 7, 20}), 1e-15);
  }

  @Test
  void relativeDeviationsAndTheirMedianByHand() {
    double[] rel = QuantizationStudy.relativeDeviations(new double[] {1.1, 2, 0, 0, 5}, new double[] {1, 4, 0, 1, 4});
    assertEquals(0.1, rel[0], 1e-15);
    assertEquals(0.5, rel[1]);
    assertEquals(0.0, rel[2]); // both 0
    assertEquals(1.0, rel[3]);
    assertEquals(0.25, rel[4]);
    assertEquals(0.25, QuantizationStudy.median(rel)); // sorted 0, 0.1, 0.25, 0.5, 1
    assertEquals(0.3, QuantizationStudy.median(new double[] {0.5, 0.1}), 1e-15); // even count: mean of the middle two
    assertEquals(Double.POSITIVE_INFINITY, QuantizationStudy.relativeDeviations(new double[] {1}, new double[] {0})[0]);
  }
}
