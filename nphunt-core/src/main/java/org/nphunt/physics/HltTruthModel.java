package org.nphunt.physics;

import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.data.ObjectType;
import org.nphunt.fit.PoissonSampler;

/**
 * The generator's truth for the high-level features of the HLT study (arXiv:1811.10276), computed for
 * an accepted event from the kernel's visible objects and the detector's decisions, with its own random
 * stream: the {@code Particles} of the event, drawn from the kernel's stream, do not depend on it.
 * Parameters: {@link TruthSpec}; physics: docs/generator.md, "Truth for the high-level features".
 *
 * <ul>
 *   <li>Charge of the lepton (the leading stored lepton): from the production process (W+ : W- = 58 :
 *       42 from the V-A decay; otherwise particle and antiparticle, t and tbar, ... with the process
 *       C-conjugated at random, since b g -> t H- and bbar g -> tbar H+ are equally likely); random for
 *       a QCD fake lepton.
 *   <li>Isolation sums in the cone of the generator's isolation (Delta R &lt; R about the lepton's
 *       direction): every jet whose activity axis lies in the cone contributes its pT split into charged
 *       hadrons, photons and neutral hadrons (mean fractions 0.65, 0.25, 0.10, Dirichlet-distributed;
 *       pile-up jets without their charged part, removed by vertex association); the underlying event
 *       and pile-up add Poisson numbers of soft particles (charged: primary vertex only). A QCD lepton
 *       sits in its parent jet's remnant and is much less isolated than a prompt one. Relative to the
 *       lepton's reconstructed pT.
 *   <li>b tag of each stored jet in |eta| &lt; 2.4: probability 0.70 for a b jet, 0.01 for any other.
 *   <li>Charged (primary vertex, |eta| &lt; 2.5) and neutral (|eta| &lt; 3) hadron multiplicities:
 *       Poisson with mean = underlying event (+ pile-up for neutral hadrons) + sum over jets of n_ch(pT)
 *       = 3.0 (ln(pT / 2 GeV))^1.2 (+2 for b jets), neutral 0.12 per charged; a hadronic tau gives 1 or
 *       3 charged prongs (77% / 23%).
 * </ul>
 */
final class HltTruthModel {
  /** Fraction of hadronic tau decays with one charged prong (PDG: 1-prong / (1 + 3-prong)). */
  static final double ONE_PRONG = 0.77;

  private final TruthSpec ts;
  private final double cone2;
  private final double coneArea;
  private final double trackerArea;
  private final double caloArea;

  /** The truth columns of one chunk. */
  static final class Columns {
    final double[] isoCh;
    final double[] isoNeu;
    final double[] isoGamma;
    final int[] charge;
    final int[] bTag;
    final int[] nChHad;
    final int[] nNeuHad;

    Columns(int n) {
      isoCh = new double[n];
      isoNeu = new double[n];
      isoGamma = new double[n];
      charge = new int[n];
      bTag = new int[n];
      nChHad = new int[n];
      nNeuHad = new int[n];
    }
  }

  HltTruthModel(TruthSpec ts, DetectorSpec det) {
    this.ts = ts;
    double r = det.isolationCone();
    this.cone2 = r * r;
    this.coneArea = Math.PI * r * r;
    this.trackerArea = 2 * ts.trackerEtaMax() * 2 * Math.PI;
    this.caloArea = 2 * ts.calorimeterEtaMax() * 2 * Math.PI;
  }

  TruthSpec spec() {
    return ts;
  }

  /**
   * Fills event {@code e} of {@code c} for the event the kernel just accepted and wrote at {@code base}
   * of {@code out}.
   */
  void fill(EventKernel k, double[] out, int base, SplittableRandom rt, Columns c, int e) {
    int lead = -1;
    double leadPt = -1;
    for (int s = ObjectType.ELECTRON.firstSlot(); s < ObjectType.MUON.endSlot(); s++) {
      int q = base + s * Adc2021.FEATURES;
      if (out[q + Adc2021.CLASS_ID] != 0.0 && out[q] > leadPt) {
        leadPt = out[q];
        lead = k.slotVis[s];
      }
    }
    if (lead < 0) {
      throw new IllegalStateException("an accepted event has no stored lepton");
    }
    // charge
    int q = k.vcharge[lead];
    double pick = rt.nextDouble();
    double flip = rt.nextDouble();
    if (q == 0) {
      q = pick < 0.5 ? -1 : 1;
    }
    if (!k.chargeFixed && flip < 0.5) {
      q = -q;
    }
    c.charge[e] = q;
    int pileup = (int) PoissonSampler.sample(ts.pileupMean(), rt);

    // isolation: jets whose activity axis is in the cone, then the soft particles
    double le = k.veta[lead];
    double lp = k.vphi[lead];
    double ch = 0;
    double neu = 0;
    double gam = 0;
    for (int j = 0; j < k.nv; j++) {
      if (j == lead || k.vtype[j] <= EventKernel.MU) {
        continue;
      }
      if (Kinematics.deltaR2(le, lp, k.isoEta[j], k.isoPhi[j]) < cone2) {
        double kappa = ts.fractionConcentration();
        double gc = gamma(rt, kappa * ts.jetChargedFraction());
        double gg = gamma(rt, kappa * ts.jetPhotonFraction());
        double gn = gamma(rt, kappa * (1 - ts.jetChargedFraction() - ts.jetPhotonFraction()));
        double sum = gc + gg + gn;
        double fc = sum > 0 ? gc / sum : 0;
        double fg = sum > 0 ? gg / sum : 0;
        double pt = k.vpt[j];
        if (j < k.nHard) {
          ch += fc * pt;
        }
        gam += fg * pt;
        neu += (1 - fc - fg) * pt;
      }
    }
    ch += softSum(rt, ts.ueChargedDensity() * coneArea, 0.5, ts.chargedMeanPt());
    neu += softSum(rt, (ts.ueNeutralDensity() + ts.pileupNeutralDensity() * pileup) * coneArea, 1.0, ts.neutralMeanEt());
    gam += softSum(rt, (ts.uePhotonDensity() + ts.pileupPhotonDensity() * pileup) * coneArea, 1.0, ts.neutralMeanEt());
    c.isoCh[e] = ch / leadPt;
    c.isoNeu[e] = neu / leadPt;
    c.isoGamma[e] = gam / leadPt;

    // b tags of the stored jets
    int tags = 0;
    ObjectType jet = ObjectType.JET;
    for (int s = 0; s < jet.slots(); s++) {
      int o = base + (jet.firstSlot() + s) * Adc2021.FEATURES;
      if (out[o + Adc2021.CLASS_ID] == 0.0 || Math.abs(out[o + Adc2021.ETA]) >= ts.bTagEtaMax()) {
        continue;
      }
      int v = k.slotVis[jet.firstSlot() + s];
      double p = k.vtype[v] == EventKernel.BJET ? ts.bTagEfficiency() : ts.lightMistag();
      if (rt.nextDouble() < p) {
        tags |= 1 << s;
      }
    }
    c.bTag[e] = tags;

    // hadron multiplicities
    double muCh = ts.ueChargedDensity() * trackerArea;
    double muNeu = (ts.ueNeutralDensity() + ts.pileupNeutralDensity() * pileup) * caloArea;
    int prongs = 0;
    for (int j = 0; j < k.nv; j++) {
      if (k.vtype[j] <= EventKernel.MU) {
        continue;
      }
      double eta = Math.abs(k.veta[j]);
      if (k.vtau[j]) {
        if (eta < ts.trackerEtaMax()) {
          prongs += rt.nextDouble() < ONE_PRONG ? 1 : 3;
        }
        continue;
      }
      double nc = ts.jetCharged(k.vpt[j]) + (k.vtype[j] == EventKernel.BJET ? ts.bExtraCharged() : 0);
      if (eta < ts.trackerEtaMax() && j < k.nHard) {
        muCh += nc;
      }
      if (eta < ts.calorimeterEtaMax()) {
        muNeu += ts.jetNeutralRatio() * nc;
      }
    }
    c.nChHad[e] = (int) PoissonSampler.sample(muCh, rt) + prongs;
    c.nNeuHad[e] = (int) PoissonSampler.sample(muNeu, rt);
  }

  /** Sum of a Poisson(mean) number of particles of pT threshold + Exp(meanAbove). */
  private static double softSum(SplittableRandom rt, double mean, double threshold, double meanAbove) {
    long n = PoissonSampler.sample(mean, rt);
    double sum = 0;
    for (long i = 0; i < n; i++) {
      sum += threshold - meanAbove * Math.log(1 - rt.nextDouble());
    }
    return sum;
  }

  /**
   * A Gamma(shape, 1) variate (0 for shape 0): Marsaglia and Tsang, ACM TOMS 26 (2000) 363, with the
   * boost u^(1/shape) for shape &lt; 1.
   */
  static double gamma(SplittableRandom r, double shape) {
    if (shape <= 0) {
      return 0;
    }
    if (shape < 1) {
      return gamma(r, shape + 1) * Math.pow(1 - r.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = r.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1 - r.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
