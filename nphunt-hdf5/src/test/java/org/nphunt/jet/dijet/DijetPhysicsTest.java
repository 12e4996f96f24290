package org.nphunt.jet.dijet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.hdf5.LhcOlympicsReader;
import org.nphunt.jet.substructure.Nsubjettiness;
import org.nphunt.testing.SharedFixtures;

/**
 * Physics on real data: the 1,000 LHC Olympics 2020 R&D events (arXiv:2101.08320) of
 * ../shared/fixtures/lhco2020_rnd_1000.h5 (pandas fixed format, Blosc chunks), read through
 * nphunt-hdf5's {@link LhcOlympicsReader} (this test lives in nphunt-hdf5 for that reason). Signal is W' (3.5 TeV) -> X(500 GeV) Y(100 GeV), each
 * decaying to two quarks, so its two leading anti-kT R = 1 jets carry masses near 500 and 100 GeV and
 * a two-prong structure (small tau_21); QCD dijets have neither.
 */
class DijetPhysicsTest {

  @Test
  void signalJetsShowTheXAndYMassesAndTwoProngs() {
    DijetFeatures b = new DijetFeatures(DijetConfig.defaults());
    double[][] sig = new double[93][];
    double[][] bkg = new double[907][];
    int ns = 0;
    int nb = 0;
    double[] f = new double[DijetFeatures.N_FEATURES];
    Events events;
    try (LhcOlympicsReader r = LhcOlympicsReader.open(SharedFixtures.fixture("lhco2020_rnd_1000.h5"))) {
      events = r.read(0, (int) r.size());
    }
    double[] particles = events.tensor(ParticleListSchema.PARTICLES);
    int[] label = (int[]) events.column(ParticleListSchema.LABEL);
    for (int e = 0; e < events.size(); e++) {
      int nJets = b.compute(particles, e * 700 * 3, 700, f, 0, null, 0);
      assertTrue(nJets >= 2);
      assertTrue(f[1] > 1200, "every event has a jet above 1.2 TeV (README of the fixture)");
      if (label[e] == 1) {
        sig[ns++] = f.clone();
      } else {
        bkg[nb++] = f.clone();
      }
    }
    assertEquals(93, ns);
    assertEquals(907, nb);
    // jet masses: heavier and lighter of the two leading jets
    double sigHeavy = median(sig, x -> Math.max(x[4], x[9]));
    double sigLight = median(sig, x -> Math.min(x[4], x[9]));
    double sigLightSd = median(sig, x -> Math.min(x[19], x[20]));
    double sigHeavySd = median(sig, x -> Math.max(x[19], x[20]));
    assertTrue(Math.abs(sigHeavy - 500) < 40, "signal heavy-jet median mass " + sigHeavy);
    assertTrue(Math.abs(sigHeavySd - 500) < 40, "signal heavy-jet median soft-drop mass " + sigHeavySd);
    assertTrue(Math.abs(sigLight - 100) < 25, "signal light-jet median mass " + sigLight);
    assertTrue(Math.abs(sigLightSd - 100) < 15, "signal light-jet median soft-drop mass " + sigLightSd);
    // QCD: soft drop removes most of the mass; no 500 GeV peak
    double bkgHeavySd = median(bkg, x -> Math.max(x[19], x[20]));
    assertTrue(bkgHeavySd < 250, "background heavy-jet median soft-drop mass " + bkgHeavySd);
    long bkgInWindow = Arrays.stream(bkg).filter(x -> Math.abs(Math.max(x[19], x[20]) - 500) < 50).count();
    long sigInWindow = Arrays.stream(sig).filter(x -> Math.abs(Math.max(x[19], x[20]) - 500) < 50).count();
    assertTrue(sigInWindow > 0.6 * 93 && bkgInWindow < 0.1 * 907, sigInWindow + " signal, " + bkgInWindow + " background in window");
    // two-prong substructure: tau_21 of both jets
    double sigTau21 = median(sig, x -> Nsubjettiness.tau21(x[13], x[14]), x -> Nsubjettiness.tau21(x[16], x[17]));
    double bkgTau21 = median(bkg, x -> Nsubjettiness.tau21(x[13], x[14]), x -> Nsubjettiness.tau21(x[16], x[17]));
    assertTrue(sigTau21 < bkgTau21 - 0.15, "median tau_21 signal " + sigTau21 + ", background " + bkgTau21);
    // the resonance: mJJ near m(W') = 3.5 TeV for signal
    double sigMjj = median(sig, x -> x[0]);
    assertTrue(Math.abs(sigMjj - 3500) < 300, "signal median mJJ " + sigMjj);
  }

  @SafeVarargs
  private static double median(double[][] rows, ToDoubleFunction<double[]>... fs) {
    double[] v = Arrays.stream(fs).flatMapToDouble(fn -> Arrays.stream(rows).mapToDouble(fn)).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
  }
}
