package org.nphunt.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.json.Json;
import org.nphunt.physics.Processes;

/** The whole main job on a tiny generated dataset (seconds). */
class RunPipelineTest {
  @TempDir Path dir;

  static RunConfig tiny(Path out) {
    return RunConfig.defaults().withEvents(6_000, 4_000, 1_500).withEpochs(4).withBatchSize(256).withOutRoot(out)
        .withThreads(2).withReconstructionEvents(500);
  }

  @Test
  void producesACompleteRunFolderWhoseResultsFindTheEasySignal() throws IOException {
    List<String> log = new ArrayList<>();
    RunPipeline.Result r = new RunPipeline(tiny(dir.resolve("runs")), log::add).run();

    Path run = r.runDir();
    for (String f : List.of("report.html", "results.json", "results.md", "run.json", "models/dense/model.json",
        "models/vae/model.json", "scores/dense/Ato4l.h5", "scores/vae/hplustaunu.h5", "data/sm_train.h5", "data/LQ.h5")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
    }
    assertFalse(Files.exists(run.resolve("scores/dense/SM.h5")) || Files.exists(run.resolve("data/sm_test.h5")),
        "the streamed SM test sample is not stored without keepData");
    // provenance names real files (relative to the run folder) with their hashes, never the temporary folder
    JsonNode runJson = Json.mapper().readTree(run.resolve("run.json").toFile());
    assertEquals("data/sm_train.h5", runJson.at("/inputs/0/path").asText());
    assertEquals(org.nphunt.io.Hashing.sha256(run.resolve("data/sm_train.h5")), runJson.at("/inputs/0/sha256").asText());
    JsonNode model = Json.mapper().readTree(run.resolve("models/vae/model.json").toFile());
    assertEquals("data/sm_train.h5", model.at("/manifest/inputs/0/path").asText());
    for (String f : List.of("run.json", "results.json", "models/dense/model.json", "report.html")) {
      assertFalse(Files.readString(run.resolve(f)).contains(".partial"), f + " names the temporary folder");
    }
    try (org.nphunt.hdf5.Hdf5EventReader d = org.nphunt.hdf5.Hdf5EventReader.open(run.resolve("data/LQ.h5"));
        org.nphunt.hdf5.ScoreFileReader sc = org.nphunt.hdf5.ScoreFileReader.open(run.resolve("scores/dense/LQ.h5"))) {
      assertTrue(d.attributes().containsKey("manifest"), "generated data carry their manifest");
      assertTrue(sc.attribute("manifest").contains("\"data/LQ.h5\""), "score manifests name their input");
    }
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      assertEquals(List.of(run), s.toList(), "only the committed run folder, no partial folder");
    }

    EvaluationResults res = r.results();
    assertEquals(List.of("dense", "vae"), res.models());
    assertEquals(Processes.signalNames(), res.signals());
    // A->4l (four leptons, rare in the SM cocktail) is the easy signal on real data and here.
    double auc = res.of("dense", "mse").stream().filter(s -> s.signal().equals("Ato4l")).findFirst().orElseThrow().auc();
    assertTrue(auc > 0.85, "A->4l AUC of the dense AE: " + auc);

    JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
    assertEquals(1L, results.at("/manifest/seed").asLong(), "every command's default seed");
    String md = Files.readString(run.resolve("results.md"));
    for (String signal : Processes.signalNames()) {
      assertTrue(md.contains(signal), "results.md lacks " + signal);
    }
    assertTrue(md.contains("vae_kl") && md.contains("mae_pt_mse_angles"), "tables list every score");
    assertTrue(r.aucTable().contains("| dense | mse |"), r.aucTable());
    assertTrue(log.stream().anyMatch(l -> l.contains("training dense")), String.join("\n", log));

    // the deployment view: cost with its measured latency in model.json, and the fixed-point tables in the report
    JsonNode cost = Json.mapper().readTree(run.resolve("models/dense/model.json").toFile()).get("cost");
    assertEquals(4768, cost.at("/trigger/macs").asLong());
    assertTrue(cost.at("/latency/singleEventMicros").asDouble() > 0, cost.toString());
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("id=\"deployment\""), "deployment section");
    for (String row : List.of("float32", "ap_fixed&lt;8,auto,AP_RND,AP_SAT&gt;", "ap_fixed&lt;16,auto,AP_RND,AP_SAT&gt;")) {
      assertTrue(html.contains("<td>" + row + "</td>"), row);
    }
    assertTrue(html.contains("vae: fixed point vs float") && html.contains("dense: float ranges per layer"), "both models");
    assertTrue(html.contains("n/a (background sample too small: 4000)"), "FPR 1e-5 is not claimed from 4000 events");
    assertTrue(log.stream().anyMatch(l -> l.startsWith("fixed-point study")), String.join("\n", log));
  }

  @Test
  void keepDataStoresTheStreamedSample() {
    RunConfig cfg = tiny(dir.resolve("k")).withModels(List.of("dense")).withEpochs(1).withKeepData(true);
    RunPipeline.Result r = new RunPipeline(cfg, l -> {}).run();
    try (org.nphunt.hdf5.ScoreFileReader sc = org.nphunt.hdf5.ScoreFileReader.open(r.runDir().resolve("scores/dense/SM.h5"));
        org.nphunt.hdf5.Hdf5EventReader d = org.nphunt.hdf5.Hdf5EventReader.open(r.runDir().resolve("data/sm_test.h5"))) {
      assertEquals(4_000, sc.size());
      assertEquals(4_000, d.size());
      // the stored scores are the ones evaluated: their AUC against a stored signal equals the run's
      try (org.nphunt.hdf5.ScoreFileReader a4l = org.nphunt.hdf5.ScoreFileReader.open(r.runDir().resolve("scores/dense/Ato4l.h5"))) {
        double auc = org.nphunt.eval.Auc.mannWhitney(sc.scores("mse"), a4l.scores("mse"));
        double run = r.results().of("dense", "mse").stream().filter(x -> x.signal().equals("Ato4l")).findFirst().orElseThrow().auc();
        assertEquals(run, auc, 1e-12);
      }
    }
  }

  @Test
  void sameSeedGivesTheSameNumbers() {
    RunConfig cfg = tiny(dir.resolve("a")).withModels(List.of("dense")).withEpochs(2);
    EvaluationResults a = new RunPipeline(cfg, l -> {}).run().results();
    EvaluationResults b = new RunPipeline(cfg.withOutRoot(dir.resolve("b")), l -> {}).run().results();
    for (String signal : Processes.signalNames()) {
      double x = a.of("dense", "mse").stream().filter(s -> s.signal().equals(signal)).findFirst().orElseThrow().auc();
      double y = b.of("dense", "mse").stream().filter(s -> s.signal().equals(signal)).findFirst().orElseThrow().auc();
      assertEquals(x, y, 0.0, signal);
    }
  }

  /**
   * Issue 17: with two threads the DJL/libtorch models (conv, transformer) train side by side (one thread
   * each) and score each block in parts of {@link RunPipeline#SCORE_PART} events on the pool (the 5,000
   * streamed SM events are one block, cut in three parts per model), and rnn-attention trains and scores on
   * the fused Java kernels on both threads; every weight and every score must be the same bits as with one
   * thread, where everything runs one after the other.
   */
  @Test
  @org.junit.jupiter.api.Tag("slow")
  void djlModelsSideBySideGiveTheSameBitsAsOneThread() throws IOException {
    List<String> models = List.of("conv", "transformer", "rnn-attention");
    RunConfig one = RunConfig.defaults().withEvents(1_500, 5_000, 300).withEpochs(1).withBatchSize(256)
        .withReconstructionEvents(200).withModels(models).withThreads(1).withOutRoot(dir.resolve("t1"));
    RunPipeline.Result a = new RunPipeline(one, l -> {}).run();
    RunPipeline.Result b = new RunPipeline(one.withThreads(2).withOutRoot(dir.resolve("t2")), l -> {}).run();
    for (String model : models) {
      // side by side exactly when the model steps through libtorch (conv, transformer and rnn-attention are on the fused engine)
      org.nphunt.training.TrainingConfig tc = new RunPipeline(one, l -> {}).trainingConfigFor(model);
      assertEquals(!org.nphunt.training.Trainer.usesFusedEngine(tc), RunPipeline.sideBySide(tc), model);
      byte[] wa = Files.readAllBytes(a.runDir().resolve("models").resolve(model).resolve("weights.params"));
      byte[] wb = Files.readAllBytes(b.runDir().resolve("models").resolve(model).resolve("weights.params"));
      assertTrue(java.util.Arrays.equals(wa, wb), model + ": weights differ between --threads 1 and 2");
      for (String signal : Processes.signalNames()) {
        try (org.nphunt.hdf5.ScoreFileReader sa = org.nphunt.hdf5.ScoreFileReader.open(
                a.runDir().resolve("scores").resolve(model).resolve(signal + ".h5"));
            org.nphunt.hdf5.ScoreFileReader sb = org.nphunt.hdf5.ScoreFileReader.open(
                b.runDir().resolve("scores").resolve(model).resolve(signal + ".h5"))) {
          for (String score : sa.scoreNames()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(sa.scores(score), sb.scores(score),
                model + " " + signal + " " + score);
          }
        }
      }
      assertEquals(a.results().scores(model), b.results().scores(model));
      for (String score : a.results().scores(model)) {
        // every AUC, TPR and threshold, including the streamed SM test sample scored side by side
        assertEquals(a.results().of(model, score), b.results().of(model, score), model + " " + score);
      }
    }
  }

  @Test
  void aFailedRunLeavesNoCompleteLookingFolder() throws IOException {
    Path data = Files.createDirectories(dir.resolve("real"));
    Files.writeString(data.resolve(RealDataset.BACKGROUND), "not an HDF5 file");
    Files.writeString(data.resolve("Ato4l_lepFilter_13TeV.h5"), "not an HDF5 file");
    RunConfig cfg = tiny(dir.resolve("runs")).withDataDir(data);
    NphuntException e = assertThrows(NphuntException.class, () -> new RunPipeline(cfg, l -> {}).run());
    assertTrue(e.getMessage().contains(RealDataset.BACKGROUND), e.getMessage());
    if (Files.exists(dir.resolve("runs"))) {
      try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
        assertFalse(s.anyMatch(p -> !p.getFileName().toString().startsWith(".")), "no visible run folder");
      }
    }
  }

  @Test
  void missingRealDataIsAOneLineError() {
    RunConfig cfg = tiny(dir.resolve("runs")).withDataDir(dir.resolve("nowhere"));
    NphuntException e = assertThrows(NphuntException.class, () -> new RunPipeline(cfg, l -> {}).run());
    assertTrue(e.getMessage().endsWith("no such directory (--data expects a folder of ADC2021 files)"), e.getMessage());
  }

  @Test
  void configValidates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunConfig.defaults().withModels(List.of("lstm")));
    assertTrue(e.getMessage().startsWith("models must be among"), e.getMessage());
    // a jet model is registered but reads another schema: the list names the event models only, and says why
    e = assertThrows(IllegalArgumentException.class, () -> RunConfig.defaults().withModels(List.of("chamfer-vae")));
    assertTrue(e.getMessage().endsWith(
        "found chamfer-vae (it reads dijet events; the run trains on ADC2021 events)"), e.getMessage());
    String listed = e.getMessage().substring(0, e.getMessage().indexOf(']'));
    assertTrue(listed.contains("transformer") && !listed.contains("chamfer-vae"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RunConfig.defaults().withEpochs(0));
  }
}
