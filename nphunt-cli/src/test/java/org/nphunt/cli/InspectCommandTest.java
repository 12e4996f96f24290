package org.nphunt.cli;

import static org.nphunt.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.RawHdf5;
import org.nphunt.hdf5.RawHdf5.Dataset;
import org.nphunt.hdf5.RawHdf5.Type;
import org.nphunt.json.Json;

/** {@code nphunt inspect} through {@link Main#execute}: output, JSON, exit codes, one-line errors. */
class InspectCommandTest {
  @TempDir Path dir;


  static Path fixture() {
    return org.nphunt.testing.SharedFixtures.adc2021H5py();
  }


  @Test
  void textSummaryOfTheFixture() {
    Cli.Run r = run("inspect", fixture().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("events      2,000"), r.out());
    assertTrue(r.out().contains("float64 (2000,19,4), chunked (1000,19,4), gzip(4)"), r.out());
    assertTrue(r.out().contains("MET (class 1) 2,000, electron (class 2) 1,302, muon (class 3) 1,282, jet (class 4) 3,992"), r.out());
    assertTrue(r.out().contains("median"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void jsonSummaryOfTheFixture() throws Exception {
    Cli.Run r = run("inspect", "--json", fixture().toString());
    assertEquals(0, r.code(), r.err());
    JsonNode all = Json.mapper().readTree(r.out());
    assertEquals(1, all.size());
    JsonNode s = all.get(0);
    assertEquals(2000, s.get("events").asLong());
    assertEquals(1302, s.get("objectsPerClass").get("2").asLong());
    assertEquals(3992, s.get("objectsPerClass").get("4").asLong());
    assertEquals("float64", s.get("layout").get("dtype").asText());
    assertEquals(1000, s.get("layout").get("chunk").get(0).asLong());
    JsonNode jetPt = s.get("types").get(3).get("features").get(0);
    assertEquals("pT", jetPt.get("feature").asText());
    assertTrue(jetPt.get("quantiles").get("0.5").asDouble() > 0);
  }

  @Test
  void helpAndUsageErrors() {
    Cli.Run help = run("inspect", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--json") && help.out().contains("FILE"), help.out());
    Cli.Run none = run("inspect");
    assertEquals(Main.EXIT_USAGE, none.code());
    assertTrue(none.err().contains("Missing required parameter"), none.err());
    Cli.Run unknown = run("inspect", "--bogus", "x.h5");
    assertEquals(Main.EXIT_USAGE, unknown.code());
    assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());
  }

  static Path malformed(Path dir, String kind) throws Exception {
    Path f = dir.resolve(kind + ".h5");
    EventBatch ok = new EventBatch(4);
    for (int e = 0; e < 4; e++) {
      ok.set(e, 0, 0, 10 + e);
      ok.set(e, 0, 3, 1);
    }
    switch (kind) {
      case "missing" -> { return dir.resolve("nope.h5"); }
      case "empty" -> Files.write(f, new byte[0]);
      case "text" -> Files.writeString(f, "hello\n");
      case "truncated" -> {
        byte[] all = Files.readAllBytes(fixture());
        Files.write(f, Arrays.copyOf(all, all.length / 3));
      }
      case "noparticles" -> RawHdf5.write(f, List.of(Dataset.contiguous("Other", Type.FLOAT32, new long[] {4}, new double[4])));
      case "shape" -> RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT32, new long[] {4, 76}, ok.particles())));
      case "dtype" -> RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.INT64, new long[] {4, 19, 4}, ok.particles())));
      case "nan" -> {
        ok.set(2, 0, 0, Double.NaN);
        RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT64, new long[] {4, 19, 4}, ok.particles())));
      }
      case "directory" -> {
        Path d = dir.resolve("adir.h5");
        Files.createDirectories(d);
        return d;
      }
      case "evtid" -> RawHdf5.write(f, List.of(
          Dataset.contiguous("Particles", Type.FLOAT32, new long[] {4, 19, 4}, ok.particles()),
          Dataset.contiguous("EvtId", Type.INT64, new long[] {3}, new double[3])));
      case "classid" -> {
        ok.set(3, 5, 0, 20);
        ok.set(3, 5, 3, 2); // electron id in a muon slot
        RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT32, new long[] {4, 19, 4}, ok.particles())));
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "missing     | nope.h5: no such file",
    "empty       | empty.h5: empty file (0 bytes)",
    "text        | text.h5: not an HDF5 file",
    "truncated   | truncated.h5: file truncated: 74177 bytes on disk, but the file's superblock says it ends at byte 222532",
    "noparticles | noparticles.h5: not an event file nphunt knows: no /Particles (ADC2021)",
    "shape       | shape.h5:/Particles has shape (4,76), expected (N,19,4)",
    "dtype       | dtype.h5:/Particles has dtype int64, expected float32 or float64",
    "nan         | nan.h5:/Particles: event 2, slot 0, Pt is NaN",
    "classid     | classid.h5:/Particles: event 3, slot 5 has class id 2.0, expected 3 (muon)",
    "directory   | adir.h5: is a directory, expected an HDF5 file",
    "evtid       | evtid.h5:/EvtId has shape (3), expected (4,) like /Particles",
  })
  void malformedInputGivesOneLineAndExitCode1(String kind, String message) throws Exception {
    Path f = malformed(dir, kind);
    Cli.Run r = run("inspect", f.toString());
    assertEquals(Main.EXIT_ERROR, r.code(), r.err());
    assertTrue(r.err().startsWith("nphunt: error: "), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
  }

  @Test
  void debugPrintsTheStackTrace() throws Exception {
    Path bad = malformed(dir, "text");
    for (String[] args : List.of(new String[] {"--debug", "inspect", bad.toString()}, new String[] {"inspect", "--debug", bad.toString()})) {
      Cli.Run r = run(args);
      assertEquals(Main.EXIT_ERROR, r.code());
      assertTrue(r.err().startsWith("nphunt: error: "), r.err());
      assertTrue(r.err().contains("at org.nphunt.hdf5.H5.openFile"), r.err());
    }
  }

  @Test
  void zeroEventFileIsInspectedAsEmpty() throws Exception {
    Path f = dir.resolve("zero.h5");
    try (org.nphunt.hdf5.Hdf5EventWriter w = org.nphunt.hdf5.Hdf5EventWriter.create(f, org.nphunt.hdf5.WriteOptions.defaults())) {
      w.commit();
    }
    Cli.Run r = run("inspect", "--json", f.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode s = Json.mapper().readTree(r.out()).get(0);
    assertEquals(0, s.get("events").asLong());
    assertEquals(0, s.get("objectsPerClass").get("1").asLong());
    Cli.Run text = run("inspect", f.toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("events      0"), text.out());
  }

  @Test
  void badFileAmongGoodOnesIsReportedAndOthersStillInspected() throws Exception {
    Path bad = malformed(dir, "text");
    Cli.Run r = run("inspect", "--json", bad.toString(), fixture().toString());
    assertEquals(Main.EXIT_ERROR, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("text.h5: not an HDF5 file"), r.err());
    // one entry per file given, in order: the bad file's holds its error (the line on stderr)
    JsonNode all = Json.mapper().readTree(r.out());
    assertEquals(2, all.size(), r.out());
    assertEquals(2, all.get(0).size(), "file and error only: " + all.get(0));
    assertEquals(bad.toString(), all.get(0).get("file").asText());
    assertEquals(r.err().strip().substring("nphunt: error: ".length()), all.get(0).get("error").asText());
    assertEquals(2000, all.get(1).get("events").asLong());
  }

  @Test
  void lhcOlympicsFileTextAndJson() throws Exception {
    Path f = org.nphunt.testing.SharedFixtures.fixture("lhco2020_rnd_1000.h5");
    Cli.Run r = run("inspect", f.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("format      LHC Olympics (pandas fixed), schema particles"), r.out());
    assertTrue(r.out().contains("df/block0_values float64 (1000,2101), chunked (7,2101), blosc(blosclz 5, shuffle)"), r.out());
    assertTrue(r.out().contains("label       0: 907, 1: 93"), r.out());
    assertTrue(r.out().contains("particles   non-padding rows per event: min 47,"), r.out());
    assertTrue(r.out().contains("max 482"), r.out());
    Cli.Run j = run("inspect", "--json", f.toString());
    assertEquals(0, j.code(), j.err());
    JsonNode s = Json.mapper().readTree(j.out()).get(0);
    assertEquals("particles", s.get("schema").asText());
    assertEquals(1000, s.get("events").asLong());
    assertEquals(93, s.get("labelCounts").get("label").get("1").asLong());
    assertEquals(169742, s.get("features").get(0).get("count").asLong(), "particles in the digest");
    assertEquals(169.742, s.get("rowsPerEvent").get("particles").get("mean").asDouble(), 1e-9);
    assertEquals("pT", s.get("features").get(0).get("feature").asText());
    assertEquals(2985334.719843097 / 169742, s.get("features").get(0).get("mean").asDouble(), 1e-9);
  }

  @Test
  void topTaggingAndDijetFiles() throws Exception {
    Path top = Path.of("../nphunt-hdf5/src/test/resources/org/nphunt/hdf5/toptagging_pandas_blosc.h5");
    Path dijet = dir.resolve("dijet.h5");
    org.nphunt.data.DijetSchema schema = org.nphunt.data.DijetSchema.nphunt(5);
    int n = 4;
    double[] c = new double[n * 2 * 5 * 3];
    double[] f = new double[n * schema.eventFeatures().size()];
    for (int e = 0; e < n; e++) {
      c[e * 30] = 0.1;
      c[e * 30 + 1] = -0.2;
      c[e * 30 + 2] = 50 + e;
      f[e * schema.eventFeatures().size()] = 3000 + e;
    }
    try (org.nphunt.hdf5.DijetWriter w = org.nphunt.hdf5.DijetWriter.create(dijet, schema, false)) {
      w.write(new org.nphunt.data.Events(schema, n, new double[][] {c, f}, new Object[] {null, new int[] {0, 1, 0, 1}, null}));
      w.commit();
    }
    Cli.Run r = run("inspect", top.toString(), dijet.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("format      top tagging (pandas table), schema toptagging"), r.out());
    assertTrue(r.out().contains("is_signal_new 0: 16, 1: 8"), r.out());
    assertTrue(r.out().contains("format      dijet, schema dijet"), r.out());
    assertTrue(r.out().contains("truth_label 0: 2, 1: 2"), r.out());
    assertTrue(r.out().contains("jetConstituentsList non-padding rows per event: min 1, median 1.0, mean 1.00"), r.out());
  }

  @Test
  void malformedFilesOfOtherFormatsGiveOneLineEach() throws Exception {
    Path lzf = org.nphunt.testing.SharedFixtures.useCase("lzf_filter.h5");
    Path vds = org.nphunt.testing.SharedFixtures.useCase("vds_missing_source/vds_missing.h5");
    Path lhco = org.nphunt.testing.SharedFixtures.fixture("lhco2020_rnd_1000.h5");
    Cli.Run r = run("inspect", "--json", lzf.toString(), vds.toString(), lhco.toString());
    assertEquals(Main.EXIT_ERROR, r.code());
    List<String> lines = r.err().strip().lines().toList();
    assertEquals(2, lines.size(), r.err());
    assertTrue(lines.get(0).contains("lzf_filter.h5:/Particles: compressed with the LZF filter"), lines.get(0));
    assertTrue(lines.get(1).contains("virtual dataset source part2_moved.h5:Particles is missing"), lines.get(1));
    JsonNode all = Json.mapper().readTree(r.out());
    assertEquals(3, all.size(), r.out());
    assertEquals(lines.get(0), "nphunt: error: " + all.get(0).get("error").asText());
    assertEquals(lines.get(1), "nphunt: error: " + all.get(1).get("error").asText());
    assertTrue(all.get(2).has("events") && !all.get(2).has("error"), all.get(2).toString());
  }

  @Test
  void notesOfTheReaderAreShown() {
    Cli.Run r = run("inspect", org.nphunt.testing.SharedFixtures.useCase("phi_zero_to_two_pi.h5").toString(),
        org.nphunt.testing.SharedFixtures.useCase("particles_names_reordered.h5").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("note        ") && r.out().contains("Phi stored in [0, 2 pi): wrapped to [-pi, pi]"), r.out());
    assertTrue(r.out().contains("columns stored as [Pt, Phi, Eta, Class]: mapped to (Pt, Eta, Phi, Class)"), r.out());
  }
}
