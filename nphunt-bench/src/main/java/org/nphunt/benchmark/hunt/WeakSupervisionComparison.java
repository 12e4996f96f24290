package org.nphunt.benchmark.hunt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.nphunt.data.Events;
import org.nphunt.flow.FlowConfig;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hunt.AnodeConfig;
import org.nphunt.hunt.MethodComparison;
import org.nphunt.hunt.MethodCurves;
import org.nphunt.json.Json;
import org.nphunt.run.HuntInputs;

/**
 * The LHC Olympics-style comparison of the resonant methods on nphunt's jet generator (issue 13): the
 * generated QCD dijets with the first {@code inject} W'(3500) -&gt; X(500) Y(100) events injected, the
 * signal region 3.3-3.7 TeV, the LHC Olympics features (lighter jet mass, mass difference, both tau_21;
 * {@link HuntInputs#lhcoFeatures}); for each method the AUC and the maximum SIC, evaluated on the signal
 * region's background and on the signal region's signal events, injected plus the rest of the signal
 * file (never used by CWoLa or ANODE for training). Methods: the supervised reference (k-fold, truth
 * labels), CWoLa hunting, ANODE, and the heavier jet mass mJmax (the hunt's default score without a model;
 * it is not the VAE-QR score).
 *
 * <p>Only events with {@code mJJMin <= mJJ < mJJMax} enter (ANODE's sidebands are the rest of that range),
 * to bound the sideband flow's training time.
 *
 * <p>Usage: {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
 * org.nphunt.benchmark.hunt.WeakSupervisionComparison QCD.h5 WPRIME.h5 [inject] [seed] [anode epochs]
 * [mJJMin] [mJJMax] [threads] [folds] [out.json]} (defaults 1000, 1, 40, 2800, 4600, 2, 5, no JSON; the signal-region
 * flows train 1.5 x the epochs; folds is k of ANODE's signal-region densities and of the classifiers). QCD.h5 and
 * WPRIME.h5 are dijet files ({@code nphunt generate --process qcd-dijet|wprime-xy --dijet-out F}).
 * Prints a Markdown table; the JSON holds every method's curves.
 */
public final class WeakSupervisionComparison {
  private WeakSupervisionComparison() {}

  public static void main(String[] args) throws Exception {
    Path qcdFile = Path.of(args[0]);
    Path sigFile = Path.of(args[1]);
    int inject = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 40;
    double mMin = args.length > 5 ? Double.parseDouble(args[5]) : 2800;
    double mMax = args.length > 6 ? Double.parseDouble(args[6]) : 4600;
    int threads = args.length > 7 ? Integer.parseInt(args[7]) : 2;
    int folds = args.length > 8 ? Integer.parseInt(args[8]) : 5;
    Path json = args.length > 9 ? Path.of(args[9]) : null;
    double lo = 3300;
    double hi = 3700;
    long t0 = System.nanoTime();
    Events qcd;
    Events sig;
    try (var s = EventFiles.open(qcdFile)) {
      qcd = HuntInputs.readAll(s);
    }
    try (var s = EventFiles.open(sigFile)) {
      sig = HuntInputs.readAll(s);
    }
    double[][] xq = HuntInputs.lhcoFeatures(qcd);
    double[] mq = HuntInputs.feature(qcd, "mJJ");
    double[][] xs = HuntInputs.lhcoFeatures(sig);
    double[] ms = HuntInputs.feature(sig, "mJJ");
    double[] jq = HuntInputs.feature(qcd, HuntInputs.M_JMAX);
    double[] js = HuntInputs.feature(sig, HuntInputs.M_JMAX);
    if (inject > sig.size()) {
      throw new IllegalArgumentException("inject " + inject + " > " + sig.size() + " signal events");
    }
    // the data: QCD and the first `inject` signal events, in the mass range
    List<double[]> x = new ArrayList<>();
    List<Double> m = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Double> score = new ArrayList<>();
    for (int i = 0; i < qcd.size(); i++) {
      if (mq[i] >= mMin && mq[i] < mMax) {
        x.add(xq[i]);
        m.add(mq[i]);
        y.add(0);
        score.add(jq[i]);
      }
    }
    for (int i = 0; i < inject; i++) {
      if (ms[i] >= mMin && ms[i] < mMax) {
        x.add(xs[i]);
        m.add(ms[i]);
        y.add(1);
        score.add(js[i]);
      }
    }
    // evaluation-only signal: the rest of the signal file, in the signal region
    int[] extraRows = IntStream.range(inject, sig.size()).filter(i -> ms[i] >= lo && ms[i] < hi).toArray();
    double[][] ex = IntStream.of(extraRows).mapToObj(i -> xs[i]).toArray(double[][]::new);
    double[] em = IntStream.of(extraRows).mapToDouble(i -> ms[i]).toArray();
    double[] es = IntStream.of(extraRows).mapToDouble(i -> js[i]).toArray();
    int n = x.size();
    double[][] features = x.toArray(double[][]::new);
    double[] mJJ = m.stream().mapToDouble(Double::doubleValue).toArray();
    int[] label = y.stream().mapToInt(Integer::intValue).toArray();
    double[] mjmax = score.stream().mapToDouble(Double::doubleValue).toArray();
    long srB = IntStream.range(0, n).filter(i -> mJJ[i] >= lo && mJJ[i] < hi && label[i] == 0).count();
    long srS = IntStream.range(0, n).filter(i -> mJJ[i] >= lo && mJJ[i] < hi && label[i] == 1).count();
    System.out.printf(Locale.ROOT, "QCD events %d (%d in [%.0f, %.0f) GeV), injected %d of which %d in range; signal region"
        + " [%.0f, %.0f) GeV: %d background + %d signal (S/B = %.2f%%, S/sqrt(B) = %.1f); %d extra signal events for"
        + " the evaluation; read in %.1f s%n", qcd.size(), n - IntStream.of(label).sum(), mMin, mMax, inject,
        IntStream.of(label).sum(), lo, hi, srB, srS, 100.0 * srS / srB, srS / Math.sqrt(srB), extraRows.length,
        (System.nanoTime() - t0) / 1e9);
    FlowConfig sb = FlowConfig.defaults().withEpochs(epochs);
    AnodeConfig ac = new AnodeConfig(sb, sb.withEpochs((int) Math.ceil(1.5 * epochs)), folds);
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<MethodCurves> curves = new ArrayList<>();
    // one method at a time, to time each
    for (String method : List.of(MethodComparison.SUPERVISED, MethodComparison.CWOLA, MethodComparison.ANODE,
        "mJmax")) {
      long t1 = System.nanoTime();
      MethodComparison.Settings s = new MethodComparison.Settings(method.equals(MethodComparison.CWOLA),
          method.equals(MethodComparison.ANODE), method.equals(MethodComparison.SUPERVISED), folds, 20, ac, threads);
      List<MethodComparison.Score> given = method.equals("mJmax")
          ? List.of(new MethodComparison.Score("mJmax (heavier jet mass)", mjmax, es)) : List.of();
      MethodComparison.Result r = MethodComparison.run(features, mJJ, label, given, lo, hi,
          new MethodComparison.Extra(ex, em), s, seed, line -> System.out.println("  " + line));
      curves.addAll(r.curves());
      seconds.put(method, (System.nanoTime() - t1) / 1e9);
      if (r.anode() != null) {
        out.put("anodeSidebandBestEpoch", r.anode().sidebandTraining().bestEpoch());
        out.put("anodeSidebandValidationLoss", r.anode().sidebandTraining().validationLoss());
      }
      MethodCurves c = r.curves().get(0);
      System.out.printf(Locale.ROOT, "  %s: AUC %.3f, max SIC %.2f at eps_S %.3f (%.0f s)%n", c.method(), c.auc(),
          c.maxSic(), c.signalEfficiencyAtMaxSic(), seconds.get(method));
    }
    System.out.println();
    System.out.println("| method | AUC | max SIC | eps_S at max SIC | wall time |");
    System.out.println("|---|---:|---:|---:|---:|");
    int k = 0;
    for (MethodCurves c : curves) {
      System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f | %.3f | %.0f s |%n", c.method(), c.auc(), c.maxSic(),
          c.signalEfficiencyAtMaxSic(), new ArrayList<>(seconds.values()).get(k++));
    }
    if (json != null) {
      out.put("qcdEvents", qcd.size());
      out.put("inject", inject);
      out.put("seed", seed);
      out.put("folds", folds);
      out.put("anodeConfig", ac);
      out.put("mJJRangeGeV", List.of(mMin, mMax));
      out.put("signalRegionBackground", srB);
      out.put("signalRegionSignal", srS);
      out.put("extraSignal", extraRows.length);
      out.put("seconds", seconds);
      out.put("methods", curves);
      Files.writeString(json, Json.write(out));
    }
  }
}
