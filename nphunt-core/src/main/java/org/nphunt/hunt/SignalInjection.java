package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nphunt.fit.Histogram;
import org.nphunt.fit.SignalFit;

/**
 * Signal injection: known numbers of signal events added to a background sample, the whole search
 * re-run on each mixture (quantile regression re-trained on the contaminated signal region: the method
 * must survive the contamination) and the signal strength fitted at the signal mass, categorised and
 * inclusive. The anomaly score is taken as given (re-training the anomaly model per point is the
 * caller's choice).
 */
public final class SignalInjection {
  private SignalInjection() {}

  /**
   * One injection point.
   *
   * @param injected signal events added (all regions, all masses)
   * @param trueMu of those, the ones in the signal region inside the fit range: the true mu
   * @param muHat fitted mu of the categorised fit at the signal mass
   * @param muError its symmetric profile-likelihood error
   * @param significance its local significance Z
   * @param muHatInclusive fitted mu of the inclusive fit
   * @param muErrorInclusive its error
   * @param significanceInclusive its local significance Z
   */
  public record Point(int injected, long trueMu, double muHat, double muError, double significance,
      double muHatInclusive, double muErrorInclusive, double significanceInclusive) {}

  /**
   * Runs the injection scan.
   *
   * @param background background events
   * @param signal a pool of signal events, at least max(injected); the first n are injected, and the
   *     whole pool serves as the signal simulation that gives the category efficiencies
   * @param injected numbers of events to inject, each in [0, pool size]
   * @param mass the signal mass hypothesis of the fits in GeV
   */
  public static List<Point> scan(HuntEvents background, HuntEvents signal, int[] injected, double mass,
      HuntConfig config) {
    List<Point> out = new ArrayList<>();
    double[] edges = config.edges();
    for (int n : injected) {
      if (n < 0 || n > signal.size()) {
        throw new IllegalArgumentException("injected must be in [0, " + signal.size() + "], found " + n);
      }
      HuntEvents sig = signal.select(IntStream.range(0, n).toArray());
      HuntEvents mix = HuntEvents.concat(background, sig);
      long trueMu = 0;
      for (int i = 0; i < n; i++) {
        if (Regions.inSignalRegion(sig.deltaEta()[i], config.deltaEtaCut()) && Histogram.binIndex(edges, sig.mJJ()[i]) >= 0) {
          trueMu++;
        }
      }
      Hunt.Run run = Hunt.runWithSignalSimulation(mix, config, signal);
      SignalFit c = run.categorisedSearch().fit(mass);
      SignalFit i = run.inclusiveSearch().fit(mass);
      out.add(new Point(n, trueMu, c.muHat(), c.muError(), c.localSignificance(), i.muHat(), i.muError(),
          i.localSignificance()));
    }
    return out;
  }
}
