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

    Path other = scores("other.h5", 100, 0, 1);
    Cli.Run badScore = run("evaluate", "--background", "SM=" + sm, "--signal", "x=" + other, "--score", "mae", "--out", out.toString());
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

  /**
   * Event files given as score files are refused (exit 1, one line naming the file and the command that scores it):
   * an ADC2021 event file's float truth columns (LepIsoCh, LepIsoGamma, LepIsoNeu) used to be evaluated as scores.
   */
  @Test
  void eventFilesAreNotScoreFiles() {
    Path sm = dir.resolve("sm.h5");
    Path a = dir.resolve("ato4l.h5");
    assertEquals(0, run("generate", "--process", "sm", "--events", "300", "--seed", "3", "--out", sm.toString()).code());
    assertEquals(0, run("generate", "--process", "Ato4l", "--events", "300", "--seed", "4", "--out", a.toString()).code());
    Path out = dir.resolve("eval");
    Cli.Run r = run("evaluate", "--background", "SM=" + sm, "--signal", "A=" + a, "--out", out.toString());
    assertEquals(1, r.code(), r.out());
    assertEquals("nphunt: error: " + sm + " is an ADC2021 event file (/Particles), not a score file: score it first"
        + " with `nphunt score --model DIR --in " + sm + "`\n", r.err());

    Path qcd = dir.resolve("qcd.h5");
    assertEquals(0, run("generate", "--process", "qcd-dijet", "--events", "50", "--seed", "3", "--dijet-out", qcd.toString()).code());
    Path scores = scores("s.h5", 100, 0, 0);
    Cli.Run d = run("evaluate", "--background", "SM=" + scores, "--signal", "Q=" + qcd, "--out", out.toString());
    assertEquals(1, d.code(), d.out());
    assertEquals("nphunt: error: " + qcd + " is a dijet event file (/jetConstituentsList), not a score file: score it"
        + " first with `nphunt score --model DIR --in " + qcd + "`\n", d.err());
    assertFalse(Files.exists(out), "nothing written on errors");
  }

  /**
   * Bad evaluation values are usage errors (exit 2) naming the options, not the EvaluationConfig /
   * OperatingPointConfig fields; --output-rate and --output-per-day together are exclusive.
   */
  @Test
  void badValuesNameTheOptions() {
    String sm = "SM=" + dir.resolve("sm.h5");
    String sig = "x=" + dir.resolve("x.h5");
    String out = dir.resolve("o").toString();
    String[][] cases = {
      {"--fpr=2", "--fpr must be in (0, 1), found 2.0"},
      {"--input-rate=0,--output-rate=1", "--input-rate must be > 0 and finite, found 0.0"},
      {"--input-rate=10,--output-rate=30", "--output-rate must be < --input-rate (10.0), found 30.0"},
      {"--input-rate=10,--output-per-day=864000", "--output-per-day / 86400 s must be < --input-rate (10.0), found 10.0"},
      {"--input-rate=440,--output-rate=30,--output-per-day=30", "--output-rate and --output-per-day are exclusive (both"
          + " give the affordable output rate): give one"},
    };
    for (String[] c : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--background", sm, "--signal", sig, "--out", out));
      args.addAll(List.of(c[0].split(",")));
      Cli.Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.code(), c[0] + ": " + r.out());
      assertEquals("nphunt: invalid value: " + c[1] + "\n", r.err(), c[0]);
    }
  }

  /** A score file as nphunt score writes it: a manifest naming the scored events' SHA-256, and ProcessIds. */
  private Path scored(String name, int n, double shift, long index, String eventsSha, int[] processId) {
    Path f = dir.resolve(name);
    SplittableRandom r = Seeds.random(5, "test/evaluate", index);
    double[] mse = new double[n];
    double[] kl = new double[n];
    for (int i = 0; i < n; i++) {
      mse[i] = shift + r.nextDouble();
      kl[i] = r.nextDouble();
    }
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("mse", "kl"), false)) {
      w.write(n, new double[][] {mse, kl}, null, processId);
      w.attribute("manifest", "{\"command\": \"score\", \"inputs\": [{\"path\": \"/data/x.h5\", \"bytes\": 10,"
          + " \"sha256\": \"" + eventsSha + "\"}, {\"path\": \"m/model.json\", \"bytes\": 1, \"sha256\": \"00\"}]}");
      w.commit();
    }
    return f;
  }

  /**
   * A signal that is the background sample is a usage error (exit 2, one line, nothing written): the same path,
   * a link to it, a byte-identical copy, or (same model) a score file of the same events; a signal named like
   * the background, or whose ProcessIds are all SM background processes of nphunt's generators, is evaluated
   * with a note. Different samples (the published ADC2021 files have neither manifest nor ProcessId) pass
   * without a note.
   */
  @Test
  void aSignalThatIsTheBackgroundIsRefusedOrNoted() throws Exception {
    Path sm = scores("sm.h5", 500, 0, 0);
    Path out = dir.resolve("o");
    String refused = "; a signal must be another sample than the background (see 'nphunt evaluate --help')\n";
    Cli.Run same = run("evaluate", "--background", "SM=" + sm, "--signal", "LQ=" + sm, "--out", out.toString());
    assertEquals(2, same.code(), same.err());
    assertEquals("nphunt: --signal model/LQ=" + sm + " is the same file as --background model/SM=" + sm + refused, same.err());

    Path link = Files.createSymbolicLink(dir.resolve("lq_link.h5"), sm);
    Path copy = Files.copy(sm, dir.resolve("lq_copy.h5"));
    for (Path p : List.of(link, copy)) {
      Cli.Run r = run("evaluate", "--background", "SM=" + sm, "--signal", "LQ=" + p, "--out", out.toString());
      assertEquals(2, r.code(), r.err());
      assertEquals("nphunt: --signal model/LQ=" + p + " is the same file as --background model/SM=" + sm + refused, r.err());
    }

    String events = "ab".repeat(32);
    Path bkg = scored("bkg.h5", 500, 0, 3, events, null);
    Path sameEvents = scored("sig_same_events.h5", 500, 0.5, 4, events, null);
    Cli.Run r = run("evaluate", "--background", "dense/SM=" + bkg, "--signal", "dense/LQ=" + sameEvents, "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("nphunt: --signal dense/LQ=" + sameEvents + " holds the scores of the same events file as --background"
        + " dense/SM=" + bkg + " (sha256 abababababab... in both manifests)" + refused, r.err());
    // under another model name the same events are another model's scores: not this check's business
    Cli.Run mixed = run("evaluate", "--background", "dense/SM=" + bkg, "--signal", "dense/LQ=" + scores("lq.h5", 500, 0.5, 6),
        "--background", "vae/SM=" + scores("sm_vae.h5", 500, 0, 7), "--signal", "vae/LQ=" + sameEvents, "--out", out.toString());
    assertEquals(0, mixed.code(), mixed.err());
    assertEquals("", mixed.err());

    // ProcessIds 0 (W) and 1 (QCD) only: the SM cocktail's processes; named SM like the background
    int[] pid = new int[500];
    for (int i = 0; i < pid.length; i += 3) {
      pid[i] = 1;
    }
    Path smLike = scored("looks_sm.h5", 500, 0.5, 5, "cd".repeat(32), pid);
    Cli.Run noted = run("evaluate", "--background", "SM=" + sm, "--signal", "sm=" + smLike, "--out", dir.resolve("o2").toString());
    assertEquals(0, noted.code(), noted.err());
    assertEquals("nphunt: note: --signal model/sm has the name of model model's --background (model/SM); evaluated as a"
        + " signal as asked\n"
        + "nphunt: note: --signal model/sm=" + smLike + ": every event's ProcessId (0 W, 1 QCD) is a Standard-Model"
        + " background process of nphunt's generators; evaluated as a signal as asked\n", noted.err());

    // a signal with one signal ProcessId among SM ones (an injected sample) is not noted
    pid[7] = 11;
    Path injected = scored("injected.h5", 500, 0.5, 8, "ef".repeat(32), pid);
    Cli.Run quiet = run("evaluate", "--background", "SM=" + sm, "--signal", "LQ=" + injected, "--out", dir.resolve("o3").toString());
    assertEquals(0, quiet.code(), quiet.err());
    assertEquals("", quiet.err());
  }

  /** nphunt's generators' SM background ids: the ADC2021 cocktail's 0-3 and the jet QCD samples 20 and 32. */
  @Test
  void backgroundProcessIdsAreTheGeneratorsSmProcesses() {
    assertEquals(java.util.Map.of(0, "W", 1, "QCD", 2, "Z", 3, "ttbar", 20, "qcd-dijet", 32, "qcd-top"),
        EvaluateCommand.backgroundProcessIds());
  }
}
