package org.nphunt.physics.jets;

/**
 * The event selection applied at generation, on anti-kT jets of radius {@code r} clustered from the
 * detector-level particles. An event is kept when at least one of its two leading jets has ptMin &lt; pT
 * (&lt; ptMax when given) and |eta| &lt; absEtaMax; and, when given, the two leading jets have an invariant
 * mass above mjjMin and both lie within |eta| &lt; jetsAbsEtaMax.
 *
 * @param r jet radius (default 1.0)
 * @param ptMin [GeV] (default 1200)
 * @param ptMax [GeV]; 0 means no upper bound (default)
 * @param absEtaMax (default 2.5)
 * @param mjjMin [GeV]; 0 means no dijet-mass requirement (default)
 * @param jetsAbsEtaMax both leading jets within |eta| &lt; this; 0 means no requirement (default)
 */
public record JetSelection(double r, double ptMin, double ptMax, double absEtaMax, double mjjMin, double jetsAbsEtaMax) {
  public JetSelection {
    r = r == 0 ? 1.0 : r;
    ptMin = ptMin == 0 ? 1200 : ptMin;
    absEtaMax = absEtaMax == 0 ? 2.5 : absEtaMax;
    if (!(r > 0 && r <= 10)) {
      throw new IllegalArgumentException("selection r must be in (0, 10], found " + r);
    }
    if (!(ptMin > 0) || Double.isInfinite(ptMin)) {
      throw new IllegalArgumentException("selection ptMin must be > 0, found " + ptMin);
    }
    if (!(ptMax == 0 || ptMax > ptMin) || Double.isInfinite(ptMax)) {
      throw new IllegalArgumentException("selection ptMax must be 0 (none) or > ptMin, found " + ptMax);
    }
    if (!(absEtaMax > 0 && absEtaMax <= 10)) {
      throw new IllegalArgumentException("selection absEtaMax must be in (0, 10], found " + absEtaMax);
    }
    if (!(mjjMin >= 0) || Double.isInfinite(mjjMin)) {
      throw new IllegalArgumentException("selection mjjMin must be >= 0, found " + mjjMin);
    }
    if (!(jetsAbsEtaMax >= 0 && jetsAbsEtaMax <= 10)) {
      throw new IllegalArgumentException("selection jetsAbsEtaMax must be in [0, 10] (0: none), found " + jetsAbsEtaMax);
    }
  }

  /** Only the jet requirement. */
  public JetSelection(double r, double ptMin, double ptMax, double absEtaMax) {
    this(r, ptMin, ptMax, absEtaMax, 0, 0);
  }

  /**
   * The LHC Olympics 2020 R&amp;D selection (arXiv:2101.08320): a jet of R = 1.0 with pT &gt; 1.2 TeV and
   * |eta| &lt; 2.5.
   */
  public static JetSelection lhcOlympics() {
    return new JetSelection(1.0, 1200, 0, 2.5);
  }

  /** The top-tagging reference selection (arXiv:1902.09914): a jet of R = 0.8 with 550 &lt; pT &lt; 650 GeV, |eta| &lt; 2. */
  public static JetSelection topTagging() {
    return new JetSelection(0.8, 550, 650, 2.0);
  }

  /**
   * The dijet-search preselection (as the CMS anomaly search, arXiv:2412.03747, with R = 1.0): both leading
   * jets within |eta| &lt; 2.4, mJJ &gt; 1.2 TeV, a jet above 300 GeV.
   */
  public static JetSelection dijetSearch() {
    return new JetSelection(1.0, 300, 0, 2.4, 1200, 2.4);
  }

  /** Whether a jet (pT, eta) qualifies as the triggering jet. */
  public boolean accepts(double pt, double eta) {
    return pt > ptMin && (ptMax == 0 || pt < ptMax) && Math.abs(eta) < absEtaMax;
  }
}
