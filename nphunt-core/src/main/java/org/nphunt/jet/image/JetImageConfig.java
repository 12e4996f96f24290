package org.nphunt.jet.image;

/**
 * Settings of {@link JetImages}.
 *
 * @param pixels pixels per side of the square image, in [1, 1024] (default 40)
 * @param halfWidth the image covers |Delta eta|, |Delta phi| < halfWidth around the centroid, > 0 and
 *     finite (default 1.0 = the jet radius R of the LHC Olympics jets)
 * @param rotate rotate so that the principal axis is vertical (default true)
 * @param flip reflect so that the quadrant of largest intensity is the upper right (default true)
 */
public record JetImageConfig(int pixels, double halfWidth, boolean rotate, boolean flip) {

  public JetImageConfig {
    if (pixels < 1 || pixels > 1024) {
      throw new IllegalArgumentException("pixels must be in [1, 1024], found " + pixels);
    }
    if (!(halfWidth > 0) || Double.isInfinite(halfWidth)) {
      throw new IllegalArgumentException("halfWidth must be > 0 and finite, found " + halfWidth);
    }
  }

  /** 40 x 40 pixels over |Delta eta|, |Delta phi| < 1, rotated and flipped. */
  public static JetImageConfig defaults() {
    return new JetImageConfig(40, 1.0, true, true);
  }

  /** 40 x 40 pixels over |Delta eta|, |Delta phi| < R, rotated and flipped. */
  public static JetImageConfig forRadius(double r) {
    return new JetImageConfig(40, r, true, true);
  }
}
