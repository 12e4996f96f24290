package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventBatch;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.eval.Auc;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.model.ChamferVaeConfig;
import org.nphunt.model.DecorrelatedConfig;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.JetImageAeConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;
import org.nphunt.score.Scorer;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.history.EpochRecord;

/**
 * The jet models (chamfer-vae, jet-image-ae, decorrelated) on the common machinery: trained by the
 * Trainer on toy QCD-like dijet events (40 constituents per jet, 16 x 16 images to stay fast), they find
 * a planted anomaly (two-prong 500 GeV jets), save and reload with bit-identical scores, write score
 * files by name, train reproducibly from a seed, resume from a checkpoint, and refuse events of another
 * schema (as the ADC2021 models refuse dijet events) with one line naming the expected schema.
 */
class JetModelsTest {
  static final DijetConfig CLUSTERING = new DijetConfig(1.0, 0, 40, 0.1, 0);
  static Events qcd;
  static Events qcdTest;
  static Events heavy;

  static final ChamferVaeConfig CHAMFER = withC(ChamferVaeConfig.defaults(), 40);
  static final JetImageAeConfig IMAGE = new JetImageAeConfig(16, 1.0, List.of(8, 4), 32, 8);

  static ChamferVaeConfig withC(ChamferVaeConfig d, int c) {
    return new ChamferVaeConfig(c, d.ptFraction(), d.latentDim(), d.filters(), d.dense(), d.beta(), d.reconstruction());
  }

  @BeforeAll
  static void events() {
    qcd = ToyDijets.qcd().dijets(2500, 1, CLUSTERING);
    qcdTest = ToyDijets.qcd().dijets(400, 2, CLUSTERING);
    heavy = ToyDijets.twoProng(500).dijets(400, 3, CLUSTERING);
  }

  static TrainingConfig small(ArchitectureConfig arch, int epochs) {
    return TrainingConfig.defaults(arch).withEpochs(epochs).withBatchSize(128).withSeed(7).withChunkEvents(1000)
        .withLearningRate(3e-3);
  }

  static TrainingResult train(ArchitectureConfig arch, int epochs, int events) {
    return new Trainer(small(arch, epochs)).fit(new InMemoryEventSource(qcd.slice(0, events), "qcd"), null);
  }

  static double auc(LoadedModel m, String score) {
    int i = m.scoreNames().indexOf(score);
    return Auc.mannWhitney(m.score(qcdTest)[i], m.score(heavy)[i]);
  }

  @Tag("slow")
  @Test
  void chamferVaeLearnsAndFindsTwoProngJets() {
    try (TrainingResult r = train(CHAMFER, 6, 2500)) {
      List<EpochRecord> ep = r.history().epochs();
      assertTrue(ep.get(ep.size() - 1).trainLoss() < 0.7 * ep.get(0).trainLoss(), "loss must fall: " + ep);
      LoadedModel m = r.model();
      assertEquals("total_min", m.scoreNames().get(0));
      assertEquals(18, m.scoreNames().size());
      double total = auc(m, "total_min");
      double kl = auc(m, "kl_min");
      assertTrue(total > 0.9, "AUC of total_min " + total);
      assertTrue(kl > 0.8, "the KL term alone also separates: AUC of kl_min " + kl);
      // per-jet latent means (two jets per event)
      assertEquals(20, m.latent(qcdTest.slice(0, 10)).length);
    }
  }

  @Tag("slow")
  @Test
  void jetImageAutoencoderLearnsAndFindsTwoProngJets() {
    try (TrainingResult r = train(IMAGE, 6, 2500)) {
      List<EpochRecord> ep = r.history().epochs();
      assertTrue(ep.get(ep.size() - 1).trainLoss() < 0.7 * ep.get(0).trainLoss(), "loss must fall: " + ep);
      assertEquals(JetScoresNames.IMAGE, r.model().scoreNames());
      double a = auc(r.model(), "reco_min");
      assertTrue(a > 0.9, "AUC of reco_min " + a);
    }
  }

  /** Score names of the image model (in a nested class so that the list reads as a fixture). */
  static final class JetScoresNames {
    static final List<String> IMAGE = List.of("reco_min", "reco_max", "reco_sum", "reco_prod", "reco_j1", "reco_j2");
  }

  /** A mildly decorrelated image model still finds the easy signal (the base's scores, the base's AUC range). */
  @Tag("slow")
  @Test
  void decorrelatedModelFindsTwoProngJets() {
    try (TrainingResult r = train(DecorrelatedConfig.adversary(IMAGE, 10), 6, 2500)) {
      List<EpochRecord> ep = r.history().epochs();
      assertTrue(ep.get(ep.size() - 1).trainLoss() < 0.7 * ep.get(0).trainLoss(), "loss must fall: " + ep);
      double a = auc(r.model(), "reco_min");
      assertTrue(a > 0.9, "AUC of reco_min " + a);
    }
  }

  /** The epoch record's throughput is in events (a dijet event is two jets, two training examples). */
  @Test
  void throughputCountsEventsNotJets() {
    long[] trainEvents = {-1};
    List<EpochRecord> seen = new java.util.ArrayList<>();
    TrainingListener capture = new TrainingListener() {
      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        trainEvents[0] = s.trainEvents();
        seen.add(r);
        return Action.CONTINUE;
      }
    };
    new Trainer(small(CHAMFER, 1)).addListener(capture).fit(new InMemoryEventSource(qcd.slice(0, 300), "qcd"), null)
        .close();
    EpochRecord r = seen.get(0);
    assertTrue(trainEvents[0] > 0 && trainEvents[0] < 300, "training events " + trainEvents[0]);
    assertEquals(trainEvents[0], r.eventsPerSecond() * r.seconds(), 1e-6 * trainEvents[0], r.toString());
  }

  @Test
  void decorrelatedModelsTrainAndScoreAsTheirBase() {
    for (ArchitectureConfig arch : List.of(DecorrelatedConfig.adversary(CHAMFER, 0.5), DecorrelatedConfig.disco(IMAGE, 10))) {
      try (TrainingResult r = train(arch, 2, 600)) {
        for (EpochRecord e : r.history().epochs()) {
          assertTrue(Double.isFinite(e.trainLoss()) && Double.isFinite(e.valLoss()), arch.architecture() + ": " + e);
        }
        DecorrelatedConfig d = (DecorrelatedConfig) arch;
        assertEquals(d.base() instanceof ChamferVaeConfig ? 18 : 6, r.model().scoreNames().size());
        double[][] s = r.model().score(qcdTest.slice(0, 20));
        for (double v : s[0]) {
          assertTrue(Double.isFinite(v) && v >= 0);
        }
      }
    }
  }

  @Test
  void saveLoadAndScoreFilesAreExact(@TempDir Path tmp) {
    Events test = qcdTest.slice(0, 50);
    ChamferVaeConfig published = new ChamferVaeConfig(CHAMFER.constituents(), false, CHAMFER.latentDim(), CHAMFER.filters(),
        CHAMFER.dense(), CHAMFER.beta(), CHAMFER.reconstruction(), ChamferVaeConfig.LossSpace.PUBLISHED);
    int no = 0;
    for (ArchitectureConfig arch : List.of(CHAMFER, IMAGE, DecorrelatedConfig.adversary(CHAMFER, 1), published)) {
      Path dir = tmp.resolve(arch.architecture() + "-" + no++);
      double[][] before;
      try (TrainingResult r = train(arch, 1, 300)) {
        before = r.model().score(test);
        r.model().save(dir, r.history(), Manifest.create("train", 7L, null, List.of()), false);
      }
      ModelFile mf = ModelFile.read(dir);
      assertEquals(ModelFile.FORMAT_VERSION, mf.formatVersion());
      assertEquals(DijetSchema.NAME, mf.inputSchema());
      try (LoadedModel m = LoadedModel.load(dir)) {
        assertEquals(mf.scores(), m.scoreNames());
        double[][] after = m.score(test);
        for (int i = 0; i < before.length; i++) {
          assertArrayEquals(before[i], after[i], 0.0, arch.architecture() + " " + m.scoreNames().get(i));
        }
        // scores do not depend on the batching
        assertEquals(after[0][20], m.score(test.slice(20, 5))[0][0], 0.0);
        // into a score file, by name
        Path file = tmp.resolve(dir.getFileName() + ".h5");
        try (ScoreFileWriter w = ScoreFileWriter.create(file, m.scoreNames(), false)) {
          assertEquals(50, Scorer.score(m, new InMemoryEventSource(test, "test"), w, 16));
          w.commit();
        }
        try (ScoreFileReader rd = ScoreFileReader.open(file)) {
          assertEquals(m.scoreNames(), rd.scoreNames());
          for (int i = 0; i < after.length; i++) {
            assertArrayEquals(after[i], rd.scores(m.scoreNames().get(i)), 0.0);
          }
          assertArrayEquals((int[]) test.column("ProcessId"), rd.processId());
        }
      }
    }
  }

  @Test
  void sameSeedSameWeightsAndResumeMatchesAnUninterruptedRun(@TempDir Path tmp) {
    ArchitectureConfig arch = DecorrelatedConfig.adversary(CHAMFER, 1);
    TrainingConfig cfg = small(arch, 3);
    InMemoryEventSource src = new InMemoryEventSource(qcd.slice(0, 300), "qcd");
    float[] full;
    try (TrainingResult r = new Trainer(cfg).fit(src, null)) {
      full = TrainerTest.flat(r.model());
    }
    try (TrainingResult r = new Trainer(cfg).fit(src, null)) {
      assertArrayEquals(full, TrainerTest.flat(r.model()), "same seed, same weights");
    }
    try (TrainingResult r = new Trainer(cfg.withSeed(8)).fit(src, null)) {
      assertTrue(!java.util.Arrays.equals(full, TrainerTest.flat(r.model())), "another seed, other weights");
    }
    Path cp = tmp.resolve("cp");
    new Trainer(cfg.withEpochs(1)).checkpointTo(cp).fit(src, null).close();
    try (TrainingResult r = Trainer.resume(cp, 3).fit(src, null)) {
      assertEquals(3, r.history().epochs().size());
      assertArrayEquals(full, TrainerTest.flat(r.model()), "resumed after epoch 1");
    }
  }

  @Test
  void modelsRefuseEventsOfAnotherSchemaInOneLine(@TempDir Path tmp) {
    EventBatch adc = TestEvents.cluster(200, 1, 0, 19);
    InMemoryEventSource adcSource = TestEvents.source(adc, "sm.h5");
    for (ArchitectureConfig arch : List.of(CHAMFER, IMAGE, DecorrelatedConfig.adversary(CHAMFER, 1))) {
      NphuntException e = assertThrows(NphuntException.class, () -> new Trainer(small(arch, 1)).fit(adcSource, null));
      assertEquals("sm.h5: model '" + arch.architecture() + "' reads dijet events, this source holds adc2021 events",
          e.getMessage());
    }
    try (TrainingResult r = train(CHAMFER, 1, 200)) {
      NphuntException e = assertThrows(NphuntException.class, () -> r.model().score(adc));
      assertEquals("model 'chamfer-vae' reads dijet events, found adc2021 events", e.getMessage());
      try (ScoreFileWriter w = ScoreFileWriter.create(tmp.resolve("s.h5"), r.model().scoreNames(), false)) {
        NphuntException f = assertThrows(NphuntException.class, () -> Scorer.score(r.model(), adcSource, w, 64));
        assertEquals("sm.h5: model 'chamfer-vae' reads dijet events, this file holds adc2021 events", f.getMessage());
      }
    }
    // and the ADC2021 models refuse dijet events
    InMemoryEventSource jets = new InMemoryEventSource(qcd.slice(0, 100), "dijets.h5");
    NphuntException e = assertThrows(NphuntException.class,
        () -> new Trainer(small(DenseAeConfig.defaults(), 1)).fit(jets, null));
    assertEquals("dijets.h5: model 'dense' reads adc2021 events, this source holds dijet events", e.getMessage());
    try (TrainingResult r = new Trainer(small(DenseAeConfig.defaults(), 1)).fit(adcSource, null)) {
      NphuntException f = assertThrows(NphuntException.class, () -> r.model().score(qcd.slice(0, 3)));
      assertEquals("model 'dense' reads adc2021 events, found dijet events", f.getMessage());
    }
  }

  /** The default chamfer-vae has the PyTorch reference's 240,973 parameters (bench/reference/test_chamfer_reference.py). */
  @Test
  void defaultChamferVaeHasTheReferencesParameterCount() {
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      ai.djl.nn.Block b = ChamferVaeConfig.defaults().build();
      assertEquals(240_973, initialisedParameterCount(b, m));
    }
  }

  /** Initialises {@code b} for (2, 100, 3) constituent lists and returns its number of parameter values. */
  private static long initialisedParameterCount(ai.djl.nn.Block b, ai.djl.ndarray.NDManager m) {
    b.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, 100, 3),
        new ai.djl.ndarray.types.Shape(2, 100));
    long n = 0;
    for (var p : b.getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  /**
   * The public code's last run (kingusiu/vande main_train_particle_vae.py run 113: kernel (1, 3), 12
   * initial filters, latent 12, ELU): its Keras model has 417,701 parameters, counted by hand from
   * vae/vae_particle.py: Conv2D 12x(1x3)+12 = 48, Conv1D 16x3x12+16 = 592, Conv1D 20x3x16+20 = 980,
   * pooled 48 x 20 = 960, Dense 960x204+204 = 196,044, 204x48+48 = 9,840, z_mean and z_log_var 2 x 588;
   * decoder Dense 624, 9,996, 196,800, Conv1DTranspose 16x3x20+16 = 976, 12x3x16+12 = 588,
   * Conv2DTranspose 1x(1x3)x12+1 = 37.
   */
  @Test
  void publicLastRunNetworkHasTheKerasParameterCountAndKeepsTheListLength() {
    ChamferVaeConfig d = ChamferVaeConfig.published();
    ChamferVaeConfig run = new ChamferVaeConfig(100, false, 12, List.of(12, 16, 20), List.of(204, 48), d.beta(),
        d.reconstruction(), d.lossSpace(), ChamferVaeConfig.Kernel2d.K1X3, ChamferVaeConfig.Activation.ELU,
        org.nphunt.preprocess.JetConstituents.Statistics.ALL_SLOTS);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      ai.djl.nn.Block b = run.build();
      assertEquals(417_701, initialisedParameterCount(b, m));
      ai.djl.ndarray.NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(2, 100, 3));
      ai.djl.ndarray.NDList out = b.forward(new ai.djl.training.ParameterStore(m, false),
          new ai.djl.ndarray.NDList(x, m.ones(new ai.djl.ndarray.types.Shape(2, 100))), false);
      assertEquals(new ai.djl.ndarray.types.Shape(2, 100, 3), out.get(0).getShape());
      assertEquals(new ai.djl.ndarray.types.Shape(2, 12), out.get(1).getShape());
    }
    var mapper = Architectures.mapper();
    try {
      String json = mapper.writerFor(ArchitectureConfig.class).writeValueAsString(run);
      assertEquals(run, mapper.readValue(json, ArchitectureConfig.class), json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    // ELU is x above 0 and exp(x) - 1 below
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      float[] v = ai.djl.nn.Activation.elu(m.create(new float[] {-1f, 0f, 2f}), 1f).toFloatArray();
      assertEquals((float) Math.expm1(-1), v[0], 1e-6f);
      assertEquals(0f, v[1]);
      assertEquals(2f, v[2]);
    }
  }

  @Test
  void configsRoundTripAndValidate() throws Exception {
    var mapper = Architectures.mapper();
    for (ArchitectureConfig cfg : List.of(CHAMFER, IMAGE, DecorrelatedConfig.adversary(IMAGE, 3), DecorrelatedConfig.disco(CHAMFER, 2))) {
      String json = mapper.writerFor(ArchitectureConfig.class).writeValueAsString(cfg);
      assertEquals(cfg, mapper.readValue(json, ArchitectureConfig.class), json);
    }
    assertEquals("constituents must be even and in 8..10000 (the encoder's pooling halves C - 6), found 41",
        assertThrows(IllegalArgumentException.class, () -> withC(CHAMFER, 41)).getMessage());
    assertEquals("pixels must be divisible by 4 and in 8..256 (two 2x2 poolings), found 30",
        assertThrows(IllegalArgumentException.class, () -> new JetImageAeConfig(30, 1, List.of(8, 4), 32, 8)).getMessage());
    assertEquals("base model 'dense' reads adc2021 events; mass decorrelation needs dijet events (jet masses)",
        assertThrows(IllegalArgumentException.class, () -> DecorrelatedConfig.adversary(DenseAeConfig.defaults(), 1)).getMessage());
    assertEquals("lambda must be >= 0 and finite, found -1.0",
        assertThrows(IllegalArgumentException.class, () -> DecorrelatedConfig.adversary(CHAMFER, -1)).getMessage());
  }

  /**
   * Real data as input: the 1,000 LHC Olympics 2020 R&D events of the shared fixture
   * ../shared/fixtures/lhco2020_rnd_1000.h5 (arXiv:2101.08320; 907 QCD dijets, 93 W' -> X Y -> 4 quarks),
   * read by nphunt's LHC Olympics reader and clustered into dijet events; the models train on the QCD
   * events (a smoke run: loss falls, scores are finite) and their AUCs on the W' events are printed.
   */
  @Tag("slow")
  @Test
  void lhcOlympicsEventsAsInput() {
    Events all = lhcoDijets();
    int[] label = (int[]) all.column(DijetSchema.TRUTH_LABEL);
    int nb = 0;
    for (int l : label) {
      nb += l == 0 ? 1 : 0;
    }
    Events bkg = select(all, label, 0, nb);
    Events sig = select(all, label, 1, all.size() - nb);
    assertEquals(907, bkg.size());
    for (ArchitectureConfig arch : List.of(CHAMFER, IMAGE)) {
      try (TrainingResult r = new Trainer(small(arch, 4)).fit(new InMemoryEventSource(bkg, "lhco-rnd-qcd"), null)) {
        List<EpochRecord> ep = r.history().epochs();
        assertTrue(ep.get(ep.size() - 1).trainLoss() < ep.get(0).trainLoss(), arch.architecture() + ": " + ep);
        double[][] b = r.model().score(bkg);
        double[][] s = r.model().score(sig);
        for (double v : s[0]) {
          assertTrue(Double.isFinite(v));
        }
        System.out.printf("LHC Olympics fixture, %s trained on 907 QCD events: AUC(%s) for W' = %.3f%n", arch.architecture(),
            r.model().scoreNames().get(0), Auc.mannWhitney(b[0], s[0]));
      }
    }
  }

  /** The shared fixture's 1,000 events (LHC Olympics reader), clustered into dijet events (C = 40). */
  static Events lhcoDijets() {
    try (org.nphunt.data.EventSource src = org.nphunt.hdf5.EventFiles.open(
        org.nphunt.testing.SharedFixtures.fixture("lhco2020_rnd_1000.h5"))) {
      assertEquals(org.nphunt.data.ParticleListSchema.NAME, src.schema().name());
      return org.nphunt.jet.dijet.DijetEvents.fromParticles(src.read(0, (int) src.size()), CLUSTERING);
    }
  }

  static Events select(Events all, int[] label, int want, int count) {
    List<Events> parts = new java.util.ArrayList<>();
    for (int e = 0; e < all.size(); e++) {
      if (label[e] == want) {
        parts.add(all.slice(e, 1));
      }
    }
    Events out = Events.join(parts);
    assertEquals(count, out.size());
    return out;
  }

  /**
   * The file path at the library level: a dijet HDF5 file (nphunt's writer), opened by format
   * detection, trains a model folder through TrainingJob (checkpoints, manifest, model.json) and scores
   * into a score file (the library path under {@code nphunt train/score}; the CLI: JetModelCommandTest).
   */
  @Test
  void dijetFilesTrainAModelFolderAndScoreIntoAScoreFile(@TempDir Path tmp) {
    Path file = tmp.resolve("toy_qcd_dijets.h5");
    try (var w = org.nphunt.hdf5.EventFiles.create(file, qcd.schema(), false)) {
      w.write(qcd.slice(0, 400));
      w.commit();
    }
    Path model = tmp.resolve("model");
    try (org.nphunt.data.EventSource src = org.nphunt.hdf5.EventFiles.open(file)) {
      assertEquals(DijetSchema.NAME, src.schema().name());
      TrainingJob.train(small(CHAMFER, 2), src, null, model, false, List.of(file), List.of()).close();
    }
    assertTrue(Files.exists(model.resolve(ModelFile.FILE_NAME)) && !Files.exists(model.resolve(TrainingJob.CHECKPOINT)));
    Path scores = tmp.resolve("scores.h5");
    try (LoadedModel m = LoadedModel.load(model);
        org.nphunt.data.EventSource src = org.nphunt.hdf5.EventFiles.open(file);
        ScoreFileWriter w = ScoreFileWriter.create(scores, m.scoreNames(), false)) {
      assertEquals(400, Scorer.score(m, src, w, 256));
      w.commit();
    }
    try (ScoreFileReader r = ScoreFileReader.open(scores); LoadedModel m = LoadedModel.load(model)) {
      assertEquals(ChamferVaeConfig.NAME, m.architecture().architecture());
      assertEquals(18, r.scoreNames().size());
      assertArrayEquals(m.score(qcd.slice(0, 400))[0], r.scores("total_min"), 0.0);
    }
  }

  /** Checkpoints exist after each epoch for the jet models too (the kill -9 test uses them). */
  @Test
  void checkpointsAreWrittenEveryEpoch(@TempDir Path tmp) {
    Path cp = tmp.resolve("cp");
    new Trainer(small(IMAGE, 2)).checkpointTo(cp).fit(new InMemoryEventSource(qcd.slice(0, 200), "qcd"), null).close();
    assertTrue(Files.exists(cp.resolve(CheckpointFile.STATE)));
    assertEquals(2, CheckpointFile.read(cp).state().epoch());
  }
}
