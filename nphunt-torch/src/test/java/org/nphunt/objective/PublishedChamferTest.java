package org.nphunt.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.model.ChamferVaeConfig;
import org.nphunt.model.DecorrelatedConfig;
import org.nphunt.preprocess.JetConstituents;

/**
 * The PUBLISHED loss space of the Chamfer VAE ({@link ChamferVaeConfig.LossSpace#PUBLISHED}): the public
 * code's threeD_loss (kingusiu/vande vae/losses.py) on the unstandardised input (padded slots at 0) and
 * the unstandardised reconstruction, all C slots, mean over the slots of each direction's minima. Checked
 * against a hand case and a reference written from that formula, for both implementations (the
 * differentiable training form and the double-precision scores).
 */
class PublishedChamferTest {
  static final int F = 3;

  /** The public code's formula: mean_i min_j D[i, j] + mean_j min_i D[i, j], D over all C x C slot pairs. */
  static double threeDLoss(double[][] in, double[][] out) {
    int c = in.length;
    double rows = 0;
    double cols = 0;
    for (int i = 0; i < c; i++) {
      double m = Double.MAX_VALUE;
      for (int j = 0; j < c; j++) {
        m = Math.min(m, d2(in[i], out[j]));
      }
      rows += m;
    }
    for (int j = 0; j < c; j++) {
      double m = Double.MAX_VALUE;
      for (int i = 0; i < c; i++) {
        m = Math.min(m, d2(in[i], out[j]));
      }
      cols += m;
    }
    return rows / c + cols / c;
  }

  static double d2(double[] a, double[] b) {
    double s = 0;
    for (int f = 0; f < F; f++) {
      s += (a[f] - b[f]) * (a[f] - b[f]);
    }
    return s;
  }

  static ChamferVaeConfig published(int c) {
    ChamferVaeConfig d = ChamferVaeConfig.published();
    return new ChamferVaeConfig(c, false, 2, d.filters(), d.dense(), 0.5, d.reconstruction(), d.lossSpace());
  }

  /** [L_R] of every example by both implementations: {training form (float32), scores (double)}. */
  static double[][] both(ChamferVaeConfig cfg, JetConstituents pre, float[] x, float[] m, float[] y, int jets) {
    int c = cfg.constituents();
    float[] mu = new float[jets * 2];
    float[] lv = new float[jets * 2];
    double[] nd = new double[jets];
    try (NDManager nm = NDManager.newBaseManager()) {
      NDList out = new NDList(nm.create(y, new Shape(jets, c, F)), nm.create(mu, new Shape(jets, 2)),
          nm.create(lv, new Shape(jets, 2)));
      NDArray reco = ChamferVaeObjective.perJet(cfg, pre, nm.create(x, new Shape(jets, c, F)),
          nm.create(m, new Shape(jets, c)), out).get(0);
      float[] v = reco.toFloatArray();
      for (int k = 0; k < jets; k++) {
        nd[k] = v[k];
      }
    }
    double[][] scores = new double[18][jets / 2];
    new ChamferVaeObjective(cfg, pre).scores(new float[][] {x, m}, new float[][] {y, mu, lv}, jets / 2, scores, 0);
    double[] exact = new double[jets];
    for (int e = 0; e < jets / 2; e++) {
      exact[2 * e] = scores[6 + 4][e]; // reco_j1
      exact[2 * e + 1] = scores[6 + 5][e]; // reco_j2
    }
    return new double[][] {nd, exact};
  }

  @Test
  void handCase() {
    // C = 8, mean (0, 0, 10), std (1, 1, 5). Input: slot 0 real, standardised (0, 0, 1) = (0, 0, 15) GeV;
    // slots 1-7 padded = (0, 0, 0). Output: slot 0 (0, 0, 1.2) = (0, 0, 16); slots 1-7 (0, 0, -1.8) =
    // (0, 0, 1). Inputs' minima: 1 (15 -> 16) + 7 x 1 (0 -> 1) = 8; outputs' minima: 1 (16 -> 15) + 7 x 1
    // (1 -> 0) = 8; L_R = 8 / 8 + 8 / 8 = 2. The standardised, masked space sees slot 0 only:
    // (0.2^2 + 0.2^2) / 8 = 0.01.
    int c = 8;
    JetConstituents pre = new JetConstituents(c, false, new double[] {0, 0, 10}, new double[] {1, 1, 5}, 1);
    float[] x = new float[2 * c * F];
    float[] m = new float[2 * c];
    float[] y = new float[2 * c * F];
    for (int k = 0; k < 2; k++) {
      m[k * c] = 1;
      x[k * c * F + 2] = 1;
      for (int i = 0; i < c; i++) {
        y[(k * c + i) * F + 2] = i == 0 ? 1.2f : -1.8f;
      }
    }
    for (double[] impl : both(published(c), pre, x, m, y, 2)) {
      assertEquals(2.0, impl[0], 1e-5);
      assertEquals(2.0, impl[1], 1e-5);
    }
    ChamferVaeConfig p = published(c);
    ChamferVaeConfig std = new ChamferVaeConfig(c, false, 2, p.filters(), p.dense(), 0.5, p.reconstruction(),
        ChamferVaeConfig.LossSpace.STANDARDISED);
    for (double[] impl : both(std, pre, x, m, y, 2)) {
      assertEquals(0.01, impl[0], 1e-6);
      assertEquals(0.01, impl[1], 1e-6);
    }
  }

  @Test
  void bothImplementationsAgreeWithThePublicFormula() {
    int c = 16;
    int jets = 12;
    JetConstituents pre = new JetConstituents(c, false, new double[] {0.01, -0.02, 35}, new double[] {0.1, 0.12, 60}, 1);
    SplittableRandom r = new SplittableRandom(5);
    float[] x = new float[jets * c * F];
    float[] y = new float[jets * c * F];
    float[] m = new float[jets * c];
    for (int k = 0; k < jets; k++) {
      int real = k == 0 ? 0 : k == 1 ? c : 1 + r.nextInt(c);
      for (int i = 0; i < c; i++) {
        m[k * c + i] = i < real ? 1f : 0f;
        for (int f = 0; f < F; f++) {
          x[(k * c + i) * F + f] = i < real ? (float) r.nextGaussian() : 0f;
          y[(k * c + i) * F + f] = (float) r.nextGaussian();
        }
      }
    }
    double[][] got = both(published(c), pre, x, m, y, jets);
    for (int k = 0; k < jets; k++) {
      double[][] in = new double[c][F];
      double[][] out = new double[c][F];
      for (int i = 0; i < c; i++) {
        for (int f = 0; f < F; f++) {
          int idx = (k * c + i) * F + f;
          in[i][f] = m[k * c + i] == 0 ? 0 : x[idx] * pre.std()[f] + pre.mean()[f];
          out[i][f] = y[idx] * pre.std()[f] + pre.mean()[f];
        }
      }
      double ref = threeDLoss(in, out);
      assertTrue(ref > 0, "jet " + k);
      // the scores hold the unstandardised features in float32 (the inputs' precision), then sum in double
      assertEquals(ref, got[1][k], 1e-6 * ref, "scores, jet " + k);
      assertEquals(ref, got[0][k], 1e-4 * ref, "training form, jet " + k);
    }
  }

  @Test
  void configDefaultsOldFilesAndRefusals() throws Exception {
    ChamferVaeConfig p = ChamferVaeConfig.published();
    assertEquals(ChamferVaeConfig.LossSpace.PUBLISHED, p.lossSpace());
    assertEquals(false, p.ptFraction());
    assertEquals(ChamferVaeConfig.LossSpace.STANDARDISED, ChamferVaeConfig.defaults().lossSpace());
    var mapper = org.nphunt.model.Architectures.mapper();
    String json = mapper.writerFor(org.nphunt.model.ArchitectureConfig.class).writeValueAsString(p);
    assertEquals(p, mapper.readValue(json, org.nphunt.model.ArchitectureConfig.class), json);
    // a model file written before the option has no lossSpace: it reads as the standardised space
    String old = "{\"type\":\"chamfer-vae\",\"constituents\":100,\"ptFraction\":true,\"latentDim\":10,"
        + "\"filters\":[6,10,14],\"dense\":[170,40],\"beta\":0.01,\"reconstruction\":\"CHAMFER\"}";
    assertEquals(ChamferVaeConfig.defaults(), mapper.readValue(old, org.nphunt.model.ArchitectureConfig.class));
    assertEquals("base chamfer-vae with lossSpace PUBLISHED cannot be mass-decorrelated; use lossSpace STANDARDISED",
        assertThrows(IllegalArgumentException.class, () -> DecorrelatedConfig.adversary(p, 1)).getMessage());
    assertEquals(List.of(6, 10, 14), p.filters());
  }
}
