package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCommandTest {
  @Test
  void tablesForADenseModelWithGlobalAndPerLayerPrecision(@TempDir Path tmp) throws Exception {
    Path train = TrainScoreCommandTest.file(tmp, "train.h5", 2000, 1, 0);
    Path bkg = TrainScoreCommandTest.file(tmp, "bkg.h5", 2000, 2, 0);
    Path sig = TrainScoreCommandTest.file(tmp, "sig.h5", 500, 3, 1.5);
    Path model = tmp.resolve("model");
    Cli.Run t = Cli.run("train", "--model", "dense", "--train", train.toString(), "--out", model.toString(), "--epochs", "2",
        "--batch", "256", "--seed", "5");
    assertEquals(0, t.code(), t.err());
    String modelJson = Files.readString(model.resolve("model.json"));
    assertTrue(modelJson.contains("\"latency\"") && modelJson.contains("\"weightBytes\""), "cost recorded by train");

    // the --bits rows with hls4ml's default modes
    Path md = tmp.resolve("q.md");
    Cli.Run q = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--bits", "6,16", "--int-bits", "6", "--rounding", "TRN", "--overflow", "WRAP", "--fpr", "1e-5,0.01",
        "--decision-fpr", "0.01", "--out", md.toString());
    assertEquals(0, q.code(), q.err());
    String text = Files.readString(md);
    assertEquals(q.out(), text);
    assertTrue(text.contains("| ap_fixed<6,6> |"), text);
    assertTrue(text.contains("| ap_fixed<16,6> |"), text);
    int params = 57 * 32 + 32 * 16 + 16 * 3 + 3 * 16 + 16 * 32 + 32 * 57 + 32 + 16 + 3 + 16 + 32 + 57;
    assertTrue(text.contains(String.format("%,d parameters", params)), text);
    assertTrue(text.contains("CPU latency (fused Java kernels, 1 thread"), text);
    // FPR 1e-5 cannot be resolved by 2000 background events, and says so
    assertTrue(text.contains("n/a (background sample too small: 2000)"), text);
    // the float row agrees with itself: correlations 1, no deviation, no flipped decision
    String floatRow = text.lines().filter(l -> l.startsWith("| float32 |")).findFirst().orElseThrow();
    assertTrue(floatRow.endsWith("| 1.000000 | 1.000000 | 0 | 0 |"), floatRow);
    assertTrue(text.contains("## Float ranges per layer"), text);
    // --force replaces an earlier report, never an input (the background file here) or other files
    assertEquals(0, Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal",
        "shifted=" + sig, "--bits", "16", "--fpr", "0.01", "--decision-fpr", "0.01", "--out", md.toString(), "--force")
        .code());
    long bkgSize = Files.size(bkg);
    Cli.Run onInput = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal",
        "shifted=" + sig, "--bits", "16", "--fpr", "0.01", "--decision-fpr", "0.01", "--out", bkg.toString(), "--force");
    assertEquals(1, onInput.code());
    assertTrue(onInput.err().contains("is also an input of this command"), onInput.err());
    assertEquals(bkgSize, Files.size(bkg));
    Cli.Run onWeights = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal",
        "shifted=" + sig, "--bits", "16", "--fpr", "0.01", "--decision-fpr", "0.01", "--out",
        model.resolve("weights.params").toString(), "--force");
    assertEquals(1, onWeights.code());

    // one global type plus a per-layer override, modes from --rounding/--overflow (defaults RND, SAT)
    Cli.Run p = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--precision", "ap_fixed<16,6>", "--layer-precision", "0=ap_fixed<18,8>,5=ap_fixed<18,10,AP_TRN>", "--fpr", "0.01",
        "--decision-fpr", "0.01");
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().contains("| ap_fixed<16,6,AP_RND,AP_SAT>, 2 layer overrides |"), p.out());
    assertTrue(p.out().contains("L5: weight ap_fixed<18,10,AP_TRN,AP_SAT>"), p.out());
    assertTrue(p.out().contains("L0: weight ap_fixed<18,8,AP_RND,AP_SAT>, bias ap_fixed<18,8,AP_RND,AP_SAT>"), p.out());
    assertTrue(p.out().contains("L1: weight ap_fixed<16,6,AP_RND,AP_SAT>"), p.out());

    // a JSON configuration file
    Path cfg = tmp.resolve("precision.json");
    Files.writeString(cfg, "{\"model\": \"ap_fixed<14,1,AP_RND,AP_SAT>\", \"layers\": {\"5\": {\"accum\":"
        + " \"ap_fixed<20,1,AP_RND,AP_SAT>\"}}, \"autoInteger\": true}");
    Cli.Run c = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--precision-config", cfg.toString(), "--fpr", "0.01", "--decision-fpr", "0.01");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("| ap_fixed<14,auto,AP_RND,AP_SAT>, 1 layer override |"), c.out());

    Cli.Run bad = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--bits", "40");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--bits must be in 2..26 (exact emulation), found 40"), bad.err());
    Cli.Run badType = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--precision", "ap_fixed<16>");
    assertEquals(2, badType.code());
    assertTrue(badType.err().contains("fixed-point type must read ap_fixed<W,I>"), badType.err());
    Cli.Run badLayer = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--layer-precision", "9=ap_fixed<16,6>");
    assertEquals(1, badLayer.code());
    assertTrue(badLayer.err().contains("precision names layer 9, the network has 6 dense layers (0..5)"), badLayer.err());
  }
}
