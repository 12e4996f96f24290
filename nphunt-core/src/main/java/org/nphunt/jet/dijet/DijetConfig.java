package org.nphunt.jet.dijet;

/**
 * Settings of {@link DijetFeatures}.
 *
 * @param r anti-kT radius R, in (0, 10] (default 1.0, the LHC Olympics 2020 convention,
 *     arXiv:2101.08320); also R0 of N-subjettiness and of soft drop
 * @param ptMin minimum jet pT [GeV] for a jet to count, >= 0 (default 0: the two hardest jets)
 * @param maxConstituents constituents stored per jet, C, in [0, 10000] (default 100)
 * @param softDropZCut soft-drop z_cut, in [0, 1) (default 0.1)
 * @param softDropBeta soft-drop beta, >= 0 (default 0: modified mass drop)
 */
public record DijetConfig(double r, double ptMin, int maxConstituents, double softDropZCut, double softDropBeta) {

  public DijetConfig {
    if (!(r > 0 && r <= 10)) {
      throw new IllegalArgumentException("r must be in (0, 10], found " + r);
    }
    if (!(ptMin >= 0) || Double.isInfinite(ptMin)) {
      throw new IllegalArgumentException("ptMin must be >= 0, found " + ptMin);
    }
    if (maxConstituents < 0 || maxConstituents > 10000) {
      throw new IllegalArgumentException("maxConstituents must be in [0, 10000], found " + maxConstituents);
    }
    if (!(softDropZCut >= 0 && softDropZCut < 1)) {
      throw new IllegalArgumentException("softDropZCut must be in [0, 1), found " + softDropZCut);
    }
    if (!(softDropBeta >= 0) || Double.isInfinite(softDropBeta)) {
      throw new IllegalArgumentException("softDropBeta must be >= 0, found " + softDropBeta);
    }
  }

  /** R = 1.0, ptMin = 0, C = 100, z_cut = 0.1, beta = 0. */
  public static DijetConfig defaults() {
    return new DijetConfig(1.0, 0.0, 100, 0.1, 0.0);
  }
}
