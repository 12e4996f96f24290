package org.nphunt.benchmark.hunt;

import java.util.List;
import java.util.Locale;
import org.nphunt.hunt.HuntConfig;
import org.nphunt.hunt.HuntEvents;
import org.nphunt.hunt.SignalInjection;
import org.nphunt.hunt.ToyResonance;

/**
 * The signal-injection scan of the resonant search on {@link ToyResonance} toys (20,000 background
 * events in 2.4-6 TeV, a 3.5 TeV resonance of 5% width): for each number of injected events, the
 * whole search (quantile regression re-trained on the contaminated signal region, categories,
 * simultaneous fit) and the inclusive bump hunt, with the smooth (1 layer on a quadratic in ln mJJ) and
 * the published (5 dense layers) quantile models. Prints a Markdown table.
 *
 * <p>Usage: {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
 * org.nphunt.benchmark.hunt.HuntInjectionStudy [background events] [seed]}
 */
public final class HuntInjectionStudy {
  private HuntInjectionStudy() {}

  public static void main(String[] args) {
    int nb = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 11;
    ToyResonance toy = new ToyResonance(3500, 0.05);
    HuntEvents bkg = toy.background(nb, 2400, 6000, seed);
    HuntEvents sig = toy.signal(2000, seed + 1);
    int[] injected = {0, 20, 40, 60, 100};
    System.out.println("| QR model | injected | true mu (SR, fit range) | mu hat (categorised) | Z categorised | mu hat (inclusive) | Z inclusive |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (String model : List.of("linear", "network")) {
      HuntConfig cfg = model.equals("linear")
          ? new HuntConfig(1.4, null, 5, 1, 2, 16, 30, 256, 3e-3, 2400, 6000, 30, 6, 0.05, seed)
          : new HuntConfig(1.4, null, 5, 5, 1, 16, 60, 256, 3e-3, 2400, 6000, 30, 6, 0.05, seed);
      for (SignalInjection.Point p : SignalInjection.scan(bkg, sig, injected, 3500, cfg)) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f +- %.1f | %.2f | %.1f +- %.1f | %.2f |%n", model, p.injected(),
            p.trueMu(), p.muHat(), p.muError(), p.significance(), p.muHatInclusive(), p.muErrorInclusive(),
            p.significanceInclusive());
      }
    }
  }
}
