package org.nphunt.benchmark.jetgen;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.zip.GZIPInputStream;
import org.nphunt.data.Events;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.DijetFeatures;
import org.nphunt.physics.jets.JetCocktailSpec;
import org.nphunt.physics.jets.JetGenerator;
import org.nphunt.physics.jets.JetProcesses;

/**
 * The realism table of docs/jet-generator.md: the generator's QCD dijets and W' signal against the real LHC
 * Olympics 2020 R&amp;D events (arXiv:2101.08320; the 1,000-event fixture, 907 QCD and 93 W', converted to
 * NPJ1 by nphunt-bench/src/main/python/jets/make_jet_fixtures.py), with the same selection and the same
 * clustering (anti-kT R = 1.0, {@link DijetFeatures}); and the generator's top jets against its QCD jets
 * with the top-tagging selection (R = 0.8, 550-650 GeV). Prints Markdown tables of medians and 16-84%
 * ranges.
 *
 * <pre>
 *   java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar \
 *       org.nphunt.benchmark.jetgen.JetRealism nphunt-core/src/test/resources/org/nphunt/jet/lhco2020_rnd_1000.npj.gz \
 *       [qcdEvents=5000] [signalEvents=2000] [seed=1] [threads=2]
 * </pre>
 */
public final class JetRealism {
  private JetRealism() {}

  /** Feature rows (DijetFeatures order) plus the particle count as the last value. */
  static List<double[]> realRows(Path npj, int wantLabel) throws IOException {
    DijetFeatures df = new DijetFeatures(DijetConfig.defaults());
    List<double[]> rows = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(npj);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      in.readFully(new byte[4]);
      int nev = Integer.reverseBytes(in.readInt());
      for (int e = 0; e < nev; e++) {
        int n = Integer.reverseBytes(in.readInt());
        int label = Integer.reverseBytes(in.readInt());
        byte[] b = new byte[12 * n];
        in.readFully(b);
        if (label != wantLabel) {
          continue;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        double[] p = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
          p[i] = buf.getFloat();
        }
        double[] f = new double[DijetFeatures.N_FEATURES + 1];
        df.compute(p, 0, n, f, 0, null, 0);
        f[DijetFeatures.N_FEATURES] = n;
        rows.add(f);
      }
    }
    return rows;
  }

  /** Generated rows in the same layout: features recomputed from the particle lists, particle count last. */
  static List<double[]> generatedRows(JetCocktailSpec spec, int events, long seed, int threads) {
    MemoryEventSink sink = MemoryEventSink.collecting();
    JetGenerator.generate(spec, events, seed, threads, sink, null, null);
    return rows(spec, sink.allEvents());
  }

  static List<double[]> rows(JetCocktailSpec spec, Events ev) {
    DijetFeatures df = new DijetFeatures(spec.clustering());
    int rows = ((ParticleListSchema) ev.schema()).maxParticles();
    double[] p = ev.tensor(ParticleListSchema.PARTICLES);
    List<double[]> out = new ArrayList<>();
    for (int e = 0; e < ev.size(); e++) {
      double[] f = new double[DijetFeatures.N_FEATURES + 1];
      df.compute(p, e * rows * 3, rows, f, 0, null, 0);
      int n = 0;
      for (int i = 0; i < rows; i++) {
        if (p[(e * rows + i) * 3] != 0) {
          n++;
        }
      }
      f[DijetFeatures.N_FEATURES] = n;
      out.add(f);
    }
    return out;
  }

  /** Median and the 16% and 84% quantiles (nearest rank). */
  public static double[] quantiles(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return new double[] {s[n / 2], s[(int) (0.16 * n)], s[(int) (0.84 * n)]};
  }

  static double[] values(List<double[]> rows, ToDoubleFunction<double[]> f) {
    return rows.stream().mapToDouble(f).toArray();
  }

  static String cell(double[] q, int digits) {
    String fmt = "%." + digits + "f [%." + digits + "f, %." + digits + "f]";
    return String.format(fmt, q[0], q[1], q[2]);
  }

  static void row(String name, List<double[]> real, List<double[]> gen, ToDoubleFunction<double[]> f, int digits) {
    double[] a = quantiles(values(real, f));
    double[] b = quantiles(values(gen, f));
    System.out.printf("| %s | %s | %s | %+.0f%% |%n", name, cell(a, digits), cell(b, digits), 100 * (b[0] / a[0] - 1));
  }

  static double tau21(double t1, double t2) {
    return t1 > 0 ? t2 / t1 : 0;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JetRealism FILE.npj.gz [qcdEvents=5000] [signalEvents=2000] [seed=1] [threads=2]");
      System.exit(2);
    }
    Path npj = Path.of(args[0]);
    int nQcd = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int nSig = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    if (nQcd == 0 && args.length > 5) {
      extras(args[5], nSig, seed, threads);
      return;
    }
    List<double[]> realQcd = realRows(npj, 0);
    List<double[]> realSig = realRows(npj, 1);
    List<double[]> qcd = generatedRows(JetProcesses.builtIn("qcd-dijet"), nQcd, seed, threads);
    List<double[]> sig = generatedRows(JetProcesses.builtIn("wprime-xy"), nSig, seed, threads);
    int np = DijetFeatures.N_FEATURES;
    System.out.printf("QCD: %d real (LHC Olympics R&D), %d generated (seed %d)%n%n", realQcd.size(), qcd.size(), seed);
    System.out.println("| QCD observable | real: median [16%, 84%] | generated | median difference |");
    System.out.println("|---|---|---|---|");
    row("leading-jet mass [GeV]", realQcd, qcd, x -> x[4], 0);
    row("leading-jet pT [GeV]", realQcd, qcd, x -> x[1], 0);
    row("leading-jet constituents", realQcd, qcd, x -> x[21], 0);
    row("leading-jet tau_21", realQcd, qcd, x -> tau21(x[13], x[14]), 2);
    row("mJJ [GeV]", realQcd, qcd, x -> x[0], 0);
    row("DeltaEtaJJ", realQcd, qcd, x -> x[11], 2);
    row("leading-jet soft-drop mass [GeV]", realQcd, qcd, x -> x[19], 0);
    row("heavier-jet mass [GeV]", realQcd, qcd, x -> Math.max(x[4], x[9]), 0);
    row("lighter-jet mass [GeV]", realQcd, qcd, x -> Math.min(x[4], x[9]), 0);
    row("second-jet pT [GeV]", realQcd, qcd, x -> x[6], 0);
    row("particles per event", realQcd, qcd, x -> x[np], 0);
    System.out.printf("%nW' -> X(500) Y(100): %d real, %d generated%n%n", realSig.size(), sig.size());
    System.out.println("| W' observable | real: median [16%, 84%] | generated | median difference |");
    System.out.println("|---|---|---|---|");
    row("heavier-jet mass [GeV]", realSig, sig, x -> Math.max(x[4], x[9]), 0);
    row("lighter-jet mass [GeV]", realSig, sig, x -> Math.min(x[4], x[9]), 0);
    row("leading-jet tau_21", realSig, sig, x -> tau21(x[13], x[14]), 2);
    row("mJJ [GeV]", realSig, sig, x -> x[0], 0);
    row("DeltaEtaJJ", realSig, sig, x -> x[11], 2);
    row("leading-jet pT [GeV]", realSig, sig, x -> x[1], 0);
    row("leading-jet constituents", realSig, sig, x -> x[21], 0);
    double[] t21Sig = quantiles(values(sig, x -> tau21(x[13], x[14])));
    double[] t21Qcd = quantiles(values(qcd, x -> tau21(x[13], x[14])));
    System.out.printf("%ngenerated tau_21 median: W' %.2f, QCD %.2f%n", t21Sig[0], t21Qcd[0]);
    // top jets against QCD jets, top-tagging selection and R = 0.8
    List<double[]> top = generatedRows(JetProcesses.builtIn("top"), nSig, seed, threads);
    List<double[]> qcdTop = generatedRows(JetProcesses.builtIn("qcd-top"), nSig, seed, threads);
    System.out.printf("%nTop-tagging selection (anti-kT R = 0.8, 550 < pT < 650 GeV, |eta| < 2): %d top, %d QCD events%n%n",
        top.size(), qcdTop.size());
    System.out.println("| leading jet | top: median [16%, 84%] | QCD |");
    System.out.println("|---|---|---|");
    String[] names = {"soft-drop mass [GeV]", "mass [GeV]", "tau_32", "tau_21", "constituents", "pT [GeV]"};
    List<ToDoubleFunction<double[]>> fs = List.of(x -> x[19], x -> x[4], x -> tau21(x[14], x[15]),
        x -> tau21(x[13], x[14]), x -> x[21], x -> x[1]);
    for (int i = 0; i < names.length; i++) {
      System.out.printf("| %s | %s | %s |%n", names[i], cell(quantiles(values(top, fs.get(i))), i >= 2 && i <= 3 ? 2 : 0),
          cell(quantiles(values(qcdTop, fs.get(i))), i >= 2 && i <= 3 ? 2 : 0));
    }
    double[] sd = values(top, x -> x[19]);
    System.out.printf("%ntop soft-drop mass mode (10 GeV bins): %.0f GeV; fraction in 140-200 GeV: %.2f%n", mode(sd, 10),
        Arrays.stream(sd).filter(m -> m > 140 && m < 200).count() / (double) sd.length);
    if (args.length > 5) {
      extras(args[5], nSig, seed, threads);
    }
  }

  /** Summary rows (mJJ, jet masses, soft-drop masses, tau_21, particles) of extra processes. */
  static void extras(String names, int events, long seed, int threads) {
    int np = DijetFeatures.N_FEATURES;
    System.out.printf("%n| process | mJJ [GeV] | heavier jet mass [GeV] | lighter jet mass [GeV] | heavier soft-drop mass [GeV]"
        + " | leading-jet tau_21 | particles | selection efficiency |%n|---|---|---|---|---|---|---|---|%n");
    for (String extra : names.split(",")) {
      JetCocktailSpec spec = JetProcesses.resolve(extra);
      MemoryEventSink sink = MemoryEventSink.collecting();
      var summary = JetGenerator.generate(spec, events, seed, threads, sink, null, null);
      List<double[]> rows = rows(spec, sink.allEvents());
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %.3f |%n", extra, cell(quantiles(values(rows, x -> x[0])), 0),
          cell(quantiles(values(rows, x -> Math.max(x[4], x[9]))), 0),
          cell(quantiles(values(rows, x -> Math.min(x[4], x[9]))), 0),
          cell(quantiles(values(rows, x -> Math.max(x[19], x[20]))), 0),
          cell(quantiles(values(rows, x -> tau21(x[13], x[14]))), 2), cell(quantiles(values(rows, x -> x[np])), 0),
          summary.processes().get(0).efficiency());
    }
  }

  static double mode(double[] v, double bin) {
    java.util.Map<Long, Integer> h = new java.util.HashMap<>();
    for (double x : v) {
      h.merge((long) Math.floor(x / bin), 1, Integer::sum);
    }
    long best = h.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    return (best + 0.5) * bin;
  }

}
