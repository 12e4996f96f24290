package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.eval.Auc;
import org.nphunt.random.Seeds;

/**
 * CWoLa hunting on toys: two jet-like features, N(0, 1) for the background whatever mJJ, N(2, 0.5) for
 * a 3.5 TeV resonance. With 250 signal events injected (S/B under 10% in the window) the window-vs-sideband
 * classifier becomes a signal tagger; without it, it cannot tell the window from the sidebands.
 */
class CwolaHuntingTest {
  static double[][] features;
  static double[] mJJ;
  static int[] label;

  static void events(int nb, int ns, long seed) {
    HuntEvents b = new ToyResonance(3500, 0.05).background(nb, 2800, 4400, seed);
    HuntEvents s = new ToyResonance(3500, 0.05).signal(ns, seed + 1);
    HuntEvents all = HuntEvents.concat(b, s);
    int n = all.size();
    mJJ = all.mJJ();
    label = all.label();
    features = new double[n][2];
    for (int i = 0; i < n; i++) {
      SplittableRandom r = Seeds.random(seed, "test/cwola-features", i);
      double mu = label[i] == 1 ? 2 : 0;
      double sd = label[i] == 1 ? 0.5 : 1;
      features[i][0] = mu + sd * r.nextGaussian();
      features[i][1] = mu + sd * r.nextGaussian();
    }
  }

  static double[] aucs(CwolaHunting.Result res) {
    // in the window: signal vs background by the CWoLa score; window background vs sideband background
    int nw = 0;
    int nsig = 0;
    int nsb = 0;
    for (int i = 0; i < mJJ.length; i++) {
      if (res.inWindow()[i] == 1 && label[i] == 0) {
        nw++;
      } else if (res.inWindow()[i] == 1) {
        nsig++;
      } else if (res.inWindow()[i] == 0 && label[i] == 0) {
        nsb++;
      }
    }
    double[] bw = new double[nw];
    double[] sw = new double[nsig];
    double[] bs = new double[nsb];
    for (int i = 0, a = 0, c = 0, d = 0; i < mJJ.length; i++) {
      if (res.inWindow()[i] == 1 && label[i] == 0) {
        bw[a++] = res.score()[i];
      } else if (res.inWindow()[i] == 1) {
        sw[c++] = res.score()[i];
      } else if (res.inWindow()[i] == 0 && label[i] == 0) {
        bs[d++] = res.score()[i];
      }
    }
    return new double[] {nsig == 0 ? Double.NaN : Auc.mannWhitney(bw, sw), Auc.mannWhitney(bs, bw)};
  }

  @Test
  void classifierFindsTheInjectedSignal() {
    events(12_000, 250, 3);
    CwolaHunting.Result res = CwolaHunting.run(features, mJJ, 3300, 3700, 400, 5, 2, 16, 15, 7);
    double[] auc = aucs(res);
    assertTrue(auc[0] > 0.85, "AUC signal vs background in the window " + auc[0]);
    assertEquals(Double.NaN, res.score()[indexOutside()], 0.0);
  }

  @Test
  void withoutSignalTheWindowLooksLikeTheSidebands() {
    events(12_000, 0, 4);
    CwolaHunting.Result res = CwolaHunting.run(features, mJJ, 3300, 3700, 400, 5, 2, 16, 15, 7);
    double auc = aucs(res)[1];
    assertEquals(0.5, auc, 0.04, "AUC window background vs sideband background");
  }

  static int indexOutside() {
    for (int i = 0; i < mJJ.length; i++) {
      if (mJJ[i] < 2900 || mJJ[i] >= 4100) {
        return i;
      }
    }
    throw new IllegalStateException("no event outside");
  }
}
