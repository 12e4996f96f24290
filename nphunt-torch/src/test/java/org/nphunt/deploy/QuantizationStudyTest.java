package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantizationStudyTest {
  @Test
  void thresholdIsTheKthLargestBackgroundScore() {
    double[] bkg = {5, 1, 4, 2, 3, 9, 8, 7, 6, 0};
    assertEquals(9.0, QuantizationStudy.threshold(bkg, 0.1)); // k = 1: nothing passes (strictly above)
    assertEquals(7.0, QuantizationStudy.threshold(bkg, 0.3)); // k = 3: 8 and 9 pass, 7 does not
    assertTrue(Double.isNaN(QuantizationStudy.threshold(bkg, 0.05)));
  }

  @Test
  void pearsonCorrelationByHand() {
    assertEquals(1.0, QuantizationStudy.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
    assertEquals(-1.0, QuantizationStudy.correlation(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
    // deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): r = 4 / 5
    assertEquals(0.8, QuantizationStudy.correlation(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-15);
  }
}
