package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nphunt.fit.Histogram;
import org.nphunt.fit.SignalFit;
import org.nphunt.random.Seeds;

/**
 * Signal injection (issue 13, CMS arXiv:2412.03747): known amounts of signal added to a background
 * sample and the whole search re-run on each mixture, the anomaly model (through a {@link Rescorer})
 * and the quantile regression both re-trained on the contaminated data (the method must survive the
 * contamination), with the signal strength fitted at the signal mass, categorised and inclusive (the
 * bump hunt without the anomaly score).
 *
 * <p>Amounts are events; with a {@link CrossSectionScale} (the background's equivalent luminosity and
 * the signal's selection efficiency) each point also carries sigma x BR in fb. Without one (a user's
 * file of unknown cross-section) the points carry the event counts and S/B in the signal region.
 *
 * <p>Seeds: point n (n injected events) runs with seed {@code Seeds.derive(seed, "hunt/inject", n)}
 * for its quantile regression and its re-trained anomaly model, so a point's result depends only on
 * the seed and n (not on the other points), and the same seed gives a bit-identical scan.
 */
public final class SignalInjection {
  private SignalInjection() {}

  /**
   * The anomaly model re-trained on one injected dataset.
   */
  @FunctionalInterface
  public interface Rescorer {
    /**
     * Trains the anomaly model on the mixture of the background and the first {@code injected} signal
     * events (as the hunt does: on its sideband) with {@code seed}, and scores the background and
     * the whole signal pool with it.
     *
     * @return background.size() + signal.size() scores: the background's, then the signal pool's
     */
    double[] score(int injected, long seed);
  }

  /**
   * One injection point.
   *
   * @param injected signal events added (all regions, all masses)
   * @param crossSectionFb sigma x BR of {@code injected} events in fb, or NaN when the cross-section scale
   *     is unknown
   * @param trueMu of the injected events, the ones in the signal region inside the fit range: the true mu
   * @param signalRegionBackground background events in the signal region inside the fit range (S/B =
   *     trueMu / signalRegionBackground)
   * @param seed the point's seed (quantile regression and re-trained anomaly model)
   * @param muHat fitted mu of the categorised fit at the signal mass
   * @param muError its symmetric profile-likelihood error
   * @param significance its local significance Z
   * @param muHatInclusive fitted mu of the inclusive fit
   * @param muErrorInclusive its error
   * @param significanceInclusive its local significance Z
   * @param bestMass the most significant mass of the categorised scan in GeV (where the search would
   *     point without knowing the signal mass)
   * @param bestSignificance its local Z
   */
  public record Point(int injected, double crossSectionFb, long trueMu, long signalRegionBackground, long seed,
      double muHat, double muError, double significance, double muHatInclusive, double muErrorInclusive,
      double significanceInclusive, double bestMass, double bestSignificance) {}

  /**
   * The scan with the given scores (not re-trained) and no cross-section scale; the quantile
   * regression is re-trained per point.
   */
  public static List<Point> scan(HuntEvents background, HuntEvents signal, int[] injected, double mass,
      HuntConfig config) {
    return scan(background, signal, injected, mass, config, null, null);
  }

  /**
   * Runs the injection scan.
   *
   * @param background background events
   * @param signal a pool of signal events, at least max(injected); the first n are injected, and the
   *     whole pool serves as the signal simulation that gives the category efficiencies
   * @param injected numbers of events to inject, each in [0, pool size]
   * @param mass the signal mass hypothesis of the fits in GeV
   * @param rescorer re-trains the anomaly model per point, or null to keep the events' scores
   * @param scale converts events to sigma x BR, or null (unknown cross-section)
   */
  public static List<Point> scan(HuntEvents background, HuntEvents signal, int[] injected, double mass,
      HuntConfig config, Rescorer rescorer, CrossSectionScale scale) {
    for (int n : injected) {
      if (n < 0 || n > signal.size()) {
        throw new IllegalArgumentException("injected must be in [0, " + signal.size() + "], found " + n);
      }
    }
    List<Point> out = new ArrayList<>();
    double[] edges = config.edges();
    long bkgSr = IntStream.range(0, background.size()).filter(i -> inFit(background, i, config, edges)).count();
    for (int n : injected) {
      long seed = Seeds.derive(config.seed(), "hunt/inject", n);
      HuntConfig pointConfig = config.withSeed(seed);
      HuntEvents bkg = background;
      HuntEvents pool = signal;
      if (rescorer != null) {
        double[] s = rescorer.score(n, seed);
        if (s.length != background.size() + signal.size()) {
          throw new IllegalStateException("rescorer gave " + s.length + " scores, need " + (background.size()
              + signal.size()));
        }
        bkg = withScore(background, java.util.Arrays.copyOfRange(s, 0, background.size()));
        pool = withScore(signal, java.util.Arrays.copyOfRange(s, background.size(), s.length));
      }
      HuntEvents sig = pool.select(IntStream.range(0, n).toArray());
      HuntEvents mix = HuntEvents.concat(bkg, sig);
      long trueMu = IntStream.range(0, n).filter(i -> inFit(sig, i, config, edges)).count();
      Hunt.Run run = Hunt.runWithSignalSimulation(mix, pointConfig, pool);
      SignalFit c = run.categorisedSearch().fit(mass);
      SignalFit i = run.inclusiveSearch().fit(mass);
      out.add(new Point(n, scale == null ? Double.NaN : scale.crossSectionFb(n), trueMu, bkgSr, seed, c.muHat(),
          c.muError(), c.localSignificance(), i.muHat(), i.muError(), i.localSignificance(),
          run.result().categorised().mostSignificant().mass(),
          run.result().categorised().mostSignificant().localSignificance()));
    }
    return out;
  }

  /** The events for each cross-section in fb ({@link CrossSectionScale#events}). */
  public static int[] events(CrossSectionScale scale, double[] crossSectionsFb) {
    return java.util.Arrays.stream(crossSectionsFb).mapToInt(scale::events).toArray();
  }

  private static boolean inFit(HuntEvents ev, int i, HuntConfig config, double[] edges) {
    return Regions.inSignalRegion(ev.deltaEta()[i], config.deltaEtaCut()) && Histogram.binIndex(edges, ev.mJJ()[i]) >= 0;
  }

  private static HuntEvents withScore(HuntEvents ev, double[] score) {
    return new HuntEvents(ev.mJJ(), ev.deltaEta(), score, ev.label());
  }
}
