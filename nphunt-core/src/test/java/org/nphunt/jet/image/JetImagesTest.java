package org.nphunt.jet.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.JetDefinition;
import org.nphunt.jet.JetFixtures;
import org.nphunt.json.Json;
import org.nphunt.random.Seeds;

/** {@link JetImages} on hand-built jets: two-prong geometry, reflection/rotation invariance, normalisation. */
class JetImagesTest {
  private final JetImages images = new JetImages(JetImageConfig.defaults());

  private float[] render(double[] deta, double[] dphi, double[] pt) {
    float[] img = new float[images.imageSize()];
    images.render(deta, dphi, pt, pt.length, img, 0);
    return img;
  }

  private static double sum(float[] img) {
    double s = 0;
    for (float v : img) {
      s += v;
    }
    return s;
  }

  @Test
  void twoProngJetBecomesAVerticalPair() {
    // horizontal pair (along Delta eta), 300 and 100 GeV, 0.4 apart, off-centre and tilted variants
    for (double angle : new double[] {0.0, 0.3, 1.2, -2.0}) {
      double c = Math.cos(angle);
      double s = Math.sin(angle);
      double[] deta = {0.1 + 0.2 * c, 0.1 - 0.2 * c};
      double[] dphi = {-0.05 + 0.2 * s, -0.05 - 0.2 * s};
      float[] img = render(deta, dphi, new double[] {300, 100});
      int[] cols = new int[2];
      int[] rows = new int[2];
      int found = 0;
      for (int k = 0; k < img.length; k++) {
        if (img[k] > 0) {
          rows[found] = k / 40;
          cols[found] = k % 40;
          found++;
        }
      }
      assertEquals(2, found, "two pixels lit, angle " + angle);
      assertEquals(cols[0], cols[1], "same column: vertical pair, angle " + angle);
      // centroid at 300:100 -> prongs at +0.1 and -0.3 from it along the axis; the harder one is
      // flipped up: rows (1 - 0.1)/0.05 = 18 and (1 + 0.3)/0.05 = 26
      assertEquals(18, Math.min(rows[0], rows[1]), "angle " + angle);
      assertEquals(26, Math.max(rows[0], rows[1]), "angle " + angle);
      assertEquals(0.75f, img[18 * 40 + cols[0]], 1e-6f);
      assertEquals(0.25f, img[26 * 40 + cols[0]], 1e-6f);
      assertEquals(20, cols[0], "on the central axis: Delta eta in [0, 0.05)");
    }
  }

  @Test
  void reflectedAndRotatedJetsGiveTheSameImage() {
    SplittableRandom rng = Seeds.random(5, "jet-images");
    for (int trial = 0; trial < 20; trial++) {
      int n = 3 + rng.nextInt(60);
      double[] deta = new double[n];
      double[] dphi = new double[n];
      double[] pt = new double[n];
      for (int i = 0; i < n; i++) {
        deta[i] = 0.5 * rng.nextGaussian() * (i % 3 == 0 ? 0.2 : 1);
        dphi[i] = 0.3 * rng.nextGaussian();
        pt[i] = 1 + 100 * rng.nextDouble();
      }
      float[] ref = render(deta, dphi, pt);
      assertEquals(1.0, sum(ref), 1e-5);
      double[] mx = deta.clone();
      double[] my = dphi.clone();
      for (int i = 0; i < n; i++) {
        mx[i] = -mx[i];
        my[i] = -my[i];
      }
      assertArrayEquals(ref, render(mx, dphi, pt), 1e-6f, "reflected in eta");
      assertArrayEquals(ref, render(deta, my, pt), 1e-6f, "reflected in phi");
      assertArrayEquals(ref, render(mx, my, pt), 1e-6f, "rotated by pi");
      double a = 2 * Math.PI * rng.nextDouble();
      double[] rx = new double[n];
      double[] ry = new double[n];
      for (int i = 0; i < n; i++) {
        rx[i] = 0.2 + deta[i] * Math.cos(a) - dphi[i] * Math.sin(a);
        ry[i] = -0.1 + deta[i] * Math.sin(a) + dphi[i] * Math.cos(a);
      }
      float[] rot = render(rx, ry, pt);
      int differing = 0;
      for (int k = 0; k < rot.length; k++) {
        if (Math.abs(rot[k] - ref[k]) > 1e-6f) {
          differing++;
        }
      }
      // rotation + translation: only constituents within round-off of a pixel edge may move
      assertTrue(differing <= 2, differing + " pixels differ after rotating by " + a);
    }
  }

  @Test
  void normalisedCroppedAndEmpty() {
    // one constituent far outside the window: cropped; the rest normalises to 1
    float[] img = render(new double[] {0, 0.1, 5.0}, new double[] {0, 0.05, 0}, new double[] {10, 10, 1});
    assertEquals(1.0, sum(img), 1e-6);
    float[] empty = new float[images.imageSize()];
    java.util.Arrays.fill(empty, 3f);
    assertEquals(0.0, images.render(new double[0], new double[0], new double[0], 0, empty, 0));
    assertEquals(0.0, sum(empty));
    // no rotation, no flip: plain pixelisation of the centred jet
    JetImages plain = new JetImages(new JetImageConfig(4, 1.0, false, false));
    float[] p = new float[16];
    double inside = plain.render(new double[] {-0.75, 0.75}, new double[] {0.75, -0.75}, new double[] {1, 1}, 2, p, 0);
    assertEquals(2.0, inside);
    assertEquals(0.5f, p[0]); // top-left
    assertEquals(0.5f, p[15]); // bottom-right
  }

  @Test
  void rendersJetsOfAClusteringAndTheDijetLayout() {
    JetFixtures.LhcoEvent e = JetFixtures.lhco().get(0);
    ClusterSequence cs = new ClusterSequence();
    JetFixtures.cluster(cs, JetDefinition.antiKt(1.0), e);
    int jet = cs.inclusiveJets(0.0)[0];
    float[] a = new float[images.imageSize()];
    double inside = images.render(cs, jet, a, 0);
    assertTrue(inside > 0.9 * cs.pt(jet), "most of the jet pT is inside the image");
    assertEquals(1.0, sum(a), 1e-5);
    // same jet from the (Delta eta, Delta phi, pT) float layout
    org.nphunt.jet.dijet.DijetFeatures b = new org.nphunt.jet.dijet.DijetFeatures(
        org.nphunt.jet.dijet.DijetConfig.defaults());
    float[] cons = new float[600];
    b.compute(e.pt(), e.eta(), e.phi(), e.n(), new double[23], 0, cons, 0);
    float[] c = new float[images.imageSize()];
    images.render(cons, 0, 100, c, 0);
    assertEquals(1.0, sum(c), 1e-5);
    int differing = 0;
    for (int k = 0; k < a.length; k++) {
      if (Math.abs(a[k] - c[k]) > 1e-4f) {
        differing++;
      }
    }
    assertTrue(differing <= 4, differing + " pixels differ between the two inputs (float rounding, 100-constituent cap)");
  }

  @Test
  void configIsValidatedAndRoundTrips() {
    JetImageConfig cfg = new JetImageConfig(32, 0.8, true, false);
    assertEquals(cfg, Json.read(Json.write(cfg), JetImageConfig.class, "test"));
    assertEquals(new JetImageConfig(40, 1.0, true, true), JetImageConfig.defaults());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new JetImageConfig(0, 1, true, true));
    assertEquals("pixels must be in [1, 1024], found 0", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new JetImageConfig(40, Double.NaN, true, true));
    assertThrows(IllegalArgumentException.class, () -> images.render(new double[1], new double[1], new double[] {1}, 1, new float[10], 0));
  }
}
