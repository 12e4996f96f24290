package org.nphunt.benchmark.hunt;

import java.util.Locale;
import java.util.stream.IntStream;
import org.nphunt.hunt.CategoryResult;
import org.nphunt.hunt.Hunt;
import org.nphunt.hunt.HuntConfig;
import org.nphunt.hunt.HuntEvents;
import org.nphunt.hunt.ToyResonance;

/**
 * How much of a narrow planted signal the quantile regression absorbs (issue 13): on {@link
 * ToyResonance} toys (background in 2.4-6 TeV, a 3.5 TeV resonance of 5% width), for each quantile
 * model (the published 5-layer network, the linear regression on a quadratic in ln mJJ) trained in the
 * signal region (k-folded, the paper's procedure) or in the sideband |DeltaEtaJJ| &gt;= 1.4 and applied to
 * the signal region: the fraction of the signal region's signal events above the tightest threshold
 * (category q99-100) with the signal in the data, against the same fraction under thresholds trained
 * on the background alone (no contamination possible), and on background only the smallest shape-test
 * p-value over the categories and the largest deviation of a category's fraction from its nominal
 * background acceptance. Prints a Markdown table.
 *
 * <p>Usage: {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
 * org.nphunt.benchmark.hunt.QuantileContaminationStudy [background events] [signal events] [seeds]}
 */
public final class QuantileContaminationStudy {
  private QuantileContaminationStudy() {}

  public static void main(String[] args) {
    int nb = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int ns = args.length > 1 ? Integer.parseInt(args[1]) : 150;
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    ToyResonance toy = new ToyResonance(3500, 0.05);
    System.out.println("| QR model | trained on | seed | signal above q99 (contaminated) | same, thresholds from background only"
        + " | background only: min shape p (chi2, KS) | max abs(fraction - nominal) | q99-100 fraction |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (String model : new String[] {"network", "linear"}) {
      for (HuntConfig.QrRegion region : HuntConfig.QrRegion.values()) {
        for (long seed = 1; seed <= seeds; seed++) {
          HuntConfig cfg = (model.equals("linear")
              ? new HuntConfig(1.4, null, 5, 1, 2, 16, 30, 256, 3e-3, 2400, 6000, 30, 6, 0.05, seed)
              : new HuntConfig(1.4, null, 5, 5, 1, 16, 60, 256, 3e-3, 2400, 6000, 30, 6, 0.05, seed)).withQrRegion(region);
          HuntEvents bkg = toy.background(nb, 2400, 6000, 100 + seed);
          HuntEvents sig = toy.signal(ns, 200 + seed);
          Hunt.Run mixed = Hunt.run(HuntEvents.concat(bkg, sig), cfg, null);
          Hunt.Run clean = Hunt.run(bkg, cfg, null);
          // the signal events under the background-only thresholds: the fold networks' mean
          int top = cfg.quantiles().size();
          double cleanFraction = Hunt.efficiencies(sig, cfg, clean.regression())[top];
          double minP = 1;
          double maxDev = 0;
          for (CategoryResult c : clean.result().categories()) {
            if (c.shapeChi2() != null) {
              minP = Math.min(minP, c.shapeChi2().pValue());
            }
            if (c.shapeKs() != null) {
              minP = Math.min(minP, c.shapeKs().pValue());
            }
            maxDev = Math.max(maxDev, Math.abs(c.fraction() - (c.quantileHigh() - c.quantileLow())));
          }
          System.out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.4f | %.4f |%n", model,
              region == HuntConfig.QrRegion.SIDEBAND ? "sideband" : "signal region", seed,
              topFraction(mixed, HuntEvents.concat(bkg, sig), top), cleanFraction, minP, maxDev,
              clean.result().categories().get(top).fraction());
        }
      }
    }
  }

  /** The fraction of the run's signal-region signal events (label 1) in category {@code top}. */
  static double topFraction(Hunt.Run run, HuntEvents ev, int top) {
    int[] rows = run.signalRegionRows();
    long sig = IntStream.range(0, rows.length).filter(i -> ev.label()[rows[i]] == 1).count();
    long above = IntStream.range(0, rows.length).filter(i -> ev.label()[rows[i]] == 1 && run.category()[i] == top).count();
    return above / (double) Math.max(1, sig);
  }
}
