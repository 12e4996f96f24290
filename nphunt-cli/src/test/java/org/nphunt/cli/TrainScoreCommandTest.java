package org.nphunt.cli;

import static org.nphunt.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;

class TrainScoreCommandTest {

  /** {@link TestEvents#correlated} events written to {@code dir/name}. */
  static Path file(Path dir, String name, int n, long seed, double shift) {
    EventBatch b = org.nphunt.testing.TestEvents.correlated(n, seed, shift);
    Path f = dir.resolve(name);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(b);
      w.commit();
    }
    return f;
  }

  @Test
  void trainThenScoreEndToEnd(@TempDir Path tmp) throws Exception {
    Path train = file(tmp, "train.h5", 3000, 1, 0);
    Path test = file(tmp, "test.h5", 500, 2, 0.0);
    Path model = tmp.resolve("model");
    Cli.Run t = run("train", "--model", "vae", "--train", train.toString(), "--out", model.toString(), "--epochs", "3",
        "--batch", "256", "--seed", "5", "--masked-loss");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("trained vae for 3 epochs"), t.out());
    assertTrue(Files.exists(model.resolve(ModelFile.FILE_NAME)));
    assertFalse(Files.exists(model.resolve("checkpoint")), "checkpoint removed after success");
    ModelFile mf = ModelFile.read(model);
    assertEquals(5L, mf.manifest().seed());
    assertEquals(1, mf.manifest().inputs().size());
    assertTrue(mf.training().maskedLoss());

    Path scores = tmp.resolve("scores.h5");
    Cli.Run s = run("score", "--model", model.toString(), "--in", test.toString(), "--out", scores.toString(), "--batch", "100");
    assertEquals(0, s.code(), s.err());
    try (ScoreFileReader r = ScoreFileReader.open(scores); LoadedModel m = LoadedModel.load(model)) {
      assertEquals(500, r.size());
      assertEquals(m.scoreNames(), r.scoreNames());
      assertNotNull(r.processId());
      assertTrue(r.attribute("manifest").contains("\"command\" : \"score\""), r.attribute("manifest"));
      assertNotNull(r.attribute("model_manifest"));
      try (var src = org.nphunt.hdf5.Hdf5EventReader.open(test)) {
        double[][] direct = m.score(src.read(0, 500));
        assertArrayEquals(direct[0], r.scores("mse"), 0.0);
        assertArrayEquals(direct[10], r.scores("vae_mu2"), 0.0);
      }
    }
    // one scoring thread gives the same file's scores bit for bit
    Path scores1 = tmp.resolve("scores1.h5");
    Cli.Run s1 = run("score", "--model", model.toString(), "--in", test.toString(), "--out", scores1.toString(),
        "--batch", "500", "--threads", "1");
    assertEquals(0, s1.code(), s1.err());
    try (ScoreFileReader a = ScoreFileReader.open(scores); ScoreFileReader b = ScoreFileReader.open(scores1)) {
      for (String name : a.scoreNames()) {
        assertArrayEquals(a.scores(name), b.scores(name), 0.0, name);
      }
    }
    Cli.Run badThreads = run("score", "--model", model.toString(), "--in", test.toString(), "--out",
        tmp.resolve("x.h5").toString(), "--threads", "0");
    assertEquals(2, badThreads.code());
    assertTrue(badThreads.err().contains("--threads must be > 0, found 0"), badThreads.err());
    Cli.Run again = run("score", "--model", model.toString(), "--in", test.toString(), "--out", scores.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains("already exists (use --force to replace it)"), again.err());

    Cli.Run retrain = run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "1");
    assertEquals(1, retrain.code());
    assertEquals("nphunt: error: " + model + " exists and is not empty (use --force to replace it)\n", retrain.err());
  }

  /**
   * --out is a folder nphunt did not write: without --force it is refused as any non-empty output, and --force
   * replaces only a model folder nphunt wrote, so the user's files (notes.txt, another tool's model.json) are left
   * alone, never mixed with model files or replaced (exit 1, one line). An nphunt model folder is replaced.
   */
  @Test
  void trainLeavesFoldersItDidNotWriteAlone(@TempDir Path tmp) throws Exception {
    Path train = file(tmp, "train.h5", 600, 1, 0);
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notes.resolve("notes.txt"), "mine");
    Cli.Run plain = run("train", "--train", train.toString(), "--out", notes.toString(), "--epochs", "1");
    assertEquals(1, plain.code(), plain.out());
    assertEquals("nphunt: error: " + notes + " exists and is not empty (use --force to replace it)\n", plain.err());
    String leftAlone = " is not a model folder written by nphunt train; --force replaces only a model folder written"
        + " by nphunt train, so it is left alone (remove it yourself if you mean to)\n";
    Cli.Run forced = run("train", "--train", train.toString(), "--out", notes.toString(), "--epochs", "1", "--force");
    assertEquals(1, forced.code(), forced.out());
    assertEquals("nphunt: error: " + notes + leftAlone, forced.err());
    try (var s = Files.list(notes)) {
      assertEquals(1, s.count(), "nothing mixed into the user's folder");
    }

    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve(ModelFile.FILE_NAME), "{\"layers\": [8, 4]}");
    Cli.Run other = run("train", "--train", train.toString(), "--out", foreign.toString(), "--epochs", "1", "--force");
    assertEquals(1, other.code(), other.out());
    assertEquals("nphunt: error: " + foreign + leftAlone, other.err());
    assertEquals("{\"layers\": [8, 4]}", Files.readString(foreign.resolve(ModelFile.FILE_NAME)));

    Path model = tmp.resolve("model");
    assertEquals(0, run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "1").code());
    assertTrue(org.nphunt.training.TrainingJob.isModelFolder(model));
    Cli.Run again = run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "1", "--force");
    assertEquals(0, again.code(), again.err());
  }

  /** --val that is --train (same path, a link, a byte-identical copy) is a usage error, as in evaluate. */
  @Test
  void validationOnTheTrainingFileIsRefused(@TempDir Path tmp) throws Exception {
    Path train = file(tmp, "train.h5", 300, 1, 0);
    Path link = Files.createSymbolicLink(tmp.resolve("link.h5"), train);
    Path copy = Files.copy(train, tmp.resolve("copy.h5"));
    for (Path val : new Path[] {train, link, copy}) {
      Cli.Run r = run("train", "--train", train.toString(), "--val", val.toString(), "--out", tmp.resolve("m").toString());
      assertEquals(2, r.code(), r.out());
      assertEquals("nphunt: --val " + val + " is the same file as --train " + train + "; the validation sample must"
          + " be other events than the training sample (see 'nphunt train --help')\n", r.err());
      assertFalse(Files.exists(tmp.resolve("m")));
    }
  }

  /** A bad training value is a usage error naming the option, not the TrainingConfig field. */
  @Test
  void badValuesNameTheOption(@TempDir Path tmp) {
    String[][] cases = {
      {"--batch", "0", "--batch must be in 1..1048576, found 0"},
      {"--lr", "0", "--lr must be in (0, 10), found 0.0"},
      {"--val-fraction", "1", "--val-fraction must be in [0, 1), found 1.0"},
      {"--patience", "0", "--patience must be >= 1, found 0"},
    };
    for (String[] c : cases) {
      Cli.Run r = run("train", "--train", tmp.resolve("none.h5").toString(), "--out", tmp.resolve("m").toString(), c[0], c[1]);
      assertEquals(2, r.code(), r.out());
      assertEquals("nphunt: invalid value: " + c[2] + "\n", r.err());
    }
  }

  @Test
  void resumeFromAnInterruptedRun(@TempDir Path tmp) throws Exception {
    Path train = file(tmp, "train.h5", 1500, 1, 0);
    Path model = tmp.resolve("model");
    // a run that died after epoch 2: its checkpoint exists, model.json does not
    org.nphunt.training.TrainingConfig cfg = org.nphunt.training.TrainingConfig
        .defaults(org.nphunt.model.DenseAeConfig.defaults()).withEpochs(2).withBatchSize(256).withSeed(4);
    try (var src = org.nphunt.hdf5.Hdf5EventReader.open(train)) {
      new org.nphunt.training.Trainer(cfg).checkpointTo(model.resolve("checkpoint")).fit(src, null).close();
    }
    assertFalse(Files.exists(model.resolve(ModelFile.FILE_NAME)));
    Cli.Run plain = run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "4");
    assertEquals(1, plain.code());
    assertTrue(plain.err().contains("holds the checkpoint of an interrupted run (use --resume"), plain.err());
    Cli.Run t = run("train", "--train", train.toString(), "--resume", model.toString(), "--epochs", "4");
    assertEquals(0, t.code(), t.err());
    ModelFile mf = ModelFile.read(model);
    assertEquals(4, mf.history().epochs().size());
    assertEquals(4L, mf.manifest().seed());
    assertEquals(256, mf.training().batchSize(), "the checkpoint's configuration is reused");
    assertFalse(Files.exists(model.resolve("checkpoint")));
  }

  @Test
  void badOptionsAreUsageErrors(@TempDir Path tmp) {
    Cli.Run r = run("train", "--model", "lstm", "--train", "x.h5", "--out", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("model must be one of [dense, vae"), r.err());
    r = run("train", "--model", "dense", "--train", "x.h5", "--out", tmp.toString(), "--latent", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("latentDim must be in 1..512, found 0"), r.err());
    r = run("train", "--train", "x.h5", "--out", tmp.toString(), "--batch", "-3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--batch must be in 1..1048576, found -3"), r.err());
    r = run("train", "--out", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--train"), r.err());
    r = run("train", "--train", tmp.resolve("missing.h5").toString(), "--out", tmp.resolve("m").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("nphunt: error: ") && r.err().contains("missing.h5"), r.err());
    r = run("score", "--model", tmp.resolve("nope").toString(), "--in", "x.h5", "--out", tmp.resolve("s.h5").toString());
    assertEquals(1, r.code());
    assertEquals("nphunt: error: " + tmp.resolve("nope") + ": no such model folder", r.err().trim());
  }
}
