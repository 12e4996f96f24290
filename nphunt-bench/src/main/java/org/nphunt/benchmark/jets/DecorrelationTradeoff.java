package org.nphunt.benchmark.jets;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.nphunt.NphuntException;
import org.nphunt.benchmark.Machine;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.eval.Auc;
import org.nphunt.eval.EvaluatorResult;
import org.nphunt.eval.MassSculpting;
import org.nphunt.eval.ScoredSample;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.io.AtomicOutput;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.json.Json;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.model.DecorrelatedConfig;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The trade-off of mass decorrelation ("QCD or What?", arXiv:1808.08979; DisCo, arXiv:2001.05310):
 * for a base model and several lambda, the jet-level AUC on a signal against the sculpting of the
 * background's jet-mass spectrum by cuts on the score ({@link MassSculpting}: Jensen-Shannon divergence
 * at 10% and 1% background efficiency) and the linear correlation of score and mass.
 *
 * <p>Data: toy jets ({@link ToyDijets}): trained on QCD-like jets, tested on other QCD-like jets and on
 * the signal (default: top-like three-prong jets of 175 GeV, whose mass lies inside the QCD spectrum,
 * the "top tagging without tops" situation). Jet level: every jet of an event is a sample, scored by
 * its per-jet score ({@code q_j1}, {@code q_j2}) and binned by its own mass.
 *
 * <p>Run: {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
 * org.nphunt.benchmark.jets.DecorrelationTradeoff --out DIR [--base jet-image-ae] [--train 20000]
 * [--test 5000] [--epochs 8] [--adversary 0,300,1000,3000,10000] [--disco 1,10,100] [--seed 1]}
 * (see BENCHMARKS.md and docs/jet-models.md); or on dijet files instead of the toy: {@code --train-file
 * QCD.h5 --background-file QCD_TEST.h5 --signal-file SIG.h5 --signal NAME} (the first --train / --test
 * events of each). Writes DIR/tradeoff.{json,md,png}.
 */
public final class DecorrelationTradeoff {
  private DecorrelationTradeoff() {}

  /** One trained point of the trade-off. */
  public record Point(String method, double lambda, double aucJets, double aucEvents, double js10, double js1,
      long after10, long after1, double pearson, int epochs, double seconds) {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = Args.parse(args);
    Path out = Path.of(Args.required(a, "out"));
    String base = a.getOrDefault("base", "jet-image-ae");
    int train = Integer.parseInt(a.getOrDefault("train", "20000"));
    int test = Integer.parseInt(a.getOrDefault("test", "5000"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "8"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    List<Double> adv = Args.doubles(a.getOrDefault("adversary", "0,300,1000,3000,10000"));
    List<Double> disco = Args.doubles(a.getOrDefault("disco", "1,10,100"));
    String signalName = a.getOrDefault("signal", "top");
    boolean force = a.containsKey("force");
    AtomicOutput.checkTarget(out.resolve("tradeoff.json"), force);
    PrintWriter log = new PrintWriter(System.out, true);
    Instant t0 = Instant.now();
    ArchitectureConfig baseArch = Architectures.defaults(base);
    int c = baseArch instanceof org.nphunt.model.ChamferVaeConfig cv ? cv.constituents() : 100;
    DijetConfig clustering = new DijetConfig(1.0, 0, c, 0.1, 0);
    Events qcd;
    Events qcdTest;
    Events sig;
    String signalLabel;
    String data;
    if (a.containsKey("train-file")) {
      // dijet files (e.g. nphunt generate --dijet-out): the first --train / --test events of each
      qcd = head(Path.of(a.get("train-file")), train);
      qcdTest = head(Path.of(Args.required(a, "background-file")), test);
      sig = head(Path.of(Args.required(a, "signal-file")), test);
      signalLabel = signalName;
      data = "dijet files: train " + a.get("train-file") + ", background " + a.get("background-file") + ", signal "
          + a.get("signal-file");
    } else {
      log.printf("generating %d + %d QCD and %d signal events...%n", train, test, test);
      qcd = ToyDijets.qcd().dijets(train, seed, clustering);
      qcdTest = ToyDijets.qcd().dijets(test, seed + 1, clustering);
      ToyDijets signal = signalName.equals("top") ? ToyDijets.threeProng(175) : ToyDijets.twoProng(Double.parseDouble(signalName));
      sig = signal.dijets(test, seed + 2, clustering);
      signalLabel = signal.name();
      data = "toy jets (ToyDijets)";
    }
    train = qcd.size();
    test = qcdTest.size();
    int testSignal = sig.size();
    String q = base.equals("chamfer-vae") ? "total" : "reco";
    List<Point> points = new ArrayList<>();
    List<ArchitectureConfig> archs = new ArrayList<>();
    for (double l : adv) {
      archs.add(DecorrelatedConfig.adversary(baseArch, l));
    }
    for (double l : disco) {
      archs.add(DecorrelatedConfig.disco(baseArch, l));
    }
    double[] massTest = JetLevel.masses(qcdTest);
    for (ArchitectureConfig arch : archs) {
      DecorrelatedConfig d = (DecorrelatedConfig) arch;
      long t = System.nanoTime();
      TrainingConfig tc = TrainingConfig.defaults(arch).withEpochs(epochs).withBatchSize(256).withSeed(seed);
      try (TrainingResult r = new Trainer(tc).fit(new InMemoryEventSource(qcd, "toy-qcd"), null)) {
        double[] b = JetLevel.scores(r.model(), qcdTest, q);
        double[] s = JetLevel.scores(r.model(), sig, q);
        double aucEvents = Auc.mannWhitney(r.model().score(qcdTest)[0], r.model().score(sig)[0]);
        EvaluatorResult ms = MassSculpting.of("jetMass").evaluate(base, q, new ScoredSample("qcd", b,
            Map.of("jetMass", massTest)), List.of());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cuts = (List<Map<String, Object>>) ms.values().get("cuts");
        Point p = new Point(d.method().name().toLowerCase(Locale.ROOT), d.lambda(), Auc.mannWhitney(b, s), aucEvents,
            (Double) cuts.get(0).get("jensenShannon"), (Double) cuts.get(1).get("jensenShannon"),
            (Long) cuts.get(0).get("eventsAfter"), (Long) cuts.get(1).get("eventsAfter"), JetLevel.pearson(b, massTest),
            r.history().epochs().size(), (System.nanoTime() - t) / 1e9);
        points.add(p);
        log.printf(Locale.ROOT, "%s lambda %g: AUC jets %.3f, events %.3f, JS@10%% %.4f, JS@1%% %.4f, r(score, m) %.3f%n",
            p.method(), p.lambda(), p.aucJets(), p.aucEvents(), p.js10(), p.js1(), p.pearson());
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("schema", "nphunt-decorrelation-tradeoff/1");
    result.put("started", t0.toString());
    result.put("machine", Machine.current());
    result.put("settings", Map.of("base", base, "score", q, "signal", signalLabel, "data", data, "trainEvents", train,
        "testEvents", test, "testSignalEvents", testSignal, "epochs", epochs, "seed", seed, "batch", 256));
    result.put("points", points);
    Files.createDirectories(out);
    AtomicOutput.writeString(out.resolve("tradeoff.json"), Json.write(result) + "\n", force);
    String md = "Data: " + data + ".\n\n" + markdown(points, base, q, signalLabel, train, test, testSignal, epochs);
    AtomicOutput.writeString(out.resolve("tradeoff.md"), md, force);
    plot(points, base, signalLabel, out.resolve("tradeoff.png"));
    log.println(md);
  }

  /** The first {@code n} events of a dijet file (all when it holds fewer). */
  static Events head(Path file, int n) {
    try (EventSource src = EventFiles.open(file)) {
      if (!src.schema().name().equals(DijetSchema.NAME)) {
        throw new NphuntException(file + ": the trade-off reads dijet events, this file holds " + src.schema().name() + " events");
      }
      return src.read(0, (int) Math.min(n, src.size()));
    }
  }

  static String markdown(List<Point> points, String base, String q, String signal, int train, int test, int testSignal,
      int epochs) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Base model %s (per-jet score %s_j1/_j2), trained on %d QCD events (%d jets)"
        + " for %d epochs; tested on %d QCD and %d %s events (jet level).%n%n", base, q, train, 2 * train, epochs, test,
        testSignal, signal));
    sb.append("| method | lambda | AUC (jets) | AUC (events, first score) | JS @ eps_B 10% (N) | JS @ eps_B 1% (N) |"
        + " r(score, m_jet) |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Point p : points) {
      sb.append(String.format(Locale.ROOT, "| %s | %g | %.3f | %.3f | %.4f (%d) | %.4f (%d) | %.3f |%n", p.method(),
          p.lambda(), p.aucJets(), p.aucEvents(), p.js10(), p.after10(), p.js1(), p.after1(), p.pearson()));
    }
    return sb.toString();
  }

  static void plot(List<Point> points, String base, String signal, Path png) throws IOException {
    XYChart c = new XYChartBuilder().width(720).height(480).title("Mass decorrelation of " + base + ": " + signal
        + " vs QCD").xAxisTitle("Jensen-Shannon divergence of the QCD jet mass at 10% background efficiency")
        .yAxisTitle("AUC (jets)").build();
    for (String method : List.of("adversary", "disco")) {
      List<Point> m = points.stream().filter(p -> p.method().equals(method)).toList();
      if (m.isEmpty()) {
        continue;
      }
      XYSeries s = c.addSeries(method, m.stream().mapToDouble(Point::js10).toArray(),
          m.stream().mapToDouble(Point::aucJets).toArray());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    try {
      BitmapEncoder.saveBitmap(c, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new NphuntException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }
}
