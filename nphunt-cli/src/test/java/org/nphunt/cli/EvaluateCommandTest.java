package org.nphunt.cli;

import static org.nphunt.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.eval.RateStatus;
import org.nphunt.eval.ResultsFile;
import org.nphunt.eval.SignalResult;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.random.Seeds;

class EvaluateCommandTest {
  @TempDir Path dir;


  /** Scores: mse = shift + U(0,1), kl = U(0,1) for every process (no separation). */
  private Path scores(String name, int n, double shift, long index) {
    SplittableRandom r = Seeds.random(5, "test/evaluate", index);
    double[] mse = new double[n];
    double[] kl = new double[n];
    for (int i = 0; i < n; i++) {
      mse[i] = shift + r.nextDouble();
      kl[i] = r.nextDouble();
    }
    Path f = dir.resolve(name);
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("mse", "kl"), false)) {
      w.write(n, new double[][] {mse, kl}, null, null);
      w.commit();
    }
    return f;
  }

  @Test
  void writesResultsMarkdownReportAndPlots() throws Exception {
    Path sm = scores("sm.h5", 20_000, 0, 0);
    Path easy = scores("easy.h5", 2_000, 0.8, 1);
    Path out = dir.resolve("eval");
    Cli.Run r = run("evaluate", "--background", "SM=" + sm, "--signal", "easy=" + easy, "--model", "dense",
        "--out", out.toString(), "--input-rate", "100", "--output-per-day", "86400", "--lumi", "1000");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("report: " + out.toAbsolutePath().resolve("report.html")), r.out());

    ResultsFile rf = ResultsFile.read(out.resolve("results.json"));
    assertEquals("evaluate", rf.manifest().command());
    assertEquals(2, rf.manifest().inputs().size());
    assertEquals(List.of("mse", "kl"), rf.results().scores("dense"));
    SignalResult mse = rf.results().of("dense", "mse").get(0);
    // U(0.8,1.8) vs U(0,1): AUC = 1 - 0.2^2/2 = 0.98
    assertEquals(0.98, mse.auc(), 0.006);
    assertEquals(0.5, rf.results().of("dense", "kl").get(0).auc(), 0.03);
    assertEquals(RateStatus.INSUFFICIENT_BACKGROUND, mse.tprAtFpr().get(0).status());
    // output 1 Hz of 100 Hz input: FPR 0.01, resolved by 20k background events
    assertEquals(0.01, mse.operatingPoint().targetFpr(), 1e-12);
    assertEquals(RateStatus.OK, mse.operatingPoint().rate().status());
    assertTrue(mse.operatingPoint().xsecForEventsPb() > 0);

    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("| dense | mse | 0.98"), md);
    assertTrue(md.contains("## Operating point"), md);
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("data:image/png;base64,"));
    try (Stream<Path> s = Files.list(out.resolve("plots"))) {
      assertEquals(5, s.count(), "ROC and score histogram for mse and kl, and the summary score's ROC on a log TPR axis");
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".partial")), "no temporary left");
    }

    // an existing non-empty output is refused without --force, replaced with it
    Cli.Run again = run("evaluate", "--background", "SM=" + sm, "--signal", "easy=" + easy, "--out", out.toString());
    assertEquals(1, again.code());
    assertEquals("nphunt: error: " + out.toAbsolutePath() + " exists and is not empty (use --force to replace it)\n", again.err());
    assertEquals(0, run("evaluate", "--background", "SM=" + sm, "--signal", "easy=" + easy, "--score", "kl",
        "--out", out.toString(), "--force").code());
    assertEquals(List.of("kl"), ResultsFile.read(out.resolve("results.json")).results().scores("model"));
  }

  @Test
  void badInputGivesOneLineErrors() throws Exception {
    Path sm = scores("sm.h5", 100, 0, 0);
    Path out = dir.resolve("o");
    Cli.Run missing = run("evaluate", "--background", "SM=" + sm, "--signal", "x=" + dir.resolve("nope.h5"), "--out", out.toString());
    assertEquals(1, missing.code());
    assertEquals("nphunt: error: " + dir.resolve("nope.h5") + ": no such file\n", missing.err());

    Cli.Run badScore = run("evaluate", "--background", "SM=" + sm, "--signal", "x=" + sm, "--score", "mae", "--out", out.toString());
    assertEquals(1, badScore.code());
    assertTrue(badScore.err().startsWith("nphunt: error: " + sm + ": no score 'mae'"), badScore.err());

    Path nan = dir.resolve("nan.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(nan, List.of("mse", "kl"), false)) {
      w.write(3, new double[][] {{1, Double.NaN, 2}, {1, 2, 3}}, null, null);
      w.commit();
    }
    Cli.Run nanRun = run("evaluate", "--background", "SM=" + sm, "--signal", "x=" + nan, "--out", out.toString());
    assertEquals(1, nanRun.code());
    assertEquals("nphunt: error: " + nan + ": score 'mse': score at event 1 is NaN (scores must be finite)\n", nanRun.err());

    Cli.Run usage = run("evaluate", "--background", "SM" + sm, "--signal", "x=" + sm, "--out", out.toString());
    assertEquals(2, usage.code());
    assertTrue(usage.err().contains("--background must be NAME=FILE"), usage.err());

    Cli.Run rates = run("evaluate", "--background", "SM=" + sm, "--signal", "x=" + sm, "--out", out.toString(), "--output-rate", "3");
    assertEquals(2, rates.code());
    assertTrue(rates.err().contains("needs --input-rate"), rates.err());
    assertFalse(Files.exists(out), "nothing written on errors");
  }
}
