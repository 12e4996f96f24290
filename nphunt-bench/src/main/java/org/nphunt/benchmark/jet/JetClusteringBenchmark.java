package org.nphunt.benchmark.jet;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.JetDefinition;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.DijetFeatures;

/**
 * Events/s of nphunt's anti-kT clustering on the LHC Olympics fixture, to compare with FastJet 3.4
 * timed by nphunt-bench/src/main/cpp/jets/jets_reference.cc ({@code bench} mode) on the same events.
 *
 * <p>Timed per event: building the four-vectors from (pT, eta, phi), clustering, and the pT-ordered
 * inclusive jets (ptMin 0), exactly the scope of the C++ timing. Also times the full dijet-feature
 * builder (clustering, tau_1..3 and soft drop of two jets, constituent arrays). Each figure is the
 * median of REPEATS passes over all events after WARMUP untimed passes (JIT warm-up), both in wall-clock
 * events/s and in events per second of the timing thread's CPU time (the load-independent cost on a
 * shared machine; jets_reference.cc reports the same).
 *
 * <p>The input is written by {@code make_jet_fixtures.py --lhco 1000 FILE} (compare_speed.sh does it).
 *
 * <pre>
 *   java -cp nphunt-core/target/classes:BENCH_CLASSES org.nphunt.benchmark.jet.JetClusteringBenchmark \
 *       /tmp/nphunt-jet-bench/lhco2020_rnd_1000.npj.gz [REPEATS] [WARMUP] [R]
 * </pre>
 */
public final class JetClusteringBenchmark {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private JetClusteringBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JetClusteringBenchmark FILE.npj.gz [REPEATS=15] [WARMUP=10] [R=1.0]");
      System.exit(2);
    }
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    double r = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    double[][][] events = read(Path.of(args[0]));
    int maxN = 0;
    long total = 0;
    for (double[][] ev : events) {
      maxN = Math.max(maxN, ev[0].length);
      total += ev[0].length;
    }
    System.out.printf("%d events, %.1f particles/event on average, max %d%n", events.length,
        (double) total / events.length, maxN);

    JetDefinition def = JetDefinition.antiKt(r);
    ClusterSequence cs = new ClusterSequence();
    int[] jets = new int[maxN];
    double[] rates = new double[repeats];
    double[] cpuRates = new double[repeats];
    double checksum = 0;
    for (int rep = -warmup; rep < repeats; rep++) {
      long c0 = MX.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (double[][] ev : events) {
        cs.clusterPtEtaPhi(def, ev[0], ev[1], ev[2], ev[0].length);
        cs.inclusiveJets(0.0, jets);
        checksum += cs.pt(jets[0]);
      }
      double s = (System.nanoTime() - t0) * 1e-9;
      double cpu = (MX.getCurrentThreadCpuTime() - c0) * 1e-9;
      if (rep >= 0) {
        rates[rep] = events.length / s;
        cpuRates[rep] = events.length / cpu;
      }
    }
    System.out.printf("nphunt antikt R=%g: median %.1f events/s over %d passes (min %.1f, max %.1f; checksum %.6f);"
        + " thread cpu: median %.1f events/cpu-s = %.2f us/event%n",
        r, median(rates), repeats, Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0), checksum,
        median(cpuRates), 1e6 / median(cpuRates));

    DijetFeatures builder = new DijetFeatures(DijetConfig.defaults());
    double[] features = new double[DijetFeatures.FEATURE_NAMES.size()];
    int c = builder.config().maxConstituents();
    float[] constituents = new float[2 * c * 3];
    double[] padded = new double[700 * 3];
    for (int rep = -warmup; rep < repeats; rep++) {
      long c0 = MX.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (double[][] ev : events) {
        int n = ev[0].length;
        for (int i = 0; i < n; i++) {
          padded[3 * i] = ev[0][i];
          padded[3 * i + 1] = ev[1][i];
          padded[3 * i + 2] = ev[2][i];
        }
        builder.compute(padded, 0, n, features, 0, constituents, 0);
        checksum += features[0];
      }
      double s = (System.nanoTime() - t0) * 1e-9;
      double cpu = (MX.getCurrentThreadCpuTime() - c0) * 1e-9;
      if (rep >= 0) {
        rates[rep] = events.length / s;
        cpuRates[rep] = events.length / cpu;
      }
    }
    System.out.printf("nphunt dijet features (R=%g, tau_1..3, soft drop, %d constituents): median %.1f events/s (checksum %.3f);"
        + " thread cpu: median %.1f events/cpu-s = %.2f us/event%n",
        builder.config().r(), c, median(rates), checksum, median(cpuRates), 1e6 / median(cpuRates));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The NPJ1 layout of make_jet_fixtures.py: per event (pT, eta, phi) arrays. */
  static double[][][] read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      byte[] magic = new byte[4];
      in.readFully(magic);
      int nev = Integer.reverseBytes(in.readInt());
      double[][][] events = new double[nev][][];
      for (int e = 0; e < nev; e++) {
        int n = Integer.reverseBytes(in.readInt());
        in.readInt(); // label
        byte[] b = new byte[12 * n];
        in.readFully(b);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        double[][] ev = new double[3][n];
        for (int i = 0; i < n; i++) {
          ev[0][i] = buf.getFloat();
          ev[1][i] = buf.getFloat();
          ev[2][i] = buf.getFloat();
        }
        events[e] = ev;
      }
      return events;
    }
  }
}
