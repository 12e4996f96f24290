package org.nphunt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;
import org.nphunt.eval.ResultsFile;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.RawHdf5;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.score.Scorer;
import org.nphunt.testing.TestEvents;

/**
 * {@code nphunt spark score|evaluate} in local mode, in this JVM, against the single-machine commands:
 * identical scores and evaluation numbers, one-line errors for bad files, no duplicate rows after a
 * retried task. One Spark session ({@code local[2,2]}: two cores, a failed task is retried once) serves
 * every test; the commands join it. Slow (about a minute: Spark's start-up and first jobs in a cold JVM).
 */
@Tag("slow")
class SparkCommandsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path model;
  static Path sm;
  static Path a;
  static Path b;

  /** {@link TestEvents#correlated} events with EvtId, written in nphunt's layout (1000-event gzip chunks). */
  static Path events(String name, int n, long seed, double shift) {
    EventBatch e = TestEvents.correlated(n, seed, shift);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1_000_000L * seed + i;
    }
    e.setEvtId(ids);
    Path f = dir.resolve(name);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(e);
      w.commit();
    }
    return f;
  }

  @BeforeAll
  static void setUp() {
    SparkSessions.quietLogging(false);
    spark = SparkSession.builder().master("local[2,2]").appName("nphunt-spark tests")
        .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "localhost")
        // the tests' sorts and distinct counts are small: a few shuffle partitions, not 200
        .config("spark.sql.shuffle.partitions", "4")
        // a Parquet file per partition, so that the evaluation merges several partial streams
        .config("spark.sql.files.maxPartitionBytes", "4096").config("spark.sql.files.openCostInBytes", "0")
        .getOrCreate();
    Path train = events("train.h5", 3000, 1, 0);
    sm = events("sm.h5", 5200, 2, 0);
    a = events("a.h5", 1700, 3, 0.6);
    b = events("b.h5", 900, 4, 1.5);
    model = dir.resolve("vae");
    Cli.Run t = Cli.run("train", "--model", "vae", "--train", train.toString(), "--out", model.toString(), "--epochs", "2",
        "--batch", "256", "--seed", "5");
    assertEquals(0, t.code(), t.err());
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static Path scoreSingle(Path in) {
    Path out = dir.resolve("single-" + in.getFileName());
    if (!Files.exists(out)) {
      Cli.Run s = Cli.run("score", "--model", model.toString(), "--in", in.toString(), "--out", out.toString());
      assertEquals(0, s.code(), s.err());
    }
    return out;
  }

  private static Path sparkScores;

  /** One Spark scoring of the three files (several tasks each), shared by the tests that read it. */
  private static synchronized Path sparkScores() {
    if (sparkScores == null) {
      Path out = dir.resolve("spark-scores");
      Cli.Run r = Cli.run("spark", "score", "--model", model.toString(), "--in", sm.toString(), dir.resolve("[ab].h5").toString(),
          "--out", out.toString(), "--hdf5", "--task-events", "1000", "--batch", "300");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("scored 7,800 events of 3 files"), r.out());
      sparkScores = out;
    }
    return sparkScores;
  }

  @Test
  void scoresEqualThoseOfNphuntScore() throws Exception {
    Path out = sparkScores();
    ScoresFolder folder = ScoresFolder.read(out.toString(), new org.apache.hadoop.conf.Configuration(false));
    assertEquals(List.of(sm.toString(), a.toString(), b.toString()), folder.files().stream().map(ScoresFolder.File::path).toList());
    assertEquals(List.of("EvtId", "ProcessId"), folder.columns());
    for (Path in : List.of(sm, a, b)) {
      Path single = scoreSingle(in);
      try (ScoreFileReader one = ScoreFileReader.open(single);
          ScoreFileReader two = ScoreFileReader.open(out.resolve("hdf5").resolve(in.getFileName()))) {
        assertEquals(one.scoreNames(), two.scoreNames());
        assertEquals(11, one.scoreNames().size(), "the VAE's scores (vae_reco is left out: it equals 57 x mse; the p-value's is in)");
        for (String s : one.scoreNames()) {
          assertArrayEquals(one.scores(s), two.scores(s), 0.0, in + " " + s);
        }
        assertArrayEquals(one.evtId(), two.evtId());
        assertArrayEquals(one.processId(), two.processId());
        assertEquals(one.attribute(Scorer.MODEL_MANIFEST_ATTRIBUTE), two.attribute(Scorer.MODEL_MANIFEST_ATTRIBUTE));
        assertTrue(two.attribute(Scorer.MANIFEST_ATTRIBUTE).contains("\"command\" : \"spark score\""));

        // the Parquet rows: one per event, in any order, the same values
        Dataset<Row> rows = spark.read().parquet(out.resolve("scores").toString()).where("file = '" + in + "'").orderBy("index");
        List<Row> list = rows.collectAsList();
        assertEquals(one.size(), list.size());
        double[] mse = one.scores("mse");
        long[] ids = one.evtId();
        for (int i = 0; i < list.size(); i++) {
          Row r = list.get(i);
          assertEquals(i, r.getLong(r.fieldIndex("index")));
          assertEquals(mse[i], r.getDouble(r.fieldIndex("mse")), 0.0);
          assertEquals(ids[i], r.getLong(r.fieldIndex("EvtId")));
        }
      }
    }
  }

  @Test
  void evaluationEqualsThatOfNphuntEvaluate() throws Exception {
    Path out = sparkScores();
    String[] rates = {"--input-rate", "440", "--output-per-day", "2000000", "--lumi", "1000", "--fpr", "1e-3,1e-2,0.1"};
    Path single = dir.resolve("eval-single");
    Cli.Run s = Cli.run(concat(new String[] {"evaluate", "--background", "SM=" + scoreSingle(sm), "--signal", "A=" + scoreSingle(a),
        "--signal", "B=" + scoreSingle(b), "--model", "vae", "--out", single.toString()}, rates));
    assertEquals(0, s.code(), s.err());
    // the background (5,200 events) is sampled for the histograms: no number depends on it
    Path distributed = dir.resolve("eval-spark");
    Cli.Run d = Cli.run(concat(new String[] {"spark", "evaluate", "--scores", "vae=" + out, "--background", "vae/SM=sm.h5",
        "--signal", "vae/A=a.h5", "--signal", "vae/B=" + b, "--histogram-events", "1000", "--out", distributed.toString()}, rates));
    assertEquals(0, d.code(), d.err());
    ResultsFile one = ResultsFile.read(single.resolve("results.json"));
    ResultsFile two = ResultsFile.read(distributed.resolve("results.json"));
    assertEquals(22, one.results().results().size(), "11 scores (the p-value score included) x 2 signals");
    assertNotNull(one.results().results().get(0).operatingPoint());
    // every number: AUC, DeLong error, ROC, TPR at FPR with intervals, the operating point
    assertEquals(one.results(), two.results());
    assertEquals("spark evaluate", two.manifest().command());
    assertTrue(Files.exists(distributed.resolve("report.html")));
    String tableOne = Files.readString(single.resolve("results.md"));
    String tableTwo = Files.readString(distributed.resolve("results.md"));
    assertEquals(tableOne.substring(tableOne.indexOf("\n|")), tableTwo.substring(tableTwo.indexOf("\n|")));
    assertTrue(partitionsOf(out) > 3, "the background was streamed in several partitions");

  }

  private static int partitionsOf(Path out) {
    return spark.read().parquet(out.resolve("scores").toString()).where("file = '" + sm + "'").javaRDD().getNumPartitions();
  }

  /**
   * The readers' notes reach the outputs as nphunt score records them: a file whose Phi is stored in [0, 2 pi)
   * (no negative value; the first above pi at event 1500), scored in tasks of 1000 events (the second and the third task both wrap, the third "first
   * at event 2000"), gives the HDF5 score file nphunt score's source_notes (first at event 1500), manifest.json
   * the same per file, and the same "nphunt: note:" line.
   */
  @Test
  void readerNotesAreRecordedAsNphuntScoreRecordsThem() throws Exception {
    // one file in the [0, 2 pi) convention whose first phi above pi is at event 1500: events before it keep
    // phi in [0, pi] (|phi|), events from 1500 on are stored as phi + 2 pi where phi < 0
    EventBatch e = TestEvents.correlated(3000, 6, 0);
    for (int ev = 0; ev < 3000; ev++) {
      for (int s = 0; s < 19; s++) {
        if (!e.isEmpty(ev, s) && e.phi(ev, s) < 0) {
          e.set(ev, s, 2, ev < 1500 ? -e.phi(ev, s) : e.phi(ev, s) + 2 * Math.PI);
        }
      }
    }
    Path f = dir.resolve("wrapped.h5");
    RawHdf5.write(f, List.of(new RawHdf5.Dataset("Particles", RawHdf5.Type.FLOAT64, new long[] {3000, 19, 4}, e.particles(),
        new long[] {1000, 19, 4}, false, 1)));
    Path singleOut = dir.resolve("single-wrapped.h5");
    Cli.Run single = Cli.run("score", "--model", model.toString(), "--in", f.toString(), "--out", singleOut.toString());
    assertEquals(0, single.code(), single.err());
    String note = f + ":/Particles: Phi stored in [0, 2 pi): wrapped to [-pi, pi] (first at event 1500)";
    assertEquals("nphunt: note: " + note + "\n", single.err());
    Path out = dir.resolve("spark-wrapped");
    Cli.Run r = Cli.run("spark", "score", "--model", model.toString(), "--in", f.toString(), "--out", out.toString(), "--hdf5",
        "--task-events", "1000", "--batch", "300");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("in 3 tasks"), r.out());
    assertTrue(r.err().contains("nphunt: note: " + note + "\n"), r.err());
    try (ScoreFileReader one = ScoreFileReader.open(singleOut);
        ScoreFileReader two = ScoreFileReader.open(out.resolve("hdf5").resolve("wrapped.h5"))) {
      assertEquals(List.of(note), org.nphunt.json.Json.mapper().readValue(one.attribute(Scorer.SOURCE_NOTES_ATTRIBUTE), List.class));
      assertEquals(one.attribute(Scorer.SOURCE_NOTES_ATTRIBUTE), two.attribute(Scorer.SOURCE_NOTES_ATTRIBUTE));
      assertArrayEquals(one.scores("mse"), two.scores("mse"), 0.0);
    }
    ScoresFolder folder = ScoresFolder.read(out.toString(), new org.apache.hadoop.conf.Configuration(false));
    assertEquals(List.of(note), folder.files().get(0).sourceNotes());
    // files without notes: no source_notes, as nphunt score
    try (ScoreFileReader a1 = ScoreFileReader.open(sparkScores().resolve("hdf5").resolve(a.getFileName()))) {
      assertEquals(null, a1.attribute(Scorer.SOURCE_NOTES_ATTRIBUTE));
    }
  }

  @Test
  void aMalformedFileAmongGoodOnesFailsInOneLine() throws Exception {
    // event 1234 of 3000 has a NaN eta: found by the task reading events [1000, 2000)
    EventBatch e = TestEvents.correlated(3000, 9, 0);
    e.set(1234, 9, 1, Double.NaN);
    e.set(1234, 9, 0, 50);
    e.set(1234, 9, 3, 4);
    Path bad = dir.resolve("bad.h5");
    RawHdf5.write(bad, List.of(new RawHdf5.Dataset("Particles", RawHdf5.Type.FLOAT32, new long[] {3000, 19, 4}, e.particles(),
        new long[] {1000, 19, 4}, false, 4)));
    Cli.Run single = Cli.run("score", "--model", model.toString(), "--in", bad.toString(), "--out", dir.resolve("bad-single.h5").toString());
    assertEquals(1, single.code());
    assertEquals("nphunt: error: " + bad + ":/Particles: event 1234, slot 9, Eta is NaN (values must be finite)", single.err().strip());
    Path out = dir.resolve("bad-spark");
    Cli.Run r = Cli.run("spark", "score", "--model", model.toString(), "--in", sm.toString(), bad.toString(), a.toString(),
        "--out", out.toString(), "--task-events", "1000");
    assertEquals(1, r.code(), r.err());
    assertEquals(single.err(), r.err(), "the single-machine line, no Spark stack trace");
    assertFalse(Files.exists(out));
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().contains("bad-spark.")), "no temporary left");
    }

    // not an HDF5 file at all: refused while planning, in the single-machine words
    Path junk = dir.resolve("junk.h5");
    Files.writeString(junk, "not hdf5");
    Cli.Run one = Cli.run("score", "--model", model.toString(), "--in", junk.toString(), "--out", dir.resolve("junk-single.h5").toString());
    Cli.Run two = Cli.run("spark", "score", "--model", model.toString(), "--in", sm.toString(), junk.toString(), "--out", out.toString());
    assertEquals(1, one.code());
    assertEquals(1, two.code());
    assertEquals(one.err(), two.err());
    assertEquals(1, one.err().strip().lines().count(), one.err());
  }

  @Test
  void aRetriedTaskLeavesNoDuplicateRows() throws Exception {
    AtomicInteger failed = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
          failed.incrementAndGet();
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    spark.conf().set(SparkScoring.FAIL_FIRST_ATTEMPT, "3");
    Path out = dir.resolve("retried");
    try {
      Cli.Run r = Cli.run("spark", "score", "--model", model.toString(), "--in", sm.toString(), "--out", out.toString(),
          "--task-events", "1000");
      assertEquals(0, r.code(), r.err());
    } finally {
      spark.conf().unset(SparkScoring.FAIL_FIRST_ATTEMPT);
    }
    for (int i = 0; i < 100 && failed.get() == 0; i++) {
      Thread.sleep(50);
    }
    spark.sparkContext().removeSparkListener(listener);
    assertEquals(1, failed.get(), "the first attempt of task 3 failed after writing half its rows");
    Dataset<Row> rows = spark.read().parquet(out.resolve("scores").toString());
    assertEquals(5200, rows.count());
    assertEquals(5200, rows.select("file", "index").distinct().count());
    double[] mse = rows.orderBy("index").select("mse").collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
    try (ScoreFileReader one = ScoreFileReader.open(scoreSingle(sm))) {
      assertArrayEquals(one.scores("mse"), mse, 0.0);
    }
  }

  @Test
  void outputsAreNotReplacedWithoutForceAndUsageErrorsExitWith2() throws Exception {
    Path out = dir.resolve("small");
    assertEquals(0, Cli.run("spark", "score", "--model", model.toString(), "--in", b.toString(), "--out", out.toString()).code());
    Cli.Run again = Cli.run("spark", "score", "--model", model.toString(), "--in", b.toString(), "--out", out.toString());
    assertEquals(1, again.code());
    assertEquals("nphunt: error: " + out.toAbsolutePath() + " exists and is not empty (use --force to replace it)", again.err().strip());
    assertEquals(0, Cli.run("spark", "score", "--model", model.toString(), "--in", b.toString(), "--out", out.toString(),
        "--force").code());
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    Cli.Run refused = Cli.run("spark", "score", "--model", model.toString(), "--in", b.toString(), "--out", foreign.toString(),
        "--force");
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("is not a scores folder written by nphunt spark score; --force replaces only"), refused.err());
    assertTrue(Files.exists(foreign.resolve("notes.txt")));

    Cli.Run batch = Cli.run("spark", "score", "--model", model.toString(), "--in", b.toString(), "--out", dir.resolve("x").toString(),
        "--batch", "0");
    assertEquals(2, batch.code());
    assertEquals("nphunt: invalid value: --batch must be in 1..1048576, found 0", batch.err().strip());
    Cli.Run conf = Cli.run("spark", "score", "--model", model.toString(), "--in", b.toString(), "--out", dir.resolve("x").toString(),
        "--conf", "nokey");
    assertEquals(2, conf.code());
    Cli.Run missing = Cli.run("spark", "score", "--model", model.toString(), "--in", dir.resolve("nope.h5").toString(),
        "--out", dir.resolve("x").toString());
    assertEquals(1, missing.code());
    assertEquals("nphunt: error: " + dir.resolve("nope.h5") + ": no such file", missing.err().strip());
    Cli.Run noFile = Cli.run("spark", "evaluate", "--scores", out.toString(), "--background", "SM=sm.h5", "--signal", "B=b.h5",
        "--out", dir.resolve("e").toString());
    assertEquals(1, noFile.code());
    assertTrue(noFile.err().startsWith("nphunt: error: --background model/SM=sm.h5: no scores of sm.h5 in " + out), noFile.err());
  }

  private static String[] concat(String[] x, String[] y) {
    String[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
