package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.cli.Cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.hdf5.DijetReader;
import org.nphunt.hdf5.DijetWriter;
import org.nphunt.jet.substructure.Nsubjettiness;
import org.nphunt.testing.SharedFixtures;

/**
 * {@code nphunt cluster} on the 1,000 real LHC Olympics R&amp;D events (arXiv:2101.08320): the W' signal
 * (X(500 GeV) Y(100 GeV), each to two quarks) shows jet masses near 500 and 100 GeV and two-prong jets
 * (lower tau_21) against the QCD background; the file is the same for 1 and 2 threads; outputs are
 * never replaced without --force.
 */
class ClusterCommandTest {
  @TempDir static Path dir;
  static Path oneThread;
  static Path twoThreads;

  static Path fixture() {
    return SharedFixtures.fixture("lhco2020_rnd_1000.h5");
  }

  @BeforeAll
  static void cluster() {
    oneThread = dir.resolve("dijets1.h5");
    twoThreads = dir.resolve("dijets2.h5");
    Cli.Run a = run("cluster", "--in", fixture().toString(), "--out", oneThread.toString(), "--threads", "1",
        "--constituents", "40");
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains("clustered 1,000 events (0 with fewer than two jets)"), a.out());
    Cli.Run b = run("cluster", "--in", fixture().toString(), "--out", twoThreads.toString(), "--threads", "2",
        "--constituents", "40");
    assertEquals(0, b.code(), b.err());
  }

  @Test
  void signalShowsTheResonanceMassesAndTwoProngJets() throws Exception {
    try (DijetReader r = DijetReader.open(oneThread)) {
      assertEquals(1000, r.size());
      assertFalse(r.convertsAbsoluteCoordinates());
      DijetSchema s = r.dijetSchema();
      assertEquals(40, s.constituents());
      Events all = r.read(0, 1000);
      int[] truth = (int[]) all.column(DijetSchema.TRUTH_LABEL);
      assertEquals(93, Arrays.stream(truth).sum());
      int w = s.eventFeatures().size();
      double[] f = all.tensor(DijetSchema.EVENT_FEATURES);
      double[][] sig = new double[93][];
      double[][] bkg = new double[907][];
      int ns = 0;
      int nb = 0;
      for (int e = 0; e < 1000; e++) {
        double[] row = Arrays.copyOfRange(f, e * w, (e + 1) * w);
        if (truth[e] == 1) {
          sig[ns++] = row;
        } else {
          bkg[nb++] = row;
        }
      }
      int m1 = s.featureIndex("j1M");
      int m2 = s.featureIndex("j2M");
      double heavy = median(sig, x -> Math.max(x[m1], x[m2]));
      double light = median(sig, x -> Math.min(x[m1], x[m2]));
      assertTrue(Math.abs(heavy - 500) < 40, "signal heavy-jet median mass " + heavy);
      assertTrue(Math.abs(light - 100) < 25, "signal light-jet median mass " + light);
      int t1 = s.featureIndex("j1Tau1");
      int t2 = s.featureIndex("j1Tau2");
      double sigTau = median(sig, x -> Nsubjettiness.tau21(x[t1], x[t2]));
      double bkgTau = median(bkg, x -> Nsubjettiness.tau21(x[t1], x[t2]));
      assertTrue(sigTau < bkgTau - 0.1, "median j1 tau_21: signal " + sigTau + ", background " + bkgTau);
      assertTrue(Math.abs(median(sig, x -> x[s.featureIndex("mJJ")]) - 3500) < 300);
      // constituents relative to the axis: j1's pT-weighted centroid near (0, 0)
      double[] c = all.tensor(DijetSchema.CONSTITUENTS);
      double eta = 0;
      double pt = 0;
      for (int e = 0; e < 1000; e++) {
        for (int k = 0; k < 40; k++) {
          int o = (e * 2 * 40 + k) * 3;
          eta += c[o + 2] * c[o];
          pt += c[o + 2];
        }
      }
      assertTrue(Math.abs(eta / pt) < 0.05, "pT-weighted mean relative eta " + eta / pt);
      assertEquals("cluster", org.nphunt.json.Json.mapper().readTree(r.attributes().get("manifest")).get("command").asText());
      assertTrue(r.attributes().get(DijetWriter.COORDINATES_ATTRIBUTE).startsWith("relative"));
      assertEquals("0", r.attributes().get("events_with_fewer_than_two_jets"));
    }
  }

  @Test
  void theOutputDoesNotDependOnTheThreadCount() {
    try (DijetReader a = DijetReader.open(oneThread); DijetReader b = DijetReader.open(twoThreads)) {
      Events x = a.read(0, 1000);
      Events y = b.read(0, 1000);
      assertArrayEquals(x.tensor(0), y.tensor(0));
      assertArrayEquals(x.tensor(1), y.tensor(1));
    }
  }

  @Test
  void neverOverwritesWithoutForceAndRefusesOtherSchemas() throws Exception {
    long before = Files.size(oneThread);
    Cli.Run again = run("cluster", "--in", fixture().toString(), "--out", oneThread.toString());
    assertEquals(Main.EXIT_ERROR, again.code());
    assertTrue(again.err().contains("already exists (use --force to replace it)"), again.err());
    assertEquals(before, Files.size(oneThread));
    Cli.Run adc = run("cluster", "--in", SharedFixtures.adc2021H5py().toString(), "--out", dir.resolve("x.h5").toString());
    assertEquals(Main.EXIT_ERROR, adc.code());
    assertTrue(adc.err().contains("cluster needs particle-level events"), adc.err());
    assertFalse(Files.exists(dir.resolve("x.h5")));
    Cli.Run bad = run("cluster", "--in", fixture().toString(), "--out", dir.resolve("y.h5").toString(), "--algorithm", "siscone");
    assertEquals(Main.EXIT_USAGE, bad.code());
    assertTrue(bad.err().contains("algorithm must be one of [antikt, kt, ca], found siscone"), bad.err());
    // --force never replaces the input (it used to: the particle file became its own dijets) nor a foreign file,
    // and does replace an earlier clustered file
    Path input = dir.resolve("input.h5");
    Files.copy(fixture(), input);
    Cli.Run self = run("cluster", "--in", input.toString(), "--out", input.toString(), "--force");
    assertEquals(Main.EXIT_ERROR, self.code());
    assertEquals("nphunt: error: " + input + " is also an input of this command: write the output elsewhere", self.err().strip());
    assertEquals(Files.size(fixture()), Files.size(input));
    Path foreign = dir.resolve("someone.h5");
    Files.copy(SharedFixtures.adc2021H5py(), foreign);
    Cli.Run other = run("cluster", "--in", fixture().toString(), "--out", foreign.toString(), "--force");
    assertEquals(Main.EXIT_ERROR, other.code());
    assertTrue(other.err().contains("is not a dijet file written by nphunt cluster"), other.err());
    Path small = dir.resolve("small.h5");
    for (int i = 0; i < 2; i++) {
      Cli.Run c = run("cluster", "--in", fixture().toString(), "--out", small.toString(), "--constituents", "5", "--force");
      assertEquals(0, c.code(), c.err());
    }
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no temporary files left");
    }
  }

  private static double median(double[][] rows, ToDoubleFunction<double[]> fn) {
    double[] v = Arrays.stream(rows).mapToDouble(fn).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
  }
}
