package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nphunt.data.Adc2021;

class ScoresTest {
  @Test
  void handComputedScores() {
    float[] x = new float[Adc2021.INPUTS];
    float[] r = new float[Adc2021.INPUTS];
    float[] mask = new float[Adc2021.SLOTS];
    // MET real: errors (pT 1, eta 0, phi 2); electron slot 1 real: (pT -2, eta 1, phi 0);
    // jet slot 9 empty but reconstructed 3 in pT.
    mask[0] = 1;
    mask[1] = 1;
    r[0] = 1;
    r[2] = 2;
    x[3] = 2;
    r[4] = -1;
    r[27] = 3;
    float[] mu = {1, 2, 0};
    float[] lv = {0, (float) Math.log(4), 0};
    double[][] out = new double[11][1];
    Scores.compute(x, mask, r, mu, lv, 3, true, 0.8, 0, 1, out, 0);
    assertEquals((1 + 4 + 4 + 1 + 9) / 57.0, out[0][0], 1e-12, "mse");
    assertEquals(((1 + 0 + 4) + (2 + 1 + 0)) / 2.0, out[1][0], 1e-12, "mae_pt_mse_angles");
    assertEquals(5 / 57.0, out[2][0], 1e-12, "met");
    assertEquals(5 / 57.0, out[3][0], 1e-12, "electron");
    assertEquals(0.0, out[4][0], 1e-12, "muon");
    assertEquals(9 / 57.0, out[5][0], 1e-12, "jet");
    assertEquals(10.0, out[6][0], 1e-12, "masked reco: summed over the 6 inputs of 2 real objects");
    double kl = -0.5 * ((1 + 0 - 1 - 1) + (1 + Math.log(4) - 4 - 4) + (1 + 0 - 0 - 1));
    assertEquals(kl, out[7][0], 1e-6, "kl");
    assertEquals(0.2 * 10 + 0.8 * kl, out[8][0], 1e-6, "total");
    assertEquals(1 + 4 / 4.0, out[9][0], 1e-6, "rz");
    assertEquals(5, out[10][0], 1e-6, "mu2");

    Scores.compute(x, mask, r, mu, lv, 3, false, 0.8, 0, 1, out, 0);
    assertEquals(1 + 4 + 4 + 1 + 9, out[6][0], 1e-12, "unmasked reco: summed over all 57 inputs");
  }
}
