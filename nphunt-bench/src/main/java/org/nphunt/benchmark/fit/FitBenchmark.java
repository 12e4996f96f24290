package org.nphunt.benchmark.fit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.fit.BackgroundChoice;
import org.nphunt.fit.Category;
import org.nphunt.fit.CrystalBallShape;
import org.nphunt.fit.DijetFunction;
import org.nphunt.fit.FitConfig;
import org.nphunt.fit.Histogram;
import org.nphunt.fit.MassScan;
import org.nphunt.fit.Minimizer;
import org.nphunt.fit.PoissonSampler;
import org.nphunt.fit.ResonanceSearch;
import org.nphunt.fit.SignalFit;
import org.nphunt.random.Seeds;

/**
 * Speed and robustness of the resonance-search fits (org.nphunt.fit).
 *
 * <ul>
 *   <li>{@code scan}: 5 categories x 50 bins (log binning 1.5-5 TeV, 4-parameter truth with different
 *       slopes and 20k..4k events, Poisson-fluctuated), background-only fits with the F-test, then a scan
 *       of 20 masses (1.8-4.46 TeV): wall and thread-CPU time, median of REPEATS after WARMUP.</li>
 *   <li>{@code optimizers}: Levenberg-Marquardt against BOBYQA on TOYS single-category toys (40 bins,
 *       signal injected at 2.5 TeV): background-only and signal-plus-background minima compared, and
 *       the time per toy of each.</li>
 *   <li>{@code toys}: TOYS background-only and TOYS signal toys: the fractions Z > 1 and Z = 0 and the
 *       coverage of the profile-likelihood mu interval.</li>
 * </ul>
 *
 * <pre>
 *   mvn -B -q -DskipTests -pl nphunt-bench -am compile
 *   mvn -B -q -pl nphunt-core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 *   CP=nphunt-core/target/classes:nphunt-bench/target/classes:$(cat /tmp/core.cp)
 *   java -cp $CP org.nphunt.benchmark.fit.FitBenchmark scan 20 10
 *   java -cp $CP org.nphunt.benchmark.fit.FitBenchmark optimizers 200
 *   java -cp $CP org.nphunt.benchmark.fit.FitBenchmark toys 2000
 * </pre>
 */
public final class FitBenchmark {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private FitBenchmark() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "scan";
    switch (mode) {
      case "scan" -> scan(args.length > 1 ? Integer.parseInt(args[1]) : 20, args.length > 2 ? Integer.parseInt(args[2]) : 10);
      case "optimizers" -> optimizers(args.length > 1 ? Integer.parseInt(args[1]) : 200);
      case "toys" -> toys(args.length > 1 ? Integer.parseInt(args[1]) : 2000);
      default -> {
        System.err.println("usage: FitBenchmark scan [REPEATS WARMUP] | optimizers [TOYS] | toys [TOYS]");
        System.exit(2);
      }
    }
  }

  static List<Category> fiveCategories() {
    double[] edges = Histogram.logEdges(1500, 5000, 50);
    SplittableRandom rng = Seeds.random(1, "bench/fit/categories");
    List<Category> cats = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      double[] p = {1, 8 + c, 5, 0.2};
      double[] b = DijetFunction.binIntegrals(edges, 13000, p, 5);
      double scale = 20_000.0 / (c + 1) / Arrays.stream(b).sum();
      for (int i = 0; i < b.length; i++) {
        b[i] *= scale;
      }
      cats.add(new Category("c" + c, PoissonSampler.toy(edges, b, rng), 0.2));
    }
    return cats;
  }

  static void scan(int repeats, int warmup) {
    List<Category> cats = fiveCategories();
    double[] masses = new double[20];
    for (int i = 0; i < masses.length; i++) {
      masses[i] = 1800 + 140 * i;
    }
    double[] wallB = new double[repeats];
    double[] cpuB = new double[repeats];
    double[] wallS = new double[repeats];
    double[] cpuS = new double[repeats];
    MassScan last = null;
    for (int rep = -warmup; rep < repeats; rep++) {
      long w0 = System.nanoTime();
      long c0 = MX.getCurrentThreadCpuTime();
      ResonanceSearch s = new ResonanceSearch(FitConfig.defaults(), cats, CrystalBallShape.defaults());
      s.backgroundOnly();
      long w1 = System.nanoTime();
      long c1 = MX.getCurrentThreadCpuTime();
      last = s.scan(masses);
      long w2 = System.nanoTime();
      long c2 = MX.getCurrentThreadCpuTime();
      if (rep >= 0) {
        wallB[rep] = (w1 - w0) / 1e6;
        cpuB[rep] = (c1 - c0) / 1e6;
        wallS[rep] = (w2 - w1) / 1e6;
        cpuS[rep] = (c2 - c1) / 1e6;
      }
    }
    System.out.printf("5 categories x 50 bins, background-only fits (3 and 4 parameters, F-test): wall %s ms, cpu %s ms%n",
        summary(wallB), summary(cpuB));
    System.out.printf("scan of 20 masses: wall %s ms, cpu %s ms (per mass: %.1f ms cpu median)%n", summary(wallS),
        summary(cpuS), median(cpuS) / 20);
    System.out.printf("load average %.2f on %d processors%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    System.out.println(last.markdown());
  }

  static void optimizers(int toys) {
    double[] edges = Histogram.logEdges(1500, 5000, 40);
    double[] p = {1, 8, 5, 0.2};
    double[] b = DijetFunction.binIntegrals(edges, 13000, p, 5);
    double scale = 30_000.0 / Arrays.stream(b).sum();
    CrystalBallShape shape = CrystalBallShape.defaults();
    double[] s = shape.expected(edges, 2500, 300);
    double[] nu = new double[b.length];
    for (int i = 0; i < nu.length; i++) {
      nu[i] = b[i] * scale + s[i];
    }
    double maxDiffB = 0;
    double maxDiffSb = 0;
    int lmBetter = 0;
    int bqBetter = 0;
    double tLm = 0;
    double tBq = 0;
    for (int t = -20; t < toys; t++) {
      Histogram h = PoissonSampler.toy(edges, nu, Seeds.random(2, "bench/fit/optimizers", Math.max(t, 0) + (t < 0 ? 100_000 : 0)));
      List<Category> cat = List.of(new Category("all", h, 1));
      long c0 = MX.getCurrentThreadCpuTime();
      SignalFit a = new ResonanceSearch(FitConfig.defaults().withBackground(BackgroundChoice.FOUR_PARAMETER), cat, shape).fit(2500);
      long c1 = MX.getCurrentThreadCpuTime();
      SignalFit q = new ResonanceSearch(FitConfig.defaults().withBackground(BackgroundChoice.FOUR_PARAMETER)
          .withMinimizer(Minimizer.BOBYQA), cat, shape).fit(2500);
      long c2 = MX.getCurrentThreadCpuTime();
      if (t < 0) {
        continue;
      }
      tLm += (c1 - c0) / 1e6;
      tBq += (c2 - c1) / 1e6;
      double db = a.minus2LnLBackgroundOnly() - q.minus2LnLBackgroundOnly();
      double dsb = a.minus2LnL() - q.minus2LnL();
      maxDiffB = Math.max(maxDiffB, Math.abs(db));
      maxDiffSb = Math.max(maxDiffSb, Math.abs(dsb));
      if (db < -1e-6 || dsb < -1e-6) {
        lmBetter++;
      }
      if (db > 1e-6 || dsb > 1e-6) {
        bqBetter++;
      }
    }
    System.out.printf("%d toys (40 bins, 4-parameter background, signal fit at 2.5 TeV with profile interval):%n", toys);
    System.out.printf("  Levenberg-Marquardt %.1f ms cpu per toy, BOBYQA %.1f ms%n", tLm / toys, tBq / toys);
    System.out.printf("  max |delta(-2 ln L)| background-only %.2e, signal+background %.2e%n", maxDiffB, maxDiffSb);
    System.out.printf("  toys where LM is lower by > 1e-6: %d, where BOBYQA is lower by > 1e-6: %d%n", lmBetter, bqBetter);
  }

  static void toys(int toys) {
    double[] edges = Histogram.logEdges(1400, 4000, 30);
    double[] p = {1, 9, 5};
    double[] b = DijetFunction.binIntegrals(edges, 13000, p, 5);
    double scale = 20_000.0 / Arrays.stream(b).sum();
    CrystalBallShape shape = new CrystalBallShape(0.06, 1.2, 4, 1);
    for (double mu : new double[] {0, 250}) {
      double[] s = shape.expected(edges, 2300, mu);
      double[] nu = new double[b.length];
      for (int i = 0; i < nu.length; i++) {
        nu[i] = b[i] * scale + s[i];
      }
      int above1 = 0;
      int zero = 0;
      int covered = 0;
      int boundary = 0;
      int notConverged = 0;
      long c0 = MX.getCurrentThreadCpuTime();
      for (int t = 0; t < toys; t++) {
        Histogram h = PoissonSampler.toy(edges, nu, Seeds.random(3, "bench/fit/toys/" + mu, t));
        SignalFit f = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("all", h, 1)), shape).fit(2300);
        above1 += f.localSignificance() > 1 ? 1 : 0;
        zero += f.localSignificance() == 0 ? 1 : 0;
        covered += mu >= f.muHat() - f.muErrorDown() && mu <= f.muHat() + f.muErrorUp() ? 1 : 0;
        boundary += f.atPositivityBoundary() ? 1 : 0;
        notConverged += f.converged() ? 0 : 1;
      }
      long c1 = MX.getCurrentThreadCpuTime();
      if (mu == 0) {
        System.out.printf("background only, %d toys (%.1f ms cpu each): P(Z > 1) = %.4f +- %.4f (expected 0.1587),"
                + " P(Z = 0) = %.4f +- %.4f (0.5), coverage of mu = 0: %.4f +- %.4f (0.6827); at boundary %d, not converged %d%n",
            toys, (c1 - c0) / 1e6 / toys, frac(above1, toys), se(0.1587, toys), frac(zero, toys), se(0.5, toys),
            frac(covered, toys), se(0.6827, toys), boundary, notConverged);
      } else {
        System.out.printf("mu = %.0f injected, %d toys (%.1f ms cpu each): coverage %.4f +- %.4f (0.6827);"
                + " at boundary %d, not converged %d%n",
            mu, toys, (c1 - c0) / 1e6 / toys, frac(covered, toys), se(0.6827, toys), boundary, notConverged);
      }
    }
  }

  private static double frac(int k, int n) {
    return (double) k / n;
  }

  private static double se(double p, int n) {
    return Math.sqrt(p * (1 - p) / n);
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static String summary(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return String.format("median %.1f (min %.1f, max %.1f)", c[c.length / 2], c[0], c[c.length - 1]);
  }
}
