package org.nphunt.preprocess;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;

/**
 * The constituent four-vectors of the two leading jets of a dijet event ({@link DijetSchema}) as a model
 * input, for the Lorentz-layer autoencoder ({@link org.nphunt.model.LolaAeConfig}; arXiv:1707.08966,
 * 1808.08979). Each jet is one example with inputs {@code fourvectors} (C, 4), {@code target} (C, 3) and
 * {@code mask} (C).
 *
 * <p>The dijet layout stores, per constituent, (Delta eta, Delta phi) relative to the jet axis and pT in
 * GeV, and no mass: the constituents are taken as <b>massless</b>. Four-vector k = (E, px, py, pz) =
 * z (cosh Delta eta, cos Delta phi, sin Delta phi, sinh Delta eta) with z = pT / S, S = the scalar sum of the
 * pT of the (at most C) kept constituents. This is the jet in the frame where its axis sits at eta = 0,
 * phi = 0: for massless particles the shift of (eta, phi) by the jet axis is a boost along the beam
 * (rapidity = pseudorapidity) and a rotation about it, both Lorentz transformations, so invariant masses
 * and Minkowski distances are those of the lab frame divided by S^2 (e.g. the m^2 of all constituents
 * is (m_jet / S)^2). Dividing by S removes the jet's pT, which in a dijet sample spans 1.2-4 TeV and
 * would otherwise make the score grow with mJJ (as for {@link JetConstituents}' pT fraction).
 *
 * <p>{@code fourvectors} are these raw components (the Lorentz layer needs them unstandardised).
 * {@code target}, the autoencoder's reconstruction target, is the constituent list in a canonical jet
 * frame, (Delta eta', Delta phi', z) per constituent: centred on the pT-weighted centroid, rotated so
 * that the principal axis of the pT-weighted second-moment matrix is along Delta phi, and reflected so
 * that the quadrant with the largest summed pT is Delta eta' >= 0, Delta phi' >= 0 (steps 1-3 of
 * {@link org.nphunt.jet.image.JetImages}, arXiv:1808.08979's preprocessing), each feature standardised,
 * (v - mean_f) / std_f, with statistics over the real constituents of the training jets (std 1 below
 * {@link Standardizer#MIN_STD}). <i>Why canonical:</i> the Lorentz layer's features (masses, pT,
 * energies, Minkowski distances) do not change under rotations and reflections of the jet about its
 * axis, so the signs and orientation of the raw (Delta eta, Delta phi) cannot be reconstructed from them
 * (measured on toy jets: with the raw four-vectors as the target the training loss stalled after 6 epochs
 * at 0.71 of its first epoch's). Padded slots are exactly 0 in all three
 * arrays, with mask 0. A source with more than C constituents per jet is cut to its C hardest (the lists
 * are pT-ordered).
 *
 * @param constituents C, constituents per jet the model sees
 * @param mean per-feature mean of the real constituents' target features (Delta eta', Delta phi', z)
 * @param std per-feature standard deviation actually used
 * @param count real constituents seen while fitting
 */
public record JetFourVectors(int constituents, double[] mean, double[] std, long count) implements Preprocessing {
  /** Type name in model files. */
  public static final String TYPE = "jet-four-vectors";
  public static final String FOUR_VECTORS = "fourvectors";
  public static final String TARGET = "target";
  public static final String MASK = "mask";
  /** Components per four-vector (E, px, py, pz). */
  public static final int COMPONENTS = 4;
  /** Target features per constituent (Delta eta', Delta phi', z). */
  public static final int FEATURES = 3;

  public JetFourVectors {
    if (constituents < 1 || constituents > 10_000) {
      throw new IllegalArgumentException("constituents must be in 1..10000, found " + constituents);
    }
    if (mean == null || mean.length != FEATURES || std == null || std.length != FEATURES) {
      throw new IllegalArgumentException("mean and std must have 3 values, found " + Arrays.toString(mean) + ", "
          + Arrays.toString(std));
    }
    for (int c = 0; c < FEATURES; c++) {
      if (!Double.isFinite(mean[c]) || !(std[c] >= Standardizer.MIN_STD) || !Double.isFinite(std[c])) {
        throw new IllegalArgumentException("mean must be finite and std finite and >= 1e-6, found mean " + mean[c]
            + ", std " + std[c] + " for feature " + c);
      }
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, found " + count);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Unstandardised targets (mean 0, std 1). */
  public static JetFourVectors identity(int constituents) {
    return new JetFourVectors(constituents, new double[FEATURES], new double[] {1, 1, 1}, 0);
  }

  @Override
  public String schema() {
    return DijetSchema.NAME;
  }

  @Override
  public List<ModelInput> inputs() {
    return List.of(ModelInput.of(FOUR_VECTORS, constituents, COMPONENTS), ModelInput.of(TARGET, constituents, FEATURES),
        ModelInput.of(MASK, constituents));
  }

  @Override
  public int examplesPerEvent() {
    return 2;
  }

  /**
   * The massless four-vector (E, px, py, pz) of a constituent at (Delta eta, Delta phi) with pT fraction
   * z, into {@code out[o .. o + 3]}.
   */
  public static void fourVector(double deta, double dphi, double z, double[] out, int o) {
    out[o] = z * Math.cosh(deta);
    out[o + 1] = z * Math.cos(dphi);
    out[o + 2] = z * Math.sin(dphi);
    out[o + 3] = z * Math.sinh(deta);
  }

  @Override
  public void apply(Events events, int from, int count, float[][] out, int row) {
    if (!(events.schema() instanceof DijetSchema ds)) {
      throw new NphuntException("jet four-vectors need " + DijetSchema.NAME + " events, found " + events.schema().name()
          + " events");
    }
    int sc = ds.constituents();
    double[] t = events.tensor(DijetSchema.CONSTITUENTS);
    float[] k = out[0];
    float[] target = out[1];
    float[] m = out[2];
    int c = constituents;
    int keep = Math.min(c, sc);
    double[] v = new double[COMPONENTS];
    double[] x = new double[c];
    double[] y = new double[c];
    double[] z = new double[c];
    int[] slot = new int[c];
    for (int e = 0; e < count; e++) {
      for (int jet = 0; jet < 2; jet++) {
        int src = ((from + e) * 2 + jet) * sc * 3;
        int ex = row + 2 * e + jet;
        int ko = ex * c * COMPONENTS;
        int to = ex * c * FEATURES;
        int mo = ex * c;
        Arrays.fill(k, ko, ko + c * COMPONENTS, 0f);
        Arrays.fill(target, to, to + c * FEATURES, 0f);
        Arrays.fill(m, mo, mo + c, 0f);
        double sum = 0;
        for (int i = 0; i < keep; i++) {
          sum += t[src + 3 * i + 2];
        }
        int n = 0;
        for (int i = 0; i < keep; i++) {
          double pt = t[src + 3 * i + 2];
          if (pt == 0.0) {
            continue;
          }
          fourVector(t[src + 3 * i], t[src + 3 * i + 1], pt / sum, v, 0);
          for (int q = 0; q < COMPONENTS; q++) {
            k[ko + COMPONENTS * i + q] = (float) v[q];
          }
          m[mo + i] = 1f;
          x[n] = t[src + 3 * i];
          y[n] = t[src + 3 * i + 1];
          z[n] = pt / sum;
          slot[n++] = i;
        }
        canonicalise(x, y, z, n);
        for (int j = 0; j < n; j++) {
          int o = to + FEATURES * slot[j];
          target[o] = (float) ((x[j] - mean[0]) / std[0]);
          target[o + 1] = (float) ((y[j] - mean[1]) / std[1]);
          target[o + 2] = (float) ((z[j] - mean[2]) / std[2]);
        }
      }
    }
  }

  /**
   * Moves n constituents at (x, y) = (Delta eta, Delta phi) with pT weights w into the canonical frame in
   * place: centred on the weighted centroid, principal axis along y, largest-weight quadrant at x, y >= 0
   * (as {@link org.nphunt.jet.image.JetImages}).
   */
  static void canonicalise(double[] x, double[] y, double[] w, int n) {
    if (n == 0) {
      return;
    }
    double sw = 0;
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < n; i++) {
      sw += w[i];
      sx += w[i] * x[i];
      sy += w[i] * y[i];
    }
    double cx = sx / sw;
    double cy = sy / sw;
    double cxx = 0;
    double cyy = 0;
    double cxy = 0;
    for (int i = 0; i < n; i++) {
      x[i] -= cx;
      y[i] -= cy;
      cxx += w[i] * x[i] * x[i];
      cyy += w[i] * y[i] * y[i];
      cxy += w[i] * x[i] * y[i];
    }
    double alpha = Math.PI / 2 - 0.5 * Math.atan2(2 * cxy, cxx - cyy);
    double c = Math.cos(alpha);
    double s = Math.sin(alpha);
    double[] q = new double[4];
    for (int i = 0; i < n; i++) {
      double xr = x[i] * c - y[i] * s;
      double yr = x[i] * s + y[i] * c;
      x[i] = xr;
      y[i] = yr;
      q[(xr < 0 ? 1 : 0) + (yr < 0 ? 2 : 0)] += w[i];
    }
    int best = 0;
    for (int k = 1; k < 4; k++) {
      if (q[k] > q[best]) {
        best = k;
      }
    }
    for (int i = 0; i < n; i++) {
      if ((best & 1) != 0) {
        x[i] = -x[i];
      }
      if ((best & 2) != 0) {
        y[i] = -y[i];
      }
    }
  }

  /**
   * Fits the per-feature statistics of the targets over the real constituents of the training jets
   * (events whose index passes {@code keep}; null keeps all), streaming {@code chunk} events at a time
   * (Welford's update, as {@link JetConstituents}).
   */
  public static JetFourVectors fit(EventSource source, LongPredicate keep, int chunk, int constituents) {
    JetFourVectors raw = identity(constituents);
    int slots = 2 * constituents;
    ConstituentMoments.Moments m = ConstituentMoments.fit(source, keep, chunk, slots, FEATURES, (ev, k) -> {
      float[][] buf = {new float[k * slots * COMPONENTS], new float[k * slots * FEATURES], new float[k * slots]};
      raw.apply(ev, 0, k, buf, 0);
      return new float[][] {buf[1], buf[2]};
    });
    return new JetFourVectors(constituents, m.mean(), m.sd(), m.count());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JetFourVectors j && j.constituents == constituents && Arrays.equals(j.mean, mean)
        && Arrays.equals(j.std, std) && j.count == count;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std) + constituents;
  }

  @Override
  public String toString() {
    return "JetFourVectors[constituents=" + constituents + ", mean=" + Arrays.toString(mean) + ", std="
        + Arrays.toString(std) + ", count=" + count + "]";
  }
}
