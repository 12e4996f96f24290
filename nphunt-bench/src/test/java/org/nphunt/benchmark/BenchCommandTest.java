package org.nphunt.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.benchmark.BenchReport;
import org.nphunt.benchmark.PytorchComparison;
import org.nphunt.json.Json;

/** End-to-end runs of tiny suites; nothing here asserts a timing, only structure and consistency. */
class BenchCommandTest {
  static Cli.Run run(String... args) {
    return Cli.run(args);
  }

  static void assertStructure(JsonNode m) {
    JsonNode stats = m.path("stats");
    double median = stats.path("median").asDouble();
    assertTrue(median > 0, m.toString());
    assertTrue(stats.path("min").asDouble() <= median && median <= stats.path("max").asDouble(), m.toString());
    assertTrue(stats.path("q1").asDouble() <= median && median <= stats.path("q3").asDouble(), m.toString());
    assertTrue(m.path("memory").path("peakHeapMiB").asDouble() > 0, m.toString());
  }

  @Test
  void generatorAndHdf5SuitesWriteJsonAndMarkdown(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("b");
    Cli.Run r = run("bench", "--suite", "generator,hdf5", "--events", "3000", "--generator-events",
        "2000", "--processes", "sm", "--repeats", "3", "--warmup", "1", "--threads", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode j = Json.mapper().readTree(Files.readString(out.resolve(BenchReport.JSON_NAME)));
    assertEquals(BenchReport.SCHEMA, j.path("schema").asText());
    assertTrue(j.path("command").asText().startsWith("nphunt bench --suite generator,hdf5"));
    assertTrue(j.path("machine").path("cores").asInt() >= 1);
    assertEquals(3, j.path("loadAverageStart").size());
    List<String> names = new ArrayList<>();
    for (JsonNode m : j.path("measurements")) {
      names.add(m.path("name").asText());
      assertEquals(3, m.path("samples").size(), m.toString());
      assertEquals(3, m.path("stats").path("n").asInt());
      assertStructure(m);
    }
    assertEquals(List.of("sm threads 1", "sm threads 2", "write gzip 4", "read gzip 4", "write uncompressed",
        "read uncompressed", "read chunks of 1 event", "read LHC Olympics layout"), names);
    JsonNode write = j.path("measurements").get(2);
    assertEquals(3000, write.path("parameters").path("events").asInt());
    assertTrue(write.path("extra").path("mb_per_s").asDouble() > 0);
    assertTrue(j.path("manifest").path("command").asText().startsWith("nphunt bench"));
    String md = Files.readString(out.resolve(BenchReport.MARKDOWN_NAME));
    assertTrue(md.contains("| suite | figure | settings | median |"), md);
    assertEquals(8, md.lines().filter(l -> l.startsWith("| generator") || l.startsWith("| hdf5")).count(), md);
    try (var files = Files.list(out)) {
      assertEquals(List.of("bench.json", "bench.md"), files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary HDF5 files left behind");
    }

    // an existing report is not replaced without --force, and nothing runs
    Cli.Run again = run("bench", "--suite", "generator", "--generator-events", "100", "--processes",
        "sm", "--out", out.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().startsWith("nphunt: error: ") && again.err().contains("bench.json"), again.err());
    assertEquals(1, again.err().lines().count(), again.err());
  }

  @Test
  void trainAndScoreSuiteEndToEnd(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t");
    Cli.Run r = run("bench", "--suite", "train,score", "--models", "dense", "--train-events", "2048",
        "--score-events", "2048", "--score-batches", "1,256", "--repeats", "2", "--warmup", "1", "--threads", "1",
        "--out", out.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode j = Json.mapper().readTree(Files.readString(out.resolve(BenchReport.JSON_NAME)));
    List<String> names = new ArrayList<>();
    for (JsonNode m : j.path("measurements")) {
      names.add(m.path("suite").asText() + ":" + m.path("name").asText());
      assertStructure(m);
    }
    assertEquals(List.of("train:dense batch 1024", "score:dense batch 1", "score:dense batch 256",
        "score:dense latency of one event"), names);
    JsonNode train = j.path("measurements").get(0);
    assertEquals(2, train.path("samples").size(), "warm-up epoch excluded");
    assertEquals(2048, train.path("parameters").path("events_per_epoch").asInt());
    JsonNode lat = j.path("measurements").get(3);
    assertEquals("us", lat.path("unit").asText());
    assertEquals(1000, lat.path("stats").path("n").asInt());
    assertTrue(lat.path("extra").path("p99_us").asDouble() >= lat.path("stats").path("median").asDouble());
  }

  @Test
  void usageErrorsExitTwoInOneLine(@TempDir Path dir) {
    for (String[] args : List.of(
        new String[] {"bench", "--suite", "gpu", "--out", dir.toString()},
        new String[] {"bench", "--repeats", "0", "--out", dir.toString()},
        new String[] {"bench", "--suite", "train", "--models", "lstm", "--out", dir.toString()},
        new String[] {"bench", "--suite", "generator", "--processes", "nope", "--out", dir.toString()},
        new String[] {"bench", "--compare-pytorch", "--out", dir.toString()})) {
      Cli.Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    Cli.Run r = run("bench", "--suite", "gpu", "--out", dir.toString());
    assertEquals("nphunt: invalid value: suite must be one of all, generator, hdf5, train, score, found gpu",
        r.err().trim());
  }

  /**
   * The comparison driver end to end with a stand-in for the Python script (a shell script writing a
   * canned reference JSON), so the test needs neither torch nor timing.
   */
  @Test
  void compareDriverInterleavesAndComputesRatios(@TempDir Path dir) throws Exception {
    Path train = file(dir, "train.h5", 3000, 1, 0);
    Path test = file(dir, "test.h5", 1500, 2, 0);
    Path sig = file(dir, "sig.h5", 500, 3, 1.0);
    Path fake = dir.resolve("fake_reference.sh");
    Path calls = dir.resolve("calls.txt");
    Files.writeString(fake, """
        #!/bin/sh
        echo "$@" >> %s
        while [ $# -gt 0 ]; do [ "$1" = --json ] && out="$2"; shift; done
        cat > "$out" <<'JSON'
        {"schema": "nphunt-reference-dense/1",
         "summary": {"train_events_per_s": 1000.0,
                     "score_events_per_s": {"1": 100.0, "64": 1000.0, "1024": 1e4, "16384": 1e4},
                     "latency_us": 50.0, "auc": {"SIG": 0.9}, "auc_stderr": {"SIG": 0.01}},
         "versions": {"torch": "0.0-fake", "torch_debian_package": "none"},
         "machine": {"loadavg_start": [1, 1, 1], "loadavg_end": [1, 1, 1]},
         "training": {"load_seconds": 1.0, "train_seconds": 1.0, "final_val_loss": 0.5,
                      "history": [{"events_per_s": 1000.0}]},
         "peak_rss_mb": 10.0}
        JSON
        """.formatted(calls));
    Path out = dir.resolve("cmp");
    Cli.Run r = run("bench", "--compare-pytorch", "--train", train.toString(), "--test",
        test.toString(), "--signal", "SIG=" + sig, "--epochs", "2", "--rounds", "2", "--repeats", "1", "--threads",
        "1", "--python", "/bin/sh", "--reference", fake.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode j = Json.mapper().readTree(Files.readString(out.resolve(PytorchComparison.JSON_NAME)));
    List<String> order = new ArrayList<>();
    for (JsonNode s : j.path("rounds")) {
      order.add(s.path("round").asInt() + s.path("tool").asText());
    }
    assertEquals(List.of("1nphunt", "1PyTorch", "2PyTorch", "2nphunt"), order, "interleaved, alternating order");
    List<String> lines = Files.readAllLines(calls);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("--epochs 2 --batch 1024 --seed 1 --threads 1 --repeats 1"), lines.get(0));
    assertTrue(lines.get(1).contains("--seed 2 "), "each round its own seed, the same on both sides: " + lines.get(1));
    assertEquals(2, j.path("rounds").get(3).path("seed").asInt());
    JsonNode n1 = j.path("rounds").get(0);
    assertEquals(2, n1.path("epochEventsPerSecond").size(), "one rate per epoch: no early stop");
    double ratio = j.path("ratios").path("trainPerRound").get(0).asDouble();
    assertEquals(n1.path("trainEventsPerSecond").asDouble() / 1000.0, ratio, 1e-9 * ratio);
    JsonNode auc = j.path("auc").get(0);
    assertEquals("SIG", auc.path("signal").asText());
    assertTrue(auc.path("nphunt").asDouble() > 0.5, "shifted signal separates: " + auc);
    assertEquals(auc.path("nphunt").asDouble() - 0.9, auc.path("difference").asDouble(), 1e-12);
    assertEquals("0.0-fake", j.path("pytorchVersion").asText());
    assertTrue(Files.readString(out.resolve(PytorchComparison.MARKDOWN_NAME)).contains("| training events/s |"));
    assertTrue(r.out().contains("training events/s ratio"), r.out());
  }

  /** {@link org.nphunt.testing.TestEvents#correlated} events written to {@code dir/name}. */
  static Path file(Path dir, String name, int n, long seed, double shift) {
    Path f = dir.resolve(name);
    try (org.nphunt.hdf5.Hdf5EventWriter w = org.nphunt.hdf5.Hdf5EventWriter.create(f, org.nphunt.hdf5.WriteOptions.defaults())) {
      w.write(org.nphunt.testing.TestEvents.correlated(n, seed, shift));
      w.commit();
    }
    return f;
  }
}
