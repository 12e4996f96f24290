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
    assertTrue(floatRow.endsWith("| 1.000000 | 1.000000 | 0 | 0 | 0 |"), floatRow);
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
    assertTrue(p.out().contains("| ap_fixed<16,6,AP_RND,AP_SAT>, L0 ap_fixed<18,8,AP_RND,AP_SAT>,"
        + " L5 ap_fixed<18,10,AP_TRN,AP_SAT> |"), p.out());
    assertTrue(p.out().contains("L5: weight ap_fixed<18,10,AP_TRN,AP_SAT>"), p.out());
    assertTrue(p.out().contains("L0: weight ap_fixed<18,8,AP_RND,AP_SAT>, bias ap_fixed<18,8,AP_RND,AP_SAT>"), p.out());
    assertTrue(p.out().contains("L1: weight ap_fixed<16,6,AP_RND,AP_SAT>"), p.out());

    // a JSON configuration file
    Path cfg = tmp.resolve("precision.json");
    Files.writeString(cfg, "{\"model\": \"ap_fixed<14,1,AP_RND,AP_SAT>\", \"layers\": {\"5\": {\"accum\":"
        + " \"ap_fixed<20,8,AP_RND,AP_SAT>\"}}, \"autoInteger\": true}");
    Cli.Run c = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--precision-config", cfg.toString(), "--fpr", "0.01", "--decision-fpr", "0.01");
    assertEquals(0, c.code(), c.err());
    // automatic integer bits for the rest, the explicit accumulator type of layer 5 as given
    assertTrue(c.out().contains("| ap_fixed<14,auto,AP_RND,AP_SAT>, L5 accum ap_fixed<20,8,AP_RND,AP_SAT> |"), c.out());
    assertTrue(c.out().contains(", accum ap_fixed<20,8,AP_RND,AP_SAT>, result ap_fixed<14,"), c.out());

    Cli.Run bad = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--bits", "40");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--bits must be in 2..26 (the emulation is exact up to 26 bits"), bad.err());
    Cli.Run badType = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--precision", "ap_fixed<16>");
    assertEquals(2, badType.code());
    assertTrue(badType.err().contains("fixed-point type must read ap_fixed<W,I>"), badType.err());
    Cli.Run badLayer = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "s=" + sig,
        "--layer-precision", "9=ap_fixed<16,6>");
    assertEquals(2, badLayer.code());
    assertEquals("--layer-precision names layer 9, the model has 6 dense layers (0..5)", firstLine(badLayer.err()));

    // with the default --int-bits auto an explicit input type keeps its integer bits, and the label says so
    Cli.Run in = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--bits", "16", "--input-precision", "ap_fixed<16,9>", "--fpr", "0.01", "--decision-fpr", "0.01");
    assertEquals(0, in.code(), in.err());
    assertTrue(in.out().contains("| ap_fixed<16,auto,AP_RND,AP_SAT>, input ap_fixed<16,9,AP_RND,AP_SAT> |"), in.out());
    assertTrue(in.out().contains(": ap_fixed<16,I,AP_RND,AP_SAT>: input I=9; L0 w="), in.out());
    // the legend says what I means, negative values included, and how hls4ml treats them
    assertTrue(in.out().contains("ap_fixed<16,-1> holds [-0.25, 0.25)") && in.out().contains("--int-bits (one I for"
        + " every quantity) takes 1..W"), in.out());

    // the ap_fixed spelling of the modes is accepted too
    Cli.Run ap = Cli.run("quantize", "--model", model.toString(), "--in", bkg.toString(), "--signal", "shifted=" + sig,
        "--bits", "12", "--rounding", "AP_TRN", "--overflow", "AP_WRAP", "--int-bits", "6", "--fpr", "0.01",
        "--decision-fpr", "0.01");
    assertEquals(0, ap.code(), ap.err());
    assertTrue(ap.out().contains("| ap_fixed<12,6> |"), ap.out());
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("").replaceFirst("^nphunt: ", "").replaceFirst(" \\(see '.*'\\)$", "");
  }

  /** Conflicting or invalid options: exit 2 with one line naming them, before any data is read. */
  @Test
  void conflictingOptionsAreUsageErrors(@TempDir Path tmp) throws Exception {
    String[] base = {"quantize", "--model", tmp.resolve("none").toString(), "--in", tmp.resolve("none.h5").toString(),
        "--signal", "s=" + tmp.resolve("none.h5")};
    String[][] cases = {
        {"--bits", "16", "--precision", "ap_fixed<16,6>"}, {"--precision excludes --bits"},
        {"--precision", "ap_fixed<16,6>", "--int-bits", "6"}, {"--precision excludes --int-bits"},
        {"--precision-config", "p.json", "--bits", "16"}, {"--precision-config excludes --bits"},
        {"--layer-precision", "0=ap_fixed<16,6>,0=ap_fixed<18,8>"}, {"--layer-precision gives layer 0 twice"},
        {"--layer-precision", "0=ap_fixed<16,6>", "--layer-precision", "0=ap_fixed<18,8>"},
            {"--layer-precision gives layer 0 twice"},
        {"--bits", "16", "--int-bits", "60"}, {"--int-bits must be in 1..W for every width of --bits (here 1..16), found 60"},
        {"--bits", "8,16", "--int-bits", "10"}, {"--int-bits must be in 1..W for every width of --bits (here 1..8), found 10"},
        {"--int-bits", "0"}, {"--int-bits must be in 1..W"},
        {"--int-bits", "6", "--coverage", "0.99"}, {"--coverage applies to --int-bits auto only"},
        {"--fpr", "1e-3,0.001"}, {"--fpr lists 0.001 twice"},
        {"--bits", "12,12"}, {"--bits lists 12 twice"},
        {"--bits", "27"}, {"--bits must be in 2..26 (the emulation is exact up to 26 bits"},
        {"--precision", "ap_fixed<30,6>"}, {"model type ap_fixed<30,6,AP_RND,AP_SAT> is 30 bits wide, the emulation is"
            + " exact up to 26 bits"},
        {"--layer-precision", "1=ap_fixed<40,8>"}, {"layer 1 weight type ap_fixed<40,8,AP_RND,AP_SAT> is 40 bits wide"},
        {"--rounding", "AP_XYZ"}, {"expected TRN or AP_TRN, RND or AP_RND, found 'AP_XYZ'"},
    };
    for (int i = 0; i < cases.length; i += 2) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(cases[i]))
          .toArray(String[]::new);
      Cli.Run r = Cli.run(args);
      String what = String.join(" ", cases[i]);
      assertEquals(2, r.code(), what + ": " + r.err());
      assertTrue(r.err().contains(cases[i + 1][0]), what + ": " + r.err());
      assertEquals(1, r.err().lines().count(), what + ": " + r.err());
    }
  }

  @Test
  void helpLabelsFileOutputsAsFiles() {
    Cli.Run q = Cli.run("quantize", "--help");
    assertTrue(q.out().contains("--out=FILE.md"), q.out());
    assertTrue(Cli.run("export", "--help").out().contains("--out=FILE.onnx"));
    assertTrue(Cli.run("score", "--help").out().contains("--out=SCORES.h5"));
  }
}
