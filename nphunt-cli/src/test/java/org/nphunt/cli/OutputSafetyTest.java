package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.cli.Cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.hdf5.ScoreFileWriter;

/**
 * Issue 16, "silent wrong numbers" and "lost files": --force replaces an earlier output of the same kind
 * and never an input or a foreign folder; mixed models are refused; every refusal is one line, exit 1.
 */
class OutputSafetyTest {
  @TempDir Path dir;

  private Path scores(Path file, int n, double shift, String modelManifest) {
    double[] mse = new double[n];
    for (int i = 0; i < n; i++) {
      mse[i] = shift + (i * 0.618034) % 1.0;
    }
    try (ScoreFileWriter w = ScoreFileWriter.create(file, List.of("mse"), false)) {
      w.write(n, new double[][] {mse}, null, null);
      if (modelManifest != null) {
        w.attribute(org.nphunt.score.Scorer.MODEL_MANIFEST_ATTRIBUTE, modelManifest);
      }
      w.commit();
    }
    return file;
  }

  private static void assertOneLineError(Cli.Run r, String expected) {
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void scoresOfAnotherModelAreNotComparedSilently() {
    Path sm = scores(dir.resolve("dense_sm.h5"), 2000, 0, "{\"model\":\"dense\"}");
    Path lq = scores(dir.resolve("vae_lq.h5"), 300, 0.5, "{\"model\":\"vae\"}");
    Cli.Run r = run("evaluate", "--background", "SM=" + sm, "--signal", "LQ=" + lq, "--model", "dense", "--out",
        dir.resolve("eval").toString());
    assertOneLineError(r, lq + " was scored by another model than " + sm);
    assertFalse(Files.exists(dir.resolve("eval")), "nothing written");
    Cli.Run allowed = run("evaluate", "--background", "SM=" + sm, "--signal", "LQ=" + lq, "--model", "dense", "--out",
        dir.resolve("eval").toString(), "--allow-mixed-models");
    assertEquals(0, allowed.code(), allowed.err());
  }

  @Test
  void evaluateForceNeverDeletesItsInputsNorAForeignFolder() throws Exception {
    Path d = Files.createDirectories(dir.resolve("d"));
    Path sm = scores(d.resolve("sm.h5"), 2000, 0, null);
    Path sig = scores(d.resolve("sig.h5"), 300, 0.5, null);
    Cli.Run r = run("evaluate", "--background", "SM=" + sm, "--signal", "S=" + sig, "--out", d.toString(), "--force");
    assertOneLineError(r, d + " holds the input " + sm);
    assertTrue(Files.exists(sm) && Files.exists(sig), "inputs intact");

    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("model.json"), "{}");
    r = run("evaluate", "--background", "SM=" + sm, "--signal", "S=" + sig, "--out", model.toString(), "--force");
    assertOneLineError(r, model + " is not an evaluation folder written by nphunt evaluate; --force replaces only");
    assertTrue(Files.exists(model.resolve("model.json")), "the model folder is left alone");

    Path eval = dir.resolve("eval");
    assertEquals(0, run("evaluate", "--background", "SM=" + sm, "--signal", "S=" + sig, "--out", eval.toString()).code());
    r = run("evaluate", "--background", "SM=" + sm, "--signal", "S=" + sig, "--out", eval.toString());
    assertOneLineError(r, eval + " exists and is not empty (use --force to replace it)");
    r = run("evaluate", "--background", "SM=" + sm, "--signal", "S=" + sig, "--out", eval.toString(), "--force");
    assertEquals(0, r.code(), "an earlier evaluation is replaced: " + r.err());
  }

  @Test
  void anEmptyScoreFileIsNamed() {
    Path sm = scores(dir.resolve("sm.h5"), 2000, 0, null);
    Path empty = scores(dir.resolve("empty.h5"), 0, 0, null);
    Cli.Run r = run("evaluate", "--background", "SM=" + sm, "--signal", "S=" + empty, "--out", dir.resolve("e").toString());
    assertOneLineError(r, empty + ": holds no events");
  }

  @Test
  void scoreNeverReplacesItsInputNorAForeignFile() throws Exception {
    Path events = TrainScoreCommandTest.file(dir, "events.h5", 500, 1, 0);
    Cli.Run r = run("score", "--model", dir.resolve("m").toString(), "--in", events.toString(), "--out", events.toString(),
        "--force");
    assertOneLineError(r, events + " is also an input of this command");
    Path notes = Files.writeString(dir.resolve("notes.txt"), "mine");
    r = run("score", "--model", dir.resolve("m").toString(), "--in", events.toString(), "--out", notes.toString(),
        "--force");
    assertOneLineError(r, notes + " is not a score file");
    assertEquals("mine", Files.readString(notes));
  }

  @Test
  void generateOutputMistakesAreOneLine() throws Exception {
    Path d = Files.createDirectories(dir.resolve("somedir"));
    Cli.Run r = run("generate", "--process", "sm", "--events", "10", "--out", d.toString());
    assertOneLineError(r, d + " is a directory, expected a file name");
    Path notes = Files.writeString(dir.resolve("notes.h5"), "not an event file");
    r = run("generate", "--process", "sm", "--events", "10", "--out", notes.toString(), "--force");
    assertOneLineError(r, notes + " is not an event file written by nphunt generate");
    r = run("generate", "--process", "sm", "--events", "1000000000000", "--out", dir.resolve("huge.h5").toString());
    assertOneLineError(r, "1,000,000,000,000 events needs about");
    assertFalse(Files.exists(dir.resolve("huge.h5")));
    Path ok = dir.resolve("ok.h5");
    assertEquals(0, run("generate", "--process", "W", "--events", "100", "--out", ok.toString()).code());
    assertEquals(0, run("generate", "--process", "W", "--events", "100", "--out", ok.toString(), "--force").code(),
        "an earlier generated file is replaced");
  }

  @Test
  void staleTemporariesOfDeadProcessesAreRemoved() throws Exception {
    // a pid far above any real one: the process is gone
    Path stale = Files.writeString(dir.resolve(".ok.h5.2147483000-0.partial"), "left by kill -9");
    assertEquals(0, run("generate", "--process", "W", "--events", "50", "--out", dir.resolve("ok.h5").toString()).code());
    assertFalse(Files.exists(stale), "removed");
  }

  @Test
  void runOutMustBeAFolder() throws Exception {
    Path f = Files.writeString(dir.resolve("existing.txt"), "x");
    Cli.Run r = run("run", "--events", "1000", "--epochs", "1", "--out", f.toString());
    assertOneLineError(r, f + " is a file; --out names the folder that receives the run folders");
  }

  @Test
  void aSignalFileGivenAsBackgroundIsRefused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    assertEquals(0, run("generate", "--process", "Ato4l", "--events", "300", "--out",
        data.resolve("background_for_training.h5").toString()).code());
    assertEquals(0, run("generate", "--process", "LQ", "--events", "300", "--out",
        data.resolve("leptoquark_LOWMASS_lepFilter_13TeV_filtered.h5").toString()).code());
    Cli.Run r = run("run", "--data", data.toString(), "--epochs", "1", "--out", dir.resolve("runs").toString());
    assertOneLineError(r, "background_for_training.h5 is given as the Standard-Model background but says it holds"
        + " signal events (process attribute 'Ato4l')");
  }

  @Test
  void trainOutputProblemsAreFoundBeforeTraining() throws Exception {
    Path train = TrainScoreCommandTest.file(dir, "train.h5", 600, 1, 0);
    Path file = Files.writeString(dir.resolve("a_file"), "x");
    Cli.Run r = run("train", "--model", "dense", "--train", train.toString(), "--out", file.toString(), "--epochs", "1");
    assertOneLineError(r, file + " is a file, expected a model folder");
  }

  /** A resume with another training file of the same size is refused: the checkpoint records the file's hash. */
  @Test
  void resumeChecksTheTrainingFileAndSaysWhenTrainingIsComplete() throws Exception {
    Path train = TrainScoreCommandTest.file(dir, "train.h5", 1200, 1, 0);
    Path other = TrainScoreCommandTest.file(dir, "other.h5", 1200, 2, 0);
    Path model = dir.resolve("model");
    // an interrupted 'nphunt train': 2 of 3 epochs done, the checkpoint knows its training file
    Cli.Run first = run("train", "--model", "dense", "--train", train.toString(), "--out", model.toString(), "--epochs", "2");
    assertEquals(0, first.code(), first.err());
    Cli.Run done = run("train", "--train", train.toString(), "--resume", model.toString(), "--epochs", "3");
    assertOneLineError(done, model + ": training is complete");
    // make an interrupted run: train with the checkpoint kept (library), then resume with another file
    Path model2 = dir.resolve("model2");
    org.nphunt.training.TrainingConfig cfg = org.nphunt.training.TrainingConfig
        .defaults(org.nphunt.model.DenseAeConfig.defaults()).withEpochs(1).withBatchSize(256);
    try (var src = org.nphunt.hdf5.Hdf5EventReader.open(train)) {
      new org.nphunt.training.Trainer(cfg).checkpointTo(model2.resolve("checkpoint"))
          .trainingFileSha256(org.nphunt.io.Hashing.sha256(train)).fit(src, null).close();
    }
    Cli.Run wrong = run("train", "--train", other.toString(), "--resume", model2.toString(), "--epochs", "2");
    assertOneLineError(wrong, other + " is not the file this run was trained on");
    Cli.Run right = run("train", "--train", train.toString(), "--resume", model2.toString(), "--epochs", "2");
    assertEquals(0, right.code(), right.err());
  }

  /** --out under a file (sm.h5/x.h5): one line saying the parent is a file, not a folder; exit 1. */
  @Test
  void anOutputUnderAFileSaysTheParentIsAFile() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("sm.h5"), "events");
    Cli.Run r = run("generate", "--process", "W", "--events", "10", "--out", file.resolve("x.h5").toString());
    assertEquals(1, r.code(), r.out());
    assertEquals("nphunt: error: cannot write in " + file.toAbsolutePath() + ": it is a file, not a folder\n", r.err());
  }
}
