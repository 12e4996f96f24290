package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.cli.Cli.run;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.HlfSchema;
import org.nphunt.hdf5.HlfReader;

/** {@code nphunt sample}: generate, features, train an hlf-vae, sample a table that reproduces. */
@org.junit.jupiter.api.Tag("slow")
class SampleCommandTest {
  @TempDir Path dir;

  @Test
  void trainedHlfVaeSamplesAReproducibleTable() {
    Path events = dir.resolve("sm.h5");
    Path table = dir.resolve("sm_hlf.h5");
    Path model = dir.resolve("hlf-vae");
    Path a = dir.resolve("a.h5");
    Path b = dir.resolve("b.h5");
    assertEquals(0, run("generate", "--process", "sm", "--events", "1500", "--seed", "3", "--out", events.toString()).code());
    assertEquals(0, run("features", "--in", events.toString(), "--out", table.toString()).code());
    // one batch per epoch: hlf-vae training can reach a NaN loss (an open defect, docs/hlt-study.md); with
    // a single batch the first epoch always completes and the best model is written
    Cli.Run t = run("train", "--model", "hlf-vae", "--train", table.toString(), "--out", model.toString(), "--epochs", "2",
        "--batch", "2048");
    assertEquals(0, t.code(), t.err());
    Cli.Run s = run("sample", "--model", model.toString(), "--events", "700", "--seed", "4", "--out", a.toString());
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().startsWith("700 events sampled from"), s.out());
    assertEquals(0, run("sample", "--model", model.toString(), "--events", "700", "--seed", "4", "--out", b.toString()).code());
    try (HlfReader x = HlfReader.open(a); HlfReader y = HlfReader.open(b)) {
      assertEquals(HlfSchema.full(), x.schema());
      assertEquals(700, x.size());
      assertArrayEquals(x.read(0, 700).tensor(0), y.read(0, 700).tensor(0), 0.0);
    }
    // never replaced without --force; a model that is not an hlf-vae and bad counts are one-line errors
    assertEquals(1, run("sample", "--model", model.toString(), "--events", "10", "--out", a.toString()).code());
    assertEquals(0, run("sample", "--model", model.toString(), "--events", "10", "--out", a.toString(), "--force").code());
    assertEquals(2, run("sample", "--model", model.toString(), "--events", "0", "--out", dir.resolve("c.h5").toString()).code());
    Path dense = dir.resolve("dense");
    assertEquals(0, run("train", "--model", "dense", "--train", events.toString(), "--out", dense.toString(), "--epochs", "1").code());
    Cli.Run bad = run("sample", "--model", dense.toString(), "--events", "10", "--out", dir.resolve("d.h5").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("needs an hlf-vae model, found dense"), bad.err());
  }
}
