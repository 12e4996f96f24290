package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCommandTest {
  @Test
  void tableForADenseModel(@TempDir Path tmp) throws Exception {
    Path train = TrainScoreCommandTest.file(tmp, "train.h5", 2000, 1, 0);
    Path bkg = TrainScoreCommandTest.file(tmp, "bkg.h5", 2000, 2, 0);
    Path sig = TrainScoreCommandTest.file(tmp, "sig.h5", 500, 3, 1.5);
    Path model = tmp.resolve("model");
    Cli.Run t = Cli.run("train", "--model", "dense", "--train", train.toString(), "--out", model.toString(), "--epochs", "2",
        "--batch", "256", "--seed", "5");
    assertEquals(0, t.code(), t.err());
    Path md = tmp.resolve("q.md");
    Cli.Run q = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--bits", "6,16", "--int-bits", "6", "--fpr", "0.01", "--out", md.toString());
    assertEquals(0, q.code(), q.err());
    String text = Files.readString(md);
    assertEquals(q.out(), text);
    assertTrue(text.contains("| float32 |"), text);
    assertTrue(text.contains("| ap_fixed<6,6> |"), text);
    assertTrue(text.contains("| ap_fixed<16,6> |"), text);
    int params = 57 * 32 + 32 * 16 + 16 * 3 + 3 * 16 + 16 * 32 + 32 * 57 + 32 + 16 + 3 + 16 + 32 + 57;
    assertTrue(text.contains(String.format("%,d parameters", params)), text);
    // the float row agrees with itself: correlation 1, no flipped decision
    String floatRow = text.lines().filter(l -> l.startsWith("| float32 |")).findFirst().orElseThrow();
    assertTrue(floatRow.endsWith("| 1.000000 | 0.00e+00 |"), floatRow);
    Cli.Run bad = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--bits", "40");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--bits must be in 2..26 (exact emulation), found 40"), bad.err());
  }
}
