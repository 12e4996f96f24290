package org.nphunt.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import org.hipparchus.special.Gamma;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.objective.HlfKind;

/**
 * The preprocessing of the HLF models (HLT study, arXiv:1811.10276): features are taken in <em>model
 * order</em>, grouped by their likelihood kind ({@link HlfKind}: log-normal, Gaussian, truncated
 * Gaussian, discrete Gaussian, Bernoulli, Poisson, as the study's code orders them), and turned into
 * three inputs per event:
 *
 * <ul>
 *   <li>{@code x} (F): the encoder input, (t(v) - mean) / std with t = log(1 + max(v, 0)) for log-normal
 *       and Poisson features, t = v otherwise (statistics of the training events);
 *   <li>{@code target} (F): the raw values in physical units, whose likelihood the decoder gives;
 *   <li>{@code nllConst} (F): the parts of each feature's NLL that do not depend on the network
 *       (log v + log(2 pi)/2 for a log-normal value above the clip, log(2 pi)/2 for the Gaussians,
 *       log v! for Poisson counts), so that the loss is the full NLL.
 * </ul>
 *
 * <p>The decoder works in units of each feature's scale: {@link #paramOffset()} and {@link #paramScale()}
 * map its location and width outputs to physical parameters (log-normal: mean and standard deviation of
 * log v over v above the clip; Gaussians: of v; Poisson: offset 0, scale the mean count; Bernoulli:
 * 0 and 1).
 *
 * @param features the table's features (the schema's order)
 * @param order the same features in model order
 * @param inputMean mean of t(v) per model-order feature
 * @param inputStd standard deviation of t(v) (1 when below 1e-6)
 * @param paramOffset location offset of the decoder's parameters
 * @param paramScale scale of the decoder's parameters (&gt; 0)
 * @param events training events the statistics were fitted on
 */
public record HlfStandardizer(List<String> features, List<String> order, double[] inputMean, double[] inputStd,
    double[] paramOffset, double[] paramScale, long events) implements Preprocessing {
  /** Type name in model files. */
  public static final String TYPE = "hlf-standardizer";
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  public HlfStandardizer {
    features = List.copyOf(features);
    order = List.copyOf(order);
    new HlfSchema(features); // validates the names
    int f = features.size();
    if (order.size() != f || !order.containsAll(features)) {
      throw new IllegalArgumentException("order must be a permutation of " + features + ", found " + order);
    }
    for (double[] a : new double[][] {inputMean, inputStd, paramOffset, paramScale}) {
      if (a == null || a.length != f) {
        throw new IllegalArgumentException("statistics must have " + f + " values, found " + (a == null ? "none" : a.length));
      }
    }
    for (int i = 0; i < f; i++) {
      if (!Double.isFinite(inputMean[i]) || !(inputStd[i] > 0) || !Double.isFinite(inputStd[i])
          || !Double.isFinite(paramOffset[i]) || !(paramScale[i] > 0) || !Double.isFinite(paramScale[i])) {
        throw new IllegalArgumentException("statistics of " + order.get(i) + " must be finite with positive scales, found"
            + " mean " + inputMean[i] + ", std " + inputStd[i] + ", offset " + paramOffset[i] + ", scale " + paramScale[i]);
      }
    }
    inputMean = inputMean.clone();
    inputStd = inputStd.clone();
    paramOffset = paramOffset.clone();
    paramScale = paramScale.clone();
  }

  /** The model order of a table's features: by likelihood kind, then the table's order. */
  public static List<String> modelOrder(List<String> features) {
    List<String> o = new ArrayList<>(features);
    o.sort(Comparator.comparing((String n) -> HlfKind.of(n).ordinal()).thenComparing(features::indexOf));
    return List.copyOf(o);
  }

  @Override
  public String schema() {
    return HlfSchema.NAME;
  }

  @Override
  public List<ModelInput> inputs() {
    int f = features.size();
    return List.of(ModelInput.of("x", f), ModelInput.of("target", f), ModelInput.of("nllConst", f));
  }

  /** Number of features F. */
  public int width() {
    return features.size();
  }

  /** The kind of model-order feature k. */
  public HlfKind kind(int k) {
    return HlfKind.of(order.get(k));
  }

  /** [from, to) of the model-order features of a kind. */
  public int[] range(HlfKind kind) {
    int from = -1;
    int to = -1;
    for (int k = 0; k < order.size(); k++) {
      if (kind(k) == kind) {
        if (from < 0) {
          from = k;
        }
        to = k + 1;
      }
    }
    return from < 0 ? new int[] {0, 0} : new int[] {from, to};
  }

  /** The table column of each model-order feature. */
  public int[] columns() {
    int[] c = new int[order.size()];
    for (int k = 0; k < c.length; k++) {
      c[k] = features.indexOf(order.get(k));
    }
    return c;
  }

  static boolean logInput(HlfKind k) {
    return k == HlfKind.LOG_NORMAL || k == HlfKind.POISSON;
  }

  /** The encoder's transform t of a raw value of model-order feature k. */
  public double transform(int k, double v) {
    return logInput(kind(k)) ? Math.log1p(Math.max(v, 0)) : v;
  }

  /** The parameter-free part of the NLL of a raw value of model-order feature k. */
  public double nllConst(int k, double v) {
    return switch (kind(k)) {
      case LOG_NORMAL -> v < HlfKind.CLIP ? 0 : Math.log(v) + HALF_LOG_2PI;
      case GAUSSIAN, TRUNCATED_GAUSSIAN -> HALF_LOG_2PI;
      case POISSON -> Gamma.logGamma(Math.max(v, 0) + 1);
      default -> 0;
    };
  }

  @Override
  public void apply(Events events, int from, int count, float[][] out, int row) {
    if (!(events.schema() instanceof HlfSchema s) || !s.features().equals(features)) {
      throw new NphuntException("the model reads the features " + features + ", the events hold "
          + (events.schema() instanceof HlfSchema s2 ? s2.features() : events.schema().name() + " events")
          + " (compute the table with the same features, e.g. nphunt features on events with truth columns)");
    }
    int f = features.size();
    int[] col = columns();
    double[] t = events.tensor(0);
    float[] x = out[0];
    float[] target = out[1];
    float[] nc = out[2];
    for (int e = 0; e < count; e++) {
      int src = (from + e) * f;
      int dst = (row + e) * f;
      for (int k = 0; k < f; k++) {
        double v = t[src + col[k]];
        x[dst + k] = (float) ((transform(k, v) - inputMean[k]) / inputStd[k]);
        target[dst + k] = (float) v;
        nc[dst + k] = (float) nllConst(k, v);
      }
    }
  }

  /**
   * Fits the statistics on the events of {@code source} whose index passes {@code keep} (null: all),
   * reading blocks of {@code chunk} events.
   */
  public static HlfStandardizer fit(EventSource source, LongPredicate keep, int chunk) {
    if (!(source.schema() instanceof HlfSchema s)) {
      throw new NphuntException(source.name() + ": the HLF models read high-level-feature tables (nphunt features),"
          + " this source holds " + source.schema().name() + " events");
    }
    List<String> features = s.features();
    List<String> order = modelOrder(features);
    int f = features.size();
    int[] col = new int[f];
    HlfKind[] kinds = new HlfKind[f];
    for (int k = 0; k < f; k++) {
      col[k] = features.indexOf(order.get(k));
      kinds[k] = HlfKind.of(order.get(k));
    }
    Welford[] in = new Welford[f];
    Welford[] par = new Welford[f];
    for (int k = 0; k < f; k++) {
      in[k] = new Welford();
      par[k] = new Welford();
    }
    long n = 0;
    long size = source.size();
    for (long start = 0; start < size; start += chunk) {
      int c = (int) Math.min(chunk, size - start);
      Events ev = source.read(start, c);
      double[] t = ev.tensor(0);
      for (int e = 0; e < c; e++) {
        if (keep != null && !keep.test(start + e)) {
          continue;
        }
        n++;
        for (int k = 0; k < f; k++) {
          double v = t[e * f + col[k]];
          in[k].add(logInput(kinds[k]) ? Math.log1p(Math.max(v, 0)) : v);
          switch (kinds[k]) {
            case LOG_NORMAL -> {
              if (v >= HlfKind.CLIP) {
                par[k].add(Math.log(v));
              }
            }
            case BERNOULLI -> { }
            default -> par[k].add(v);
          }
        }
      }
    }
    if (n == 0) {
      throw new NphuntException(source.name() + ": no events to fit the preprocessing on");
    }
    double[] im = new double[f];
    double[] is = new double[f];
    double[] po = new double[f];
    double[] ps = new double[f];
    for (int k = 0; k < f; k++) {
      im[k] = in[k].mean();
      is[k] = in[k].std();
      switch (kinds[k]) {
        case BERNOULLI -> {
          po[k] = 0;
          ps[k] = 1;
        }
        case POISSON -> {
          po[k] = 0;
          ps[k] = Math.max(1, par[k].mean());
        }
        default -> {
          po[k] = par[k].n == 0 ? 0 : par[k].mean();
          ps[k] = par[k].std();
        }
      }
    }
    return new HlfStandardizer(features, order, im, is, po, ps, n);
  }

  /** Streaming mean and variance (Welford). */
  private static final class Welford {
    long n;
    double mean;
    double m2;

    void add(double v) {
      n++;
      double d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }

    double mean() {
      return n == 0 ? 0 : mean;
    }

    /** Population standard deviation, 1 when undefined or below 1e-6. */
    double std() {
      double s = n >= 2 ? Math.sqrt(m2 / n) : 0;
      return s >= 1e-6 ? s : 1;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HlfStandardizer h && h.features.equals(features) && h.order.equals(order)
        && Arrays.equals(h.inputMean, inputMean) && Arrays.equals(h.inputStd, inputStd)
        && Arrays.equals(h.paramOffset, paramOffset) && Arrays.equals(h.paramScale, paramScale) && h.events == events;
  }

  @Override
  public int hashCode() {
    return features.hashCode() * 31 + Arrays.hashCode(inputMean);
  }

  @Override
  public String toString() {
    return "HlfStandardizer[" + order + ", " + events + " events]";
  }
}
