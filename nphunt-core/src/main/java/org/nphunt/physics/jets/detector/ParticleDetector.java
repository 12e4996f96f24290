package org.nphunt.physics.jets.detector;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Pid;

/**
 * The particle-flow response of a {@link JetDetectorSpec} to the final particles of an event, written
 * as (pT [GeV], eta, phi) rows as in the LHC Olympics files.
 *
 * <p>A charged particle inside the tracker (|eta| &lt; 2.5) above the tracking threshold is reconstructed
 * with the tracking efficiency as a track with its direction and a smeared pT. Photons deposit their
 * energy in ECAL cells, charged particles without a track in HCAL cells (|eta| &lt; 3), everything in the
 * forward calorimeter's cells up to |eta| &lt; 4.7; invisible particles and anything beyond are lost.
 * Each cell's summed energy is smeared log-normally with the calorimeter's resolution (Delphes'
 * LogNormal) and kept when above the calorimeter's minimum and {@code significanceMin} standard
 * deviations; it becomes one massless object at a uniform position inside the cell (Delphes'
 * SmearTowerCenter). As Delphes' energy flow, cells hold neutral energy only (tracked particles are not
 * deposited: the subtraction of their calorimeter energy is taken to be perfect).
 *
 * <p>Objects are written unordered (tracks, then ECAL, HCAL and forward cells); when more than the
 * row limit exist, the softest are dropped. Cells are dense per-thread arrays with a touched list (no
 * per-event allocation). Not thread-safe.
 */
public final class ParticleDetector {
  private final JetDetectorSpec spec;
  private final Grid ecal;
  private final Grid hcal;
  private final Grid forward;
  private double[] oPt = new double[1024];
  private double[] oEta = new double[1024];
  private double[] oPhi = new double[1024];
  private int[] order = new int[1024];
  private int count;

  /** A calorimeter as a dense grid of cells in (eta, phi). */
  private static final class Grid {
    final JetDetectorSpec.CalorimeterSpec spec;
    final double etaMin;
    final double etaMax;
    final double cellEta;
    final double cellPhi;
    final int nEta;
    final int nPhi;
    final double[] energy;
    int[] touched = new int[1024];
    int nTouched;

    Grid(JetDetectorSpec.CalorimeterSpec spec, double etaMin, double etaMax) {
      this.spec = spec;
      this.etaMin = etaMin;
      this.etaMax = etaMax;
      this.nEta = Math.max(1, (int) Math.ceil((etaMax - etaMin) / spec.cellEta() - 1e-9));
      this.cellEta = (etaMax - etaMin) / nEta;
      this.nPhi = Math.max(1, (int) Math.round(2 * Math.PI / spec.cellPhi()));
      this.cellPhi = 2 * Math.PI / nPhi;
      this.energy = new double[nEta * nPhi];
    }

    void deposit(double eta, double phi, double e) {
      int ie = (int) ((eta - etaMin) / cellEta);
      ie = Math.max(0, Math.min(nEta - 1, ie));
      int ip = (int) ((phi + Math.PI) / cellPhi);
      ip = Math.max(0, Math.min(nPhi - 1, ip));
      int c = ie * nPhi + ip;
      if (energy[c] == 0) {
        if (nTouched == touched.length) {
          touched = Arrays.copyOf(touched, 2 * touched.length);
        }
        touched[nTouched++] = c;
      }
      energy[c] += e;
    }
  }

  public ParticleDetector(JetDetectorSpec spec) {
    this.spec = spec;
    double f = spec.forwardAbsEtaMin();
    // the central calorimeters span (-f, f); the forward one both sides, folded by |eta|
    this.ecal = new Grid(spec.ecal(), -f, f);
    this.hcal = new Grid(spec.hcal(), -f, f);
    this.forward = new Grid(spec.forward(), -spec.calorimeterAbsEtaMax(), spec.calorimeterAbsEtaMax());
  }

  public JetDetectorSpec spec() {
    return spec;
  }

  /**
   * Reconstructs the event's {@link EventRecord#FINAL} visible particles and writes up to {@code maxRows}
   * (pT, eta, phi) rows to out[offset..]; rows beyond the objects found are left untouched (the caller
   * provides zeros). Returns the number of rows written.
   */
  public int detect(EventRecord ev, SplittableRandom r, double[] out, int offset, int maxRows) {
    count = 0;
    JetDetectorSpec.TrackerSpec tr = spec.tracker();
    double fwd = spec.forwardAbsEtaMin();
    double caloMax = spec.calorimeterAbsEtaMax();
    for (int i = 0; i < ev.size; i++) {
      if (ev.status[i] != EventRecord.FINAL) {
        continue;
      }
      int id = ev.id[i];
      if (Pid.isInvisible(id)) {
        continue;
      }
      double px = ev.px[i];
      double py = ev.py[i];
      double pz = ev.pz[i];
      double pt = Math.sqrt(px * px + py * py);
      if (pt <= 0) {
        continue;
      }
      double eta = asinh(pz / pt);
      double aeta = Math.abs(eta);
      if (aeta >= caloMax) {
        continue;
      }
      double phi = Math.atan2(py, px);
      boolean charged = Pid.charge(id) != 0;
      if (charged && aeta < tr.absEtaMax() && pt > tr.ptMin()) {
        double eff = aeta < 1.5 ? tr.efficiencyBarrel() : tr.efficiencyEndcap();
        if (pt <= 1.0) {
          eff *= tr.lowPtFactor();
        }
        if (r.nextDouble() < eff) {
          double rel = Math.hypot(tr.resolutionConstant(), tr.resolutionPerGeV() * pt);
          double smeared;
          do {
            smeared = pt * (1 + rel * r.nextGaussian());
          } while (smeared <= 0);
          add(smeared, eta, phi);
          continue;
        }
      }
      double energy = ev.e[i];
      if (aeta >= fwd) {
        forward.deposit(eta, phi, energy);
      } else if (id == Pid.PHOTON) {
        ecal.deposit(eta, phi, energy);
      } else {
        hcal.deposit(eta, phi, energy);
      }
    }
    readOut(ecal, r);
    readOut(hcal, r);
    readOut(forward, r);
    int n = count;
    if (n > maxRows) {
      selectHardest(maxRows);
      n = maxRows;
      for (int k = 0; k < n; k++) {
        int j = order[k];
        int o = offset + 3 * k;
        out[o] = oPt[j];
        out[o + 1] = oEta[j];
        out[o + 2] = oPhi[j];
      }
      return n;
    }
    for (int k = 0; k < n; k++) {
      int o = offset + 3 * k;
      out[o] = oPt[k];
      out[o + 1] = oEta[k];
      out[o + 2] = oPhi[k];
    }
    return n;
  }

  private void readOut(Grid g, SplittableRandom r) {
    double sigMin = spec.significanceMin();
    for (int k = 0; k < g.nTouched; k++) {
      int c = g.touched[k];
      double trueE = g.energy[c];
      g.energy[c] = 0;
      double sigma = g.spec.sigma(trueE);
      double e = logNormal(trueE, sigma, r);
      if (e <= g.spec.energyMin() || e <= sigMin * sigma) {
        continue;
      }
      int ie = c / g.nPhi;
      int ip = c - ie * g.nPhi;
      double eta = g.etaMin + (ie + r.nextDouble()) * g.cellEta;
      double phi = -Math.PI + (ip + r.nextDouble()) * g.cellPhi;
      if (Math.abs(eta) >= spec.calorimeterAbsEtaMax()) {
        continue;
      }
      add(e / Math.cosh(eta), eta, phi);
    }
    g.nTouched = 0;
  }

  /** Log-normal variate with the given mean and standard deviation (Delphes' LogNormal). */
  static double logNormal(double mean, double sigma, SplittableRandom r) {
    if (mean <= 0) {
      return 0;
    }
    double b = Math.sqrt(Math.log1p(sigma * sigma / (mean * mean)));
    double a = Math.log(mean) - 0.5 * b * b;
    return Math.exp(a + b * r.nextGaussian());
  }

  private void add(double pt, double eta, double phi) {
    if (count == oPt.length) {
      int cap = 2 * count;
      oPt = Arrays.copyOf(oPt, cap);
      oEta = Arrays.copyOf(oEta, cap);
      oPhi = Arrays.copyOf(oPhi, cap);
      order = new int[cap];
    }
    oPt[count] = pt;
    oEta[count] = eta;
    oPhi[count] = phi;
    count++;
  }

  /** Puts the indices of the k hardest objects, in their original order, into order[0..k). */
  private void selectHardest(int k) {
    double[] sorted = Arrays.copyOf(oPt, count);
    Arrays.sort(sorted);
    double threshold = sorted[count - k];
    int above = 0;
    for (int i = 0; i < count; i++) {
      if (oPt[i] > threshold) {
        above++;
      }
    }
    int ties = k - above;
    int n = 0;
    for (int i = 0; i < count && n < k; i++) {
      if (oPt[i] > threshold || (oPt[i] == threshold && ties-- > 0)) {
        order[n++] = i;
      }
    }
  }

  private static double asinh(double x) {
    double a = Math.abs(x);
    return Math.copySign(Math.log(a + Math.sqrt(a * a + 1)), x);
  }
}
