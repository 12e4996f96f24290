package org.nphunt.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.eval.Format;
import org.nphunt.eval.Table;
import org.nphunt.hlt.FeatureDistances;
import org.nphunt.hlt.FeatureDistances.Distance;

/**
 * Generated against real events, feature by feature: the input of the report's generator-quality
 * page ({@link GeneratorQualitySection}), the check of the HLT study (Cerri et al., arXiv:1811.10276)
 * that a VAE used as an event generator is "a suboptimal event generator". Holds both samples' columns
 * (for the histograms with ratio panels) and the per-feature distances of {@link FeatureDistances}
 * (two-sample Kolmogorov-Smirnov D and Wasserstein-1, also over the real sample's standard deviation).
 *
 * @param generator what generated the events (e.g. the model folder)
 * @param reference what the real events are (e.g. "SM (sm_hlf.h5)")
 * @param features feature names, in the reference table's order
 * @param units unit per feature ("GeV" or "" for dimensionless)
 * @param integer whether each feature is integer-valued (a count, flag or charge: drawn with unit bins)
 * @param real the reference values per feature, {@code real[feature][event]}
 * @param generated the generated values per feature, {@code generated[feature][event]}
 * @param distances {@link FeatureDistances#compare} of the two tables, one per feature in the same order
 */
public record GeneratorQuality(String generator, String reference, List<String> features, List<String> units,
    List<Boolean> integer, double[][] real, double[][] generated, List<Distance> distances) {
  public GeneratorQuality {
    features = List.copyOf(features);
    units = List.copyOf(units);
    integer = List.copyOf(integer);
    distances = List.copyOf(distances);
    int f = features.size();
    if (f == 0) {
      throw new IllegalArgumentException("features must not be empty");
    }
    if (units.size() != f || integer.size() != f || real.length != f || generated.length != f || distances.size() != f) {
      throw new IllegalArgumentException("units, integer, real, generated and distances must have one entry per feature ("
          + f + "), found " + units.size() + ", " + integer.size() + ", " + real.length + ", " + generated.length + ", "
          + distances.size());
    }
    for (int k = 0; k < f; k++) {
      if (!distances.get(k).feature().equals(features.get(k))) {
        throw new IllegalArgumentException("distances must follow the features' order, found " + distances.get(k).feature()
            + " at " + features.get(k));
      }
    }
  }

  /**
   * Compares two HLF tables ({@link HlfSchema}) on the features they share, in the reference's order.
   *
   * @throws NphuntException when either table is empty, not an HLF table, or they share no feature
   */
  public static GeneratorQuality of(String generator, String reference, Events real, Events generated) {
    if (!(real.schema() instanceof HlfSchema rs) || !(generated.schema() instanceof HlfSchema gs)) {
      throw new NphuntException("the generator-quality comparison needs two high-level-feature tables, found "
          + real.schema().name() + " and " + generated.schema().name());
    }
    if (real.size() == 0 || generated.size() == 0) {
      throw new NphuntException("the generator-quality comparison needs events on both sides, found " + real.size()
          + " real and " + generated.size() + " generated");
    }
    List<Distance> d = FeatureDistances.compare(real, generated);
    if (d.isEmpty()) {
      throw new NphuntException("the generated table " + gs.features() + " shares no feature with the reference "
          + rs.features());
    }
    List<String> names = new ArrayList<>();
    List<String> units = new ArrayList<>();
    List<Boolean> ints = new ArrayList<>();
    double[][] r = new double[d.size()][];
    double[][] g = new double[d.size()][];
    for (int k = 0; k < d.size(); k++) {
      String f = d.get(k).feature();
      names.add(f);
      units.add(HlfSchema.feature(f).unit());
      ints.add(HlfSchema.INTEGER.contains(f));
      r[k] = column(real, rs.indexOf(f), rs.width());
      g[k] = column(generated, gs.indexOf(f), gs.width());
    }
    return new GeneratorQuality(generator, reference, names, units, ints, r, g, d);
  }

  private static double[] column(Events e, int k, int width) {
    double[] t = e.tensor(0);
    double[] c = new double[e.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = t[i * width + k];
    }
    return c;
  }

  /** Feature indices from the worst to the best: W1/std descending (a constant reference, NaN, by KS), ties by KS. */
  public int[] worstFirst() {
    Comparator<Integer> byW = Comparator.comparingDouble(k -> {
      double w = distances.get(k).wassersteinOverStd();
      return Double.isNaN(w) ? Double.NEGATIVE_INFINITY : w;
    });
    Comparator<Integer> order = byW.reversed().thenComparing(Comparator.comparingDouble((Integer k) -> distances.get(k).ks())
        .reversed());
    return java.util.stream.IntStream.range(0, features.size()).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
  }

  /** A distance as the page and the markdown show it: four significant figures. */
  public static String cell(double v) {
    return Double.isNaN(v) ? "n/a (constant reference)" : String.format(Locale.ROOT, "%.4g", v);
  }

  /** The per-feature distances as a table, worst first (shared by the report page and the command's output). */
  public Table table() {
    List<List<String>> rows = new ArrayList<>();
    int rank = 1;
    for (int k : worstFirst()) {
      Distance d = distances.get(k);
      String unit = units.get(k).isEmpty() ? "" : " " + units.get(k);
      rows.add(List.of(Integer.toString(rank++), d.feature(), cell(d.wassersteinOverStd()), cell(d.ks()),
          cell(d.wasserstein()) + unit, Format.number(d.referenceMean()) + unit, Format.number(d.otherMean()) + unit));
    }
    return new Table("Distances per feature: " + generator + " vs " + reference,
        String.format(Locale.ROOT, "%,d generated and %,d real events; worst first by W1/std (the Wasserstein-1 distance of"
            + " the two empirical distributions over the real sample's standard deviation); KS D = sup |F_gen - F_real|"
            + " (two-sample Kolmogorov-Smirnov statistic).", generated[0].length, real[0].length),
        List.of("rank", "feature", "W1/std", "KS D", "W1", "mean (real)", "mean (generated)"), rows);
  }
}
