package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.cli.Cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.DijetSchema;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.score.ModelFile;

/**
 * The jet models from the command line (issue 12): dijet files from {@code nphunt generate
 * --dijet-out} train a {@code chamfer-vae} folder, score into per-event score files and evaluate with the
 * tagging figures; jet models refuse ADC2021 files and ADC2021 models refuse dijet files, in training
 * and scoring, with one line naming the expected schema.
 */
class JetModelCommandTest {
  @TempDir static Path tmp;
  static Path qcd;
  static Path signal;
  static Path adc;

  @BeforeAll
  static void files() {
    qcd = generate("qcd-dijet", 160, 1);
    signal = generate("wprime-xy", 60, 2);
    adc = TrainScoreCommandTest.file(tmp, "sm.h5", 300, 3, 0);
  }

  static Path generate(String process, int events, long seed) {
    Path f = tmp.resolve(process + ".h5");
    Cli.Run g = run("generate", "--process", process, "--events", "" + events, "--seed", "" + seed, "--threads", "2",
        "--dijet-out", f.toString());
    assertEquals(0, g.code(), g.err());
    assertEquals(EventFiles.Format.DIJET, EventFiles.detect(f));
    return f;
  }

  @Test
  void chamferVaeTrainsScoresAndEvaluatesOnDijetFiles() throws Exception {
    Path model = tmp.resolve("chamfer");
    Cli.Run t = run("train", "--model", "chamfer-vae", "--train", qcd.toString(), "--out", model.toString(),
        "--epochs", "1", "--batch", "64");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("trained chamfer-vae for 1 epoch ("), t.out());
    assertTrue(Files.exists(model.resolve(ModelFile.FILE_NAME)));
    Path sb = tmp.resolve("s-qcd.h5");
    Path ss = tmp.resolve("s-sig.h5");
    assertEquals(0, run("score", "--model", model.toString(), "--in", qcd.toString(), "--out", sb.toString()).code());
    Cli.Run s = run("score", "--model", model.toString(), "--in", signal.toString(), "--out", ss.toString());
    assertEquals(0, s.code(), s.err());
    try (ScoreFileReader r = ScoreFileReader.open(ss)) {
      assertEquals(60, r.size());
      assertEquals("total_min", r.scoreNames().get(0));
      assertEquals(18, r.scoreNames().size());
    }
    Path ev = tmp.resolve("eval");
    Cli.Run e = run("evaluate", "--background", "chamfer/QCD=" + sb, "--signal", "chamfer/WpXY=" + ss,
        "--score", "total_min,kl_min", "--out", ev.toString());
    assertEquals(0, e.code(), e.err());
    // the tagging table, switched on by the dijet model's manifest: one row per score and signal
    assertTrue(e.out().contains("| model | score | signal | AUC | 1/eps_B @ eps_S 0.3 | max SIC (eps_S) |"), e.out());
    assertTrue(e.out().contains("| chamfer | total_min | WpXY | "), e.out());
    assertTrue(e.out().contains("| chamfer | kl_min | WpXY | "), e.out());
    String md = Files.readString(ev.resolve("results.md"));
    assertTrue(md.contains("## Figures of merit"), md);
    assertTrue(EvaluateCommand.scoredDijets(ss));

    // a file without the constituent_coordinates attribute (the published code's kind): the reader decides the
    // convention from the events and notes it; score says so and keeps the note in the score file (it used to be silent)
    Path bare = withoutCoordinatesAttribute(signal, "bare.h5");
    Path sn = tmp.resolve("s-bare.h5");
    Cli.Run n = run("score", "--model", model.toString(), "--in", bare.toString(), "--out", sn.toString());
    assertEquals(0, n.code(), n.err());
    assertTrue(n.err().startsWith("nphunt: note: " + bare + ": no constituent_coordinates attribute; constituents centred on"
        + " (0, 0)"), n.err());
    assertTrue(n.err().contains("read as relative to the jet axis"), n.err());
    try (ScoreFileReader r = ScoreFileReader.open(sn)) {
      assertTrue(r.attributes().get(org.nphunt.score.Scorer.SOURCE_NOTES_ATTRIBUTE).contains("read as relative"),
          r.attributes().toString());
    }
    try (ScoreFileReader r = ScoreFileReader.open(ss)) {
      assertFalse(r.attributes().containsKey(org.nphunt.score.Scorer.SOURCE_NOTES_ATTRIBUTE), "no notes, no attribute");
    }
    // train prints them too
    Cli.Run tn = run("train", "--model", "chamfer-vae", "--train", bare.toString(), "--out", tmp.resolve("chamfer-bare").toString(),
        "--epochs", "1", "--batch", "64");
    assertEquals(0, tn.code(), tn.err());
    assertTrue(tn.err().contains("nphunt: note: " + bare + ": no constituent_coordinates attribute"), tn.err());
    assertFalse(t.err().contains("nphunt: note:"), t.err());
  }

  /** A copy of a dijet file without its constituent_coordinates root attribute. */
  static Path withoutCoordinatesAttribute(Path file, String name) {
    Path copy = file.resolveSibling(name);
    try {
      Files.copy(file, copy);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long id = org.bytedeco.hdf5.global.hdf5.H5Fopen(copy.toString(), org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR,
        org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT);
    assertTrue(id >= 0, "open " + copy);
    assertTrue(org.bytedeco.hdf5.global.hdf5.H5Adelete(id, "constituent_coordinates") >= 0);
    org.bytedeco.hdf5.global.hdf5.H5Fclose(id);
    return copy;
  }

  @Test
  void jetModelsRefuseAdc2021FilesAndAdc2021ModelsRefuseDijetFiles() {
    // training, both directions: one line, the expected schema named, no model folder left
    Path jetModel = tmp.resolve("refused-chamfer");
    Cli.Run a = run("train", "--model", "chamfer-vae", "--train", adc.toString(), "--out", jetModel.toString(), "--epochs", "1");
    assertEquals(1, a.code());
    assertEquals("nphunt: error: " + adc + ": model 'chamfer-vae' reads " + DijetSchema.NAME
        + " events, this source holds adc2021 events", a.err().strip());
    assertFalse(Files.exists(jetModel.resolve(ModelFile.FILE_NAME)));
    assertFalse(Files.exists(jetModel), "the refused training left its (empty) model folder behind");
    Cli.Run b = run("train", "--model", "jet-image-ae", "--train", adc.toString(), "--out", jetModel.toString(), "--epochs", "1");
    assertEquals(1, b.code());
    assertTrue(b.err().contains("model 'jet-image-ae' reads dijet events, this source holds adc2021 events"), b.err());
    Path dense = tmp.resolve("dense");
    Cli.Run c = run("train", "--model", "dense", "--train", qcd.toString(), "--out", tmp.resolve("refused-dense").toString(),
        "--epochs", "1");
    assertEquals(1, c.code());
    assertEquals("nphunt: error: " + qcd + ": model 'dense' reads adc2021 events, this source holds dijet events",
        c.err().strip());
    // nor the folders above it that it created
    Cli.Run c2 = run("train", "--model", "dense", "--train", qcd.toString(), "--out",
        tmp.resolve("new-parent").resolve("refused-dense").toString(), "--epochs", "1");
    assertEquals(1, c2.code());
    assertFalse(Files.exists(tmp.resolve("new-parent")), "the refused training left the folders it created");

    // scoring, both directions
    assertEquals(0, run("train", "--model", "dense", "--train", adc.toString(), "--out", dense.toString(), "--epochs", "1",
        "--batch", "128").code());
    // hunt --model-dir with an ADC2021 model: refused before the events are generated or read, naming the folder
    Cli.Run h = run("hunt", "--model-dir", dense.toString(), "--events", "50000", "--out", tmp.resolve("hunt-dense").toString());
    assertEquals(1, h.code(), h.err());
    assertEquals("nphunt: error: " + dense + ": model 'dense' reads adc2021 events, the resonant search scores dijet events"
        + " (--model-dir needs a jet model, e.g. chamfer-vae, jet-image-ae, lola-ae)", h.err().strip());
    assertFalse(Files.exists(tmp.resolve("hunt-dense")));
    Cli.Run d = run("score", "--model", dense.toString(), "--in", qcd.toString(), "--out", tmp.resolve("x.h5").toString());
    assertEquals(1, d.code());
    assertEquals("nphunt: error: " + qcd + ": model 'dense' reads adc2021 events, this file holds dijet events", d.err().strip());
    Path chamfer = tmp.resolve("chamfer-small");
    assertEquals(0, run("train", "--model", "chamfer-vae", "--train", qcd.toString(), "--out", chamfer.toString(),
        "--epochs", "1", "--batch", "64").code());
    Cli.Run f = run("score", "--model", chamfer.toString(), "--in", adc.toString(), "--out", tmp.resolve("y.h5").toString());
    assertEquals(1, f.code());
    assertEquals("nphunt: error: " + adc + ": model 'chamfer-vae' reads dijet events, this file holds adc2021 events",
        f.err().strip());
    assertFalse(Files.exists(tmp.resolve("y.h5")));
  }
}
