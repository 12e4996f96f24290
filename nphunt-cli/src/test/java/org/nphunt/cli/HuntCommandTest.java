package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventSink;
import org.nphunt.data.Events;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.ColumnTable;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.json.Json;

/**
 * {@code nphunt hunt} end to end on small inputs: toy events (an injected resonance is found), a small
 * dijet file through the file reader and an event-feature score, and one-line errors for bad
 * input; the output folder is committed atomically and --force replaces only a hunt folder.
 */
class HuntCommandTest {
  @TempDir Path dir;

  @Tag("slow")
  @Test
  void toyHuntFindsTheInjectedResonanceAndWritesTheFolder() throws Exception {
    Path out = dir.resolve("hunt");
    Cli.Run r = Cli.run("hunt", "--toy", "--events", "20000", "--inject", "60", "--mjj-min", "2400", "--mjj-max", "6000",
        "--qr", "linear", "--signal-width", "0.05", "--scan-points", "5", "--injection-scan", "0,60", "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("most significant: M = "), r.out());
    for (String f : new String[] {"results.json", "results.md", "report.html", "events.csv", "manifest.json",
        "plots/score-vs-mjj.png", "plots/significance.png", "plots/mjj-q99-100.png", "plots/significance-vs-injected.png"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    JsonNode j = Json.mapper().readTree(out.resolve("results.json").toFile());
    JsonNode points = j.path("hunt").path("categorised").path("points");
    assertEquals(5, points.size());
    JsonNode best = points.get(0);
    for (JsonNode p : points) {
      if (p.path("localSignificance").asDouble() > best.path("localSignificance").asDouble()) {
        best = p;
      }
    }
    assertEquals(3500, best.path("mass").asDouble(), 350);
    assertTrue(best.path("localSignificance").asDouble() > 3, best.toString());
    assertEquals(6, j.path("hunt").path("categories").size());
    assertEquals("truth labels", j.path("hunt").path("efficiencySource").asText());
    JsonNode inj = j.path("injectionScan").path("points");
    assertEquals(2, inj.size());
    assertEquals(0, inj.get(0).path("trueMu").asLong());
    JsonNode p60 = inj.get(1);
    assertTrue(Math.abs(p60.path("muHat").asDouble() - p60.path("trueMu").asDouble()) < 2.5 * p60.path("muError").asDouble(),
        p60.toString());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("## Signal injection at M = 3500 GeV"), md);
    assertTrue(md.contains("| q99-100 |"), md);
    assertTrue(Files.readString(out.resolve("report.html")).contains("plots/score-vs-mjj.png"));
    long lines = Files.lines(out.resolve("events.csv")).count();
    assertEquals(j.path("hunt").path("signalRegionEvents").asLong() + 1, lines);
    // an existing output is not replaced without --force; --force does not replace a foreign folder
    Cli.Run again = Cli.run("hunt", "--toy", "--out", out.toString());
    assertEquals(1, again.code());
    assertEquals(1, again.err().strip().lines().count(), again.err());
    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("thesis.tex"), "x");
    Cli.Run refuse = Cli.run("hunt", "--toy", "--force", "--out", foreign.toString());
    assertEquals(1, refuse.code());
    assertTrue(Files.exists(foreign.resolve("thesis.tex")));
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".partial")), "temporaries are removed");
    }
  }

  @Tag("slow")
  @Test
  void fitRangeStartsWhereTheDataLeadingJetThresholdIsFullyEfficient() throws Exception {
    Path file = dir.resolve("dijets-range.h5");
    Events ev = ToyDijets.qcd().dijets(1200, 3, new DijetConfig(1.0, 0, 20, 0.1, 0));
    try (EventSink sink = EventFiles.create(file, ev.schema(), false)) {
      sink.write(ev);
      sink.commit();
    }
    double edge = org.nphunt.hunt.FitRange.fullyEfficientMjj(org.nphunt.hunt.FitRange.leadingPtMin(
        org.nphunt.run.HuntInputs.feature(ev, "j1Pt"), org.nphunt.run.HuntInputs.feature(ev, "j2Pt")), 1.4);
    Path out = dir.resolve("hunt-range");
    Cli.Run r = Cli.run("hunt", "--data", file.toString(), "--score-feature", "mJmax", "--bins", "10", "--scan-points",
        "3", "--quantiles", "0.5", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertEquals(edge, j.path("hunt").path("config").path("mJJMin").asDouble());
    assertTrue(j.path("inputs").path("fitRange").asText().startsWith(String.format(java.util.Locale.ROOT,
        "[%.0f, 6000] GeV from the data: the leading-jet pT threshold", edge)), j.toString());
    assertTrue(r.err().contains(String.format(java.util.Locale.ROOT, "fit range [%.0f, 6000] GeV", edge)), r.err());
    // a CWoLa window below the data's edge: bad data for these options, one line, nothing written
    Path out2 = dir.resolve("hunt-range-2");
    r = Cli.run("hunt", "--data", file.toString(), "--score-feature", "mJmax", "--bins", "10", "--scan-points", "3",
        "--quantiles", "0.5", "--cwola", "--signal-mass", String.valueOf(edge - 200), "--out", out2.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("is outside the fit range [" + (long) edge + ", 6000] GeV"), r.err());
    assertFalse(Files.exists(out2.resolve("results.json")));
  }

  @Test
  void huntsADijetFileWithAFeatureScore() throws Exception {
    // a small dijet file: toy QCD-like dijets clustered into nphunt's dijet layout (the jet generator is
    // the same layout, but slower)
    Path file = dir.resolve("dijets.h5");
    Events ev = ToyDijets.qcd().dijets(400, 3, new DijetConfig(1.0, 0, 20, 0.1, 0));
    try (EventSink sink = EventFiles.create(file, ev.schema(), false)) {
      sink.write(ev);
      sink.commit();
    }
    Path out = dir.resolve("hunt");
    Cli.Run r = Cli.run("hunt", "--data", file.toString(), "--score-feature", "mJmax", "--mjj-min", "2400", "--bins",
        "10", "--scan-points", "3", "--quantiles", "0.5,0.9", "--cwola", "--signal-mass", "2900", "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertEquals(400, j.path("hunt").path("events").asLong());
    // --mjj-min 2400 starts on the toy selection's turn-on (leading pT ~1.2 TeV): said, and recorded
    assertTrue(r.err().contains("warning: the fit starts at --mjj-min 2400 GeV on the selection's turn-on"), r.err());
    assertTrue(j.path("inputs").path("fitRange").asText().startsWith("[2400, 6000] GeV as given;"), j.toString());
    assertEquals("background fractions", j.path("hunt").path("efficiencySource").asText());
    assertEquals("event feature mJmax", j.path("inputs").path("score").asText());
    assertEquals(3, j.path("hunt").path("categories").size());
    // CWoLa ran in its window (no truth signal in this file: no curves)
    JsonNode cmp = j.path("comparison");
    assertTrue(cmp.path("windowEvents").asLong() > 0, cmp.toString());
    assertTrue(cmp.path("cwolaSidebandEvents").asLong() > 0, cmp.toString());
    assertEquals(0, cmp.path("methods").size(), cmp.toString());
    // events.h5: the score under its own name, label and category as coded integers with attributes
    ColumnTable h5 = ColumnTable.read(out.resolve("events.h5"));
    assertEquals(400, h5.size());
    assertEquals(java.util.List.of("mJJ", "DeltaEtaJJ", "mJmax", "CWoLa", "category", "label"), h5.names());
    assertEquals("mJmax", h5.attributes().get("nphunt.hunt.scoreName"));
    assertEquals("event feature mJmax", h5.column("mJmax").attributes().get("source"));
    assertEquals("GeV", h5.column("mJJ").attributes().get("unit"));
    assertTrue(h5.column("label").attributes().get("coding").startsWith("1: signal, 0: background, -1: unknown"));
    assertTrue(h5.column("category").attributes().get("coding").startsWith("-1: outside"));
    assertEquals("q0-50,q50-90,q90-100", h5.column("category").attributes().get("names"));
    double[] f = ev.tensor(org.nphunt.data.DijetSchema.EVENT_FEATURES);
    var schema = (org.nphunt.data.DijetSchema) ev.schema();
    int nf = schema.eventFeatures().size();
    double[] mJmax = h5.column("mJmax").doubles();
    for (int i = 0; i < 400; i++) {
      double expected = Math.max(f[i * nf + schema.featureIndex("j1M")], f[i * nf + schema.featureIndex("j2M")]);
      assertEquals(expected, mJmax[i], 1e-3 * Math.max(1, expected), "mJmax of event " + i);
    }
    // the toy file's truth labels: all background; categories -1 outside the signal region, else 0..2
    for (int l : h5.column("label").ints()) {
      assertEquals(0, l);
    }
    int categorised = 0;
    for (int c : h5.column("category").ints()) {
      assertTrue(c >= -1 && c <= 2, "category " + c);
      categorised += c >= 0 ? 1 : 0;
    }
    assertEquals(j.path("hunt").path("signalRegionEvents").asLong(), categorised);

    // the reader's notes on the input (here: no constituent_coordinates attribute, convention decided from the
    // events) are printed and kept in results.json (they used to be dropped)
    Path bare = JetModelCommandTest.withoutCoordinatesAttribute(file, "bare.h5");
    Path out2 = dir.resolve("hunt-bare");
    Cli.Run r2 = Cli.run("hunt", "--data", bare.toString(), "--score-feature", "mJmax", "--mjj-min", "2400", "--bins",
        "10", "--scan-points", "3", "--quantiles", "0.5,0.9", "--out", out2.toString());
    assertEquals(0, r2.code(), r2.err());
    assertTrue(r2.err().contains("nphunt hunt: note: " + bare + ": no constituent_coordinates attribute"), r2.err());
    JsonNode notes = Json.mapper().readTree(out2.resolve("results.json").toFile()).path("inputs").path("notes");
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).asText().contains("read as relative to the jet axis"), notes.toString());
    assertTrue(j.path("inputs").path("notes").isMissingNode(), "no notes on nphunt's own file");
  }

  /**
   * A dijet file with only the 11 required features (the published code's kind) has no tau_N: --cwola says so
   * before any work, naming what is missing (it used to fail with "score feature j1Tau1 is not an event
   * feature; choose mJmax or one of ...", about a score feature nobody chose).
   */
  @Test
  void cwolaOnAFileWithoutSubstructureFeaturesNamesWhatIsMissing() {
    Events ev = ToyDijets.qcd().dijets(200, 5, new DijetConfig(1.0, 0, 20, 0.1, 0));
    var full = (org.nphunt.data.DijetSchema) ev.schema();
    java.util.List<String> req = org.nphunt.data.DijetSchema.REQUIRED_FEATURES;
    var schema = new org.nphunt.data.DijetSchema(full.constituents(), req);
    double[] f = ev.tensor(org.nphunt.data.DijetSchema.EVENT_FEATURES);
    double[] g = new double[ev.size() * req.size()];
    for (int e = 0; e < ev.size(); e++) {
      for (int i = 0; i < req.size(); i++) {
        g[e * req.size() + i] = f[e * full.eventFeatures().size() + full.featureIndex(req.get(i))];
      }
    }
    Events small = new Events(schema, ev.size(), new double[][] {ev.tensor(0), g}, new Object[] {null, null, null});
    Path file = dir.resolve("required-only.h5");
    try (EventSink sink = EventFiles.create(file, schema, false)) {
      sink.write(small);
      sink.commit();
    }
    Path out = dir.resolve("h");
    Cli.Run r = Cli.run("hunt", "--data", file.toString(), "--mjj-min", "2400", "--cwola", "--signal-mass", "2900",
        "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("nphunt: error: " + file + ": --cwola needs the event features [j1M, j2M, j1Tau1, j1Tau2, j2Tau1, j2Tau2]"
        + " (jet masses and tau_21 of both jets); missing [j1Tau1, j1Tau2, j2Tau1, j2Tau2] (files from 'nphunt cluster'"
        + " or 'nphunt generate --dijet-out' have them)", r.err().strip().lines().reduce((a, b) -> b).orElse(""));
    assertFalse(Files.exists(out));
  }

  @Tag("slow")
  @Test
  void generatedEventsWithAnodeCwolaAndTheSupervisedReference() throws Exception {
    // the jet generator's QCD with W' events injected: truth labels, so the supervised reference runs and every
    // method gets its SIC and ROC curves; events.h5 holds every event with every score
    Path out = dir.resolve("hunt");
    Cli.Run r = Cli.run("hunt", "--events", "700", "--inject", "120", "--mjj-min", "2400", "--bins", "10",
        "--scan-points", "3", "--quantiles", "0.5,0.9", "--qr", "linear", "--folds", "2", "--cwola", "--anode",
        "--anode-epochs", "4", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = Json.mapper().readTree(out.resolve("results.json").toFile());
    JsonNode cmp = j.path("comparison");
    assertEquals(4, cmp.path("features").size());
    java.util.Set<String> methods = new java.util.HashSet<>();
    for (JsonNode m : cmp.path("methods")) {
      methods.add(m.path("method").asText());
      assertTrue(m.path("auc").asDouble() >= 0 && m.path("auc").asDouble() <= 1, m.toString());
      assertTrue(m.path("sic").size() > 0, m.toString());
      assertEquals(m.path("signalEvents").asLong(), cmp.path("windowSignalEvents").asLong());
    }
    assertEquals(java.util.Set.of("supervised", "CWoLa", "ANODE", "anomaly score"), methods);
    assertTrue(cmp.path("anode").path("sidebandEvents").asLong() > 100, cmp.toString());
    // the bump hunt after the CWoLa cut ran (or says in one line why not)
    JsonNode bh = cmp.path("cwolaBumpHunt");
    assertTrue(bh.has("afterCut") || bh.has("error"), bh.toString());
    for (String f : new String[] {"plots/sic.png", "plots/roc.png", "events.h5"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("## Per-method comparison in the mJJ window 3301-3700 GeV"), md);
    assertTrue(md.contains("| ANODE |"), md);
    assertTrue(Files.readString(out.resolve("report.html")).contains("plots/sic.png"));
    ColumnTable h5 = ColumnTable.read(out.resolve("events.h5"));
    assertEquals(820, h5.size());
    assertEquals(java.util.List.of("mJJ", "DeltaEtaJJ", "mJmax", "supervised", "CWoLa", "ANODE", "category", "label"),
        h5.names());
    assertEquals("3300.5,3699.5", h5.column("ANODE").attributes().get("windowGeV"));
    double[] m = h5.column("mJJ").doubles();
    double[] anode = h5.column("ANODE").doubles();
    int[] label = h5.column("label").ints();
    int[] cat = h5.column("category").ints();
    int inWindow = 0;
    int signal = 0;
    int categorised = 0;
    for (int i = 0; i < m.length; i++) {
      boolean in = m[i] >= 0.943 * 3500 && m[i] < 1.057 * 3500;
      assertEquals(in, Double.isFinite(anode[i]), "ANODE score only in the window, event " + i);
      inWindow += in ? 1 : 0;
      signal += label[i];
      categorised += cat[i] >= 0 ? 1 : 0;
    }
    assertEquals(cmp.path("windowEvents").asLong(), inWindow);
    assertEquals(120, signal);
    assertEquals(j.path("hunt").path("signalRegionEvents").asLong(), categorised);
  }

  @Test
  void badOptionCombinationsAreRefusedBeforeAnyWork() throws Exception {
    Path out = dir.resolve("o");
    String[][] cases = {
        {"--signal-mass 9000 --cwola", "--signal-mass 9000 GeV is outside the fit range [--mjj-min, --mjj-max] = [3110, 6000] GeV"},
        {"--toy --signal-mass 2000", "--signal-mass 2000 GeV is outside the fit range"},
        {"--toy --mjj-min 3000 --mjj-max 2000", "--mjj-min must be > 0 and below --mjj-max, found 3000 and 2000 GeV"},
        {"--toy --mjj-min 3000 --mjj-max 3000", "--mjj-min must be > 0 and below --mjj-max, found 3000 and 3000 GeV"},
        {"--toy --mjj-min 3400 --mjj-max 3600", "--mjj-max must be above 1.3 x --mjj-min"},
        {"--toy --bins 9", "--bins must be >= 10"},
        {"--toy --bins 12 --signal-width 0.02", "--bins 12 makes bins 7% wide in mJJ, more than 2 x --signal-width 0.02"},
        {"--toy --scan-points 2", "--scan-points must be >= 3, found 2"},
        {"--toy --threads 0", "--threads must be >= 1, found 0"},
        {"--toy --mjj-max 1e9", "--mjj-max must be below sqrt(s) = 13000 GeV (the dijet function's x = mJJ / sqrt(s)),"
            + " found 1000000000"},
        {"--data d.h5 --mjj-max 13000", "--mjj-max must be below sqrt(s) = 13000 GeV"},
        {"--toy --events 0", "--events must be >= 1 (the generated background), found 0"},
        {"--events 0 --inject 50", "--events must be >= 1 (the generated background), found 0"},
        // a width <= 0 used to be reported as a bin-width problem ("use --bins >= 0")
        {"--toy --signal-width -1", "--signal-width is sigma/M of the signal shape and must be in (0, 0.5), found -1"},
        {"--toy --signal-width 0", "--signal-width is sigma/M of the signal shape and must be in (0, 0.5), found 0"},
        {"--data d.h5 --signal-width 1.5", "--signal-width is sigma/M of the signal shape and must be in (0, 0.5), found 1.5"},
        {"--toy --signal-width 0.9", "--signal-width is sigma/M of the signal shape and must be in (0, 0.5), found 0.9"},
        {"--toy --toy-mass 9000", "--toy-mass 9000 GeV is outside the fit range [2700, 6000] GeV"},
        {"--toy-mass 3000", "--toy-mass sets the --toy resonance"},
        {"--toy --signal s.h5", "--toy injects its own resonance: drop --signal or --toy"},
        {"--signal s.h5 --inject 0", "--signal needs --inject N >= 1 events"},
        {"--data d.h5 --inject 5", "with --data add --signal"},
        {"--data d.h5 --events 5", "--events sets the generated background: drop it with --data"},
        {"--toy --score mse", "--score names a score of --model or --model-dir"},
        {"--model chamfer-vae --score-feature j1M", "--score-feature is the score without a model"},
        {"--model nosuch", "--model nosuch, --epochs 3: model must be one of"},
        {"--model chamfer-vae --epochs 0", "--model chamfer-vae, --epochs 0:"},
        {"--score-feature nosuch", "--score-feature nosuch is not a feature of the generated events"},
        {"--toy --injection-scan 0,-5", "--injection-scan values must be >= 0"},
        {"--toy --inject 60 --injection-scan 0,100", "--injection-scan 100 exceeds the 60 injected signal events"},
    };
    for (String[] c : cases) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("hunt"));
      args.addAll(java.util.List.of(c[0].split(" ")));
      args.addAll(java.util.List.of("--out", out.toString()));
      Cli.Run r = Cli.run(args.toArray(String[]::new));
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
      assertFalse(Files.exists(out), c[0]);
    }
    // missing inputs are bad data (exit 1), also before any generation
    for (String a : new String[] {"--model-dir " + dir.resolve("nomodel"), "--signal " + dir.resolve("nosig.h5")}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("hunt"));
      args.addAll(java.util.List.of(a.split(" ")));
      args.addAll(java.util.List.of("--out", out.toString()));
      Cli.Run r = Cli.run(args.toArray(String[]::new));
      assertEquals(1, r.code(), a + ": " + r.err());
      assertTrue(r.err().contains("no such") && !r.err().contains("generating"), a + ": " + r.err());
    }
  }

  @Test
  void signalEventsAreDrawnWithTheSeedFromTheLabelledPart() {
    DijetConfig cfg = new DijetConfig(1.0, 0, 20, 0.1, 0);
    Events file = Events.join(java.util.List.of(ToyDijets.qcd().dijets(30, 3, cfg), ToyDijets.twoProng(400).dijets(20, 4,
        cfg)));
    java.util.List<String> log = new java.util.ArrayList<>();
    Events a = org.nphunt.run.HuntInputs.drawSignal(file, 15, 7, "f.h5", log::add);
    Events b = org.nphunt.run.HuntInputs.drawSignal(file, 15, 7, "f.h5", s -> { });
    Events c = org.nphunt.run.HuntInputs.drawSignal(file, 15, 8, "f.h5", s -> { });
    assertEquals(java.util.List.of("f.h5: has truth labels: drawing from its 20 label-1 events only (of 50)"), log);
    double[] ma = org.nphunt.run.HuntInputs.feature(a, "mJJ");
    assertEquals(15, ma.length);
    assertTrue(java.util.Arrays.equals(ma, org.nphunt.run.HuntInputs.feature(b, "mJJ")), "same seed, same events");
    assertFalse(java.util.Arrays.equals(ma, org.nphunt.run.HuntInputs.feature(c, "mJJ")), "another seed, other events");
    assertEquals(15, java.util.Arrays.stream(ma).distinct().count(), "no event drawn twice");
    java.util.Set<Double> signalMasses = new java.util.HashSet<>();
    for (double m : org.nphunt.run.HuntInputs.feature(file.slice(30, 20), "mJJ")) {
      signalMasses.add(m);
    }
    for (double m : ma) {
      assertTrue(signalMasses.contains(m), "drawn from the label-1 events only: " + m);
    }
    for (int l : (int[]) a.column(org.nphunt.data.DijetSchema.TRUTH_LABEL)) {
      assertEquals(1, l);
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.nphunt.NphuntException.class,
        () -> org.nphunt.run.HuntInputs.drawSignal(file, 21, 7, "f.h5", s -> { }));
    assertEquals("f.h5: holds 20 signal events (truth_label = 1), --inject asks for 21", e.getMessage());
  }

  @Tag("slow")
  @Test
  void injectsASignalFileIntoDataAndIntoGeneratedEvents() throws Exception {
    DijetConfig cfg = new DijetConfig(1.0, 0, 20, 0.1, 0);
    Path bg = dir.resolve("bg.h5");
    write(bg, ToyDijets.qcd().dijets(400, 3, cfg));
    // an unlabelled signal file: every event may be drawn
    Events s = ToyDijets.twoProng(400).dijets(60, 9, cfg);
    s.setColumn(org.nphunt.data.DijetSchema.TRUTH_LABEL, null);
    Path sig = dir.resolve("sig.h5");
    write(sig, s);
    Path out = dir.resolve("hunt-data");
    Cli.Run r = Cli.run("hunt", "--data", bg.toString(), "--signal", sig.toString(), "--inject", "40", "--mjj-min",
        "2400", "--bins", "10", "--scan-points", "3", "--quantiles", "0.5,0.9", "--qr", "linear", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertEquals(440, j.path("hunt").path("events").asLong());
    assertTrue(j.path("inputs").path("signal").asText().startsWith("40 events of " + sig + " (of 60"), j.toString());
    assertEquals("truth labels", j.path("hunt").path("efficiencySource").asText());
    ColumnTable h5 = ColumnTable.read(out.resolve("events.h5"));
    int[] label = h5.column("label").ints();
    double[] m = h5.column("mJJ").doubles();
    java.util.Set<Double> sigMasses = new java.util.HashSet<>();
    for (double v : org.nphunt.run.HuntInputs.feature(s, "mJJ")) {
      sigMasses.add((double) (float) v);
    }
    for (int i = 0; i < 440; i++) {
      assertEquals(i >= 400 ? 1 : 0, label[i], "event " + i);
      if (i >= 400) {
        assertTrue(sigMasses.contains(m[i]), "an event of the signal file: " + m[i]);
      }
    }
    assertTrue(Files.readString(out.resolve("manifest.json")).contains("sig.h5"));
    // too few events in the file: exit 1 before the background is generated
    r = Cli.run("hunt", "--events", "300", "--signal", sig.toString(), "--inject", "61", "--out",
        dir.resolve("o").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("sig.h5: holds 60 events, --inject asks for 61") && !r.err().contains("generating"),
        r.err());
    // into the generated background (another dijet layout: constituents cut or padded, features by name)
    out = dir.resolve("hunt-gen");
    r = Cli.run("hunt", "--events", "300", "--signal", sig.toString(), "--inject", "30", "--mjj-min", "2400", "--bins",
        "10", "--scan-points", "3", "--quantiles", "0.5,0.9", "--qr", "linear", "--folds", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    h5 = ColumnTable.read(out.resolve("events.h5"));
    assertEquals(330, h5.size());
    assertEquals(30, java.util.Arrays.stream(h5.column("label").ints()).sum());
  }

  private static void write(Path file, Events ev) {
    try (EventSink sink = EventFiles.create(file, ev.schema(), false)) {
      sink.write(ev);
      sink.commit();
    }
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Cli.Run r = Cli.run("hunt", "--data", dir.resolve("missing.h5").toString(), "--out", dir.resolve("o").toString());
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("missing.h5"), r.err());
    // bad option values and combinations are bad usage: exit 2, one line
    r = Cli.run("hunt", "--toy", "--qr", "spline", "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--qr must be network or linear, found spline"), r.err());
    r = Cli.run("hunt", "--toy", "--cwola", "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--cwola and --anode need jet features"), r.err());
    r = Cli.run("hunt", "--toy", "--anode-epochs", "0", "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--anode-epochs must be >= 1, found 0"), r.err());
    r = Cli.run("hunt", "--toy", "--injection-xsec", "0,10", "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--injection-xsec needs generated jets"), r.err());
    r = Cli.run("hunt", "--injection-xsec", "-5", "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--injection-xsec values must be finite and >= 0 fb, found [-5.0]"), r.err());
    r = Cli.run("hunt", "--toy", "--quantiles", "0.9,0.5", "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("quantiles must be strictly increasing in (0, 1), found [0.9, 0.5]"), r.err());
    // a file of another layout: only particle-level events get the hint to cluster them (ADC2021 trigger objects cannot be)
    Path adc = org.nphunt.testing.SharedFixtures.adc2021H5py();
    r = Cli.run("hunt", "--data", adc.toString(), "--out", dir.resolve("o").toString());
    assertEquals(1, r.code());
    assertEquals("nphunt: error: " + adc + ": the resonant search needs the dijet layout (eventFeatures with mJJ and"
        + " DeltaEtaJJ), found adc2021 (a layout without jets to cluster into dijets)", r.err().strip());
    Path lhco = org.nphunt.testing.SharedFixtures.fixture("lhco2020_rnd_1000.h5");
    r = Cli.run("hunt", "--data", lhco.toString(), "--out", dir.resolve("o").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().strip().endsWith("found particles (cluster particle files with 'nphunt cluster')"), r.err());
    r = Cli.run("hunt", "--toy", "--events", "100", "--inject", "0", "--out", dir.resolve("o").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("holds") && r.err().contains("need >= 50"), r.err());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void aFitThatDoesNotDescribeTheSpectrumIsFlagged() {
    // chi2 = 196.4 / 161 (p = 0.03, the README toy's categorised fit): no warning
    assertEquals(null, HuntCommand.fitWarning("categorised",
        new org.nphunt.fit.ScanPoint(3561, 56.5, 11, 12, 11.5, 25, 5.0, 262.7, 196.4, 161, false)));
    // chi2 = 150 / 84: p ~ 1.6e-5
    String w = HuntCommand.fitWarning("inclusive",
        new org.nphunt.fit.ScanPoint(3604, -42, 58, 58, 58, 0, 0, 150, 150, 84, false));
    assertTrue(w != null && w.contains("likelihood-ratio chi2/ndf = 150.0/84") && w.contains("not reliable"), w);
  }

  @Tag("slow")
  @Test
  void injectionScanInCrossSectionRetrainsTheModelPerPoint() throws Exception {
    // generated QCD + W': the scan in sigma x BR, converted through the QCD sample's equivalent luminosity and the
    // W' selection efficiency, with the sideband-trained model re-trained on each injected sample
    Path out = dir.resolve("hunt");
    Cli.Run r = Cli.run("hunt", "--events", "700", "--inject", "120", "--mjj-min", "2400", "--bins", "10",
        "--scan-points", "3", "--quantiles", "0.5,0.9", "--qr", "linear", "--folds", "2", "--model", "chamfer-vae",
        "--epochs", "1", "--injection-xsec", "0,400", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("injection point 0: re-training chamfer-vae"), r.err());
    JsonNode inj = Json.mapper().readTree(out.resolve("results.json").toFile()).path("injectionScan");
    double lumiFb = inj.path("luminosityInverseFb").asDouble();
    double eff = inj.path("signalSelectionEfficiency").asDouble();
    // L = N_bkg / sigma_bkg,sel, in fb^-1 = pb^-1 / 1000
    assertEquals(700 / inj.path("backgroundSelectedCrossSectionPb").asDouble() / 1000, lumiFb, 1e-12 * lumiFb);
    assertTrue(eff > 0 && eff <= 1, inj.toString());
    assertTrue(inj.path("anomalyModel").asText().startsWith("chamfer-vae re-trained per point"), inj.toString());
    JsonNode pts = inj.path("points");
    assertEquals(2, pts.size());
    assertEquals(0, pts.get(0).path("injected").asInt());
    JsonNode p = pts.get(1);
    // the requested 400 fb became round(400 eps L) events, whose sigma x BR the point reports
    assertEquals(Math.round(400 * eff * lumiFb), p.path("injected").asLong());
    assertEquals(p.path("injected").asDouble() / (eff * lumiFb), p.path("crossSectionFb").asDouble(), 1e-9);
    assertTrue(p.path("trueMu").asLong() > 0 && p.path("trueMu").asLong() <= p.path("injected").asLong(), p.toString());
    assertNotEquals(pts.get(0).path("seed").asLong(), p.path("seed").asLong());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("| injected | sigma x BR [fb] | true mu (SR, fit range) | S / B (SR, fit range) |"), md);
    assertTrue(md.contains("fb^-1"), md);
  }
}
