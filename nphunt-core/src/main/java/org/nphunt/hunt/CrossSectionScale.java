package org.nphunt.hunt;

/**
 * The conversion between a number of injected signal events and the signal's cross-section times
 * branching ratio, through the equivalent integrated luminosity of the background sample.
 *
 * <p>A background sample of N_bkg selected events generated with the leading-order cross-section
 * sigma_bkg,sel (the generator's cross-section after its selection, {@code
 * JetProcessStats.selectedCrossSectionPb}) stands for an integrated luminosity L = N_bkg /
 * sigma_bkg,sel. A signal of cross-section times branching ratio sigma x BR, of which the fraction
 * eps_S passes the same selection ({@code JetProcessStats.efficiency} of the signal process), gives
 * N_S = sigma x BR x eps_S x L selected events, so sigma x BR = N_S / (eps_S L). Units: pb for the
 * background cross-section, pb^-1 and fb^-1 for L (L[fb^-1] = L[pb^-1] / 1000), fb for sigma x BR.
 *
 * @param backgroundEvents N_bkg, the selected background events of the sample, &gt; 0
 * @param backgroundSelectedPb sigma_bkg,sel in pb, finite and &gt; 0
 * @param signalEfficiency eps_S, the signal's selection efficiency, in (0, 1]
 */
public record CrossSectionScale(long backgroundEvents, double backgroundSelectedPb, double signalEfficiency) {
  public CrossSectionScale {
    if (backgroundEvents <= 0) {
      throw new IllegalArgumentException("backgroundEvents must be > 0, found " + backgroundEvents);
    }
    if (!(backgroundSelectedPb > 0) || Double.isInfinite(backgroundSelectedPb)) {
      throw new IllegalArgumentException("backgroundSelectedPb must be finite and > 0 pb, found " + backgroundSelectedPb);
    }
    if (!(signalEfficiency > 0 && signalEfficiency <= 1)) {
      throw new IllegalArgumentException("signalEfficiency must be in (0, 1], found " + signalEfficiency);
    }
  }

  /** The equivalent integrated luminosity L = N_bkg / sigma_bkg,sel in pb^-1. */
  public double luminosityInversePb() {
    return backgroundEvents / backgroundSelectedPb;
  }

  /** The same luminosity in fb^-1. */
  public double luminosityInverseFb() {
    return luminosityInversePb() / 1000;
  }

  /** sigma x BR in fb of {@code events} selected signal events: events / (eps_S L). */
  public double crossSectionFb(long events) {
    return events / (signalEfficiency * luminosityInverseFb());
  }

  /** The selected signal events of sigma x BR = {@code fb}, rounded to the nearest integer. */
  public int events(double fb) {
    if (!(fb >= 0) || Double.isInfinite(fb)) {
      throw new IllegalArgumentException("cross-section must be finite and >= 0 fb, found " + fb);
    }
    double n = fb * signalEfficiency * luminosityInverseFb();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(fb + " fb is " + n + " events, more than an int");
    }
    return (int) Math.round(n);
  }
}
