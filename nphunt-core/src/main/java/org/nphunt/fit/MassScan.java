package org.nphunt.fit;

import java.util.List;
import java.util.Locale;

/**
 * A scan over signal mass hypotheses: the background-only fit and one signal-plus-background fit per
 * mass. The significances are local (no look-elsewhere correction).
 *
 * @param background the background-only fit shared by every point
 * @param points one row per mass, in the order requested
 */
public record MassScan(BackgroundOnlyResult background, List<ScanPoint> points) {
  public MassScan {
    points = List.copyOf(points);
  }

  /**
   * The headline: the point with the largest local significance among those whose Z is not a fit artefact
   * ({@link ScanPoint#unreliable()}), or, when every point is one, among all; the first of equals; null for no
   * points. The skipped artefacts stay in {@link #points()} (and the tables), and {@link #mostSignificantOfAll()}
   * finds them for the warnings.
   */
  public ScanPoint mostSignificant() {
    ScanPoint best = null;
    for (ScanPoint p : points) {
      if (!p.unreliable() && (best == null || p.localSignificance() > best.localSignificance())) {
        best = p;
      }
    }
    return best != null ? best : mostSignificantOfAll();
  }

  /** The point with the largest local significance, artefact or not (the first of equals), or null for no points. */
  public ScanPoint mostSignificantOfAll() {
    ScanPoint best = null;
    for (ScanPoint p : points) {
      if (best == null || p.localSignificance() > best.localSignificance()) {
        best = p;
      }
    }
    return best;
  }

  /** The table as Markdown: mass, mu hat, errors, q0, Z, chi2/ndf (Pearson and likelihood ratio). */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| mass [GeV] | mu hat | -err | +err | err (Hessian) | q0 | Z local | Pearson chi2/ndf | LR chi2/ndf |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    boolean boundary = false;
    for (ScanPoint p : points) {
      boundary |= p.atPositivityBoundary();
      sb.append(String.format(Locale.ROOT, "| %.1f%s | %.2f | %.2f | %.2f | %.2f | %.3f | %.2f | %.1f/%d | %.1f/%d |%n",
          p.mass(), p.atPositivityBoundary() ? " (b)" : "", p.muHat(), p.muErrorDown(), p.muErrorUp(), p.muErrorHessian(), p.q0(), p.localSignificance(),
          p.pearsonChi2(), p.ndf(), p.deviance(), p.ndf()));
    }
    if (boundary) {
      sb.append("\n(b): the fit's maximum lies where a bin's expectation vanishes; mu hat and its lower error are only"
          + " indicative there.\n");
    }
    return sb.toString();
  }
}
