package org.nphunt.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.deploy.onnx.OnnxExport.Variant;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.TransformerAeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Reconstruction;
import org.nphunt.score.Scores;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The exported ONNX models run in ONNX Runtime (its CPU build from Maven Central) and give nphunt's own
 * numbers on the same raw events: standardised inputs, reconstruction, mu and every exported score,
 * within 1e-5 absolute for values of magnitude below 1 and 1e-5 relative above (|onnx - nphunt| <=
 * 1e-5 max(1, |nphunt|)). Models are trained for 1 epoch on 400 events with float32-exact
 * kinematics (so both runtimes read identical inputs) and realistic empty-slot patterns.
 */
class OnnxExportTest {
  private static final EventBatch TRAIN = TestEvents.random(400, 1, true, false);
  private static final EventBatch TEST = TestEvents.random(150, 2, true, false);
  private static final double TOL = 1e-5;

  private static TrainingResult train(TrainingConfig cfg) {
    return new Trainer(cfg.withEpochs(1).withBatchSize(128).withSeed(7)).fit(TestEvents.source(TRAIN, "train"), null);
  }

  /** The raw events as the graph input, float32 [N, 19, 4]. */
  private static float[] raw(EventBatch b) {
    double[] p = b.particles();
    float[] f = new float[b.size() * Adc2021.VALUES_PER_EVENT];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) p[i];
    }
    return f;
  }

  /** Runs the model in ONNX Runtime: output name -> flat float values. */
  static Map<String, float[]> run(byte[] model, float[] events, int n) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, float[]> out = new LinkedHashMap<>();
    try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(events), new long[] {n, Adc2021.SLOTS, Adc2021.FEATURES});
        OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT_NAME, in))) {
      for (var e : r) {
        FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  static Map<String, String> metadata(byte[] model) throws OrtException {
    try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
      return s.getMetadata().getCustomMetadata();
    }
  }

  private static void close(String what, double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
      worst = Math.max(worst, err);
      assertTrue(err <= TOL, what + "[" + i + "]: onnx " + actual[i] + ", nphunt " + expected[i]);
    }
    System.out.printf("onnx vs nphunt %-10s %5d values, worst |diff|/max(1,|nphunt|) = %.2e%n", what, expected.length, worst);
  }

  private static double[] score(LoadedModel m, double[][] scores, String name) {
    int k = m.scoreNames().indexOf(name);
    assertTrue(k >= 0, name + " in " + m.scoreNames());
    return scores[k];
  }

  /** Standardised inputs and the reconstruction (back in standardised units) against nphunt. */
  private static void checkInputsAndReconstruction(LoadedModel m, Map<String, float[]> onnx) {
    Standardizer std = (Standardizer) m.preprocessing();
    float[] x = new float[TEST.size() * Adc2021.INPUTS];
    std.apply(TEST, 0, TEST.size(), x, new float[TEST.size() * Adc2021.SLOTS], 0);
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xd[i] = x[i];
    }
    close("x", xd, onnx.get("x"));
    if (onnx.containsKey("recon")) {
      Reconstruction rec = m.reconstruct(TEST);
      float[] phys = new float[xd.length];
      double[] want = new double[xd.length];
      for (int i = 0; i < phys.length; i++) {
        int c = i % Adc2021.INPUTS;
        phys[i] = (float) std.physical(c, onnx.get("recon")[i]);
        want[i] = rec.outputs()[i];
      }
      close("recon", want, phys);
    }
  }

  private static Map<String, float[]> exportAndRun(LoadedModel m, Variant v) throws OrtException {
    OnnxExport.Result r = OnnxExport.export(m, "test-model", v, Map.of("nphunt.extra", "x"));
    assertEquals(OnnxExport.outputs(m.architecture().architecture(), v), r.outputs());
    Map<String, float[]> out = run(r.bytes(), raw(TEST), TEST.size());
    assertEquals(r.outputs(), List.copyOf(out.keySet()));
    Map<String, String> meta = metadata(r.bytes());
    assertEquals("test-model", meta.get("nphunt.model_name"));
    assertEquals(r.scoreName(), meta.get("nphunt.score"));
    assertEquals(OnnxExport.INPUT_DEFINITION, meta.get("nphunt.input"));
    assertEquals(org.nphunt.manifest.Manifest.nphuntVersion(), meta.get("nphunt.version"));
    assertTrue(meta.get("nphunt.preprocessing").startsWith("x[n, 3s+f] = "), meta.get("nphunt.preprocessing"));
    assertEquals("x", meta.get("nphunt.extra"));
    // output "score" repeats the primary score
    assertEquals(List.of(), diff(out.get(r.scoreName()), out.get("score")));
    return out;
  }

  private static List<Integer> diff(float[] a, float[] b) {
    List<Integer> d = new java.util.ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (Float.compare(a[i], b[i]) != 0) {
        d.add(i);
      }
    }
    return d;
  }

  @Test
  void denseAutoencoderMatchesNphuntScoring() throws OrtException {
    // the default, and one with BatchNorm (folded into the preceding layer), dropout (removed) and another slope
    for (DenseAeConfig arch : List.of(DenseAeConfig.defaults(), new DenseAeConfig(List.of(24, 12), 4, 0.1, true, 0.1))) {
      try (TrainingResult tr = train(TrainingConfig.defaults(arch))) {
        LoadedModel m = tr.model();
        Map<String, float[]> onnx = exportAndRun(m, Variant.FULL);
        checkInputsAndReconstruction(m, onnx);
        close(Scores.MSE, score(m, m.score(TEST), Scores.MSE), onnx.get(Scores.MSE));
      }
    }
  }

  @Test
  void vaeFullAndEncoderOnlyMatchNphuntScoring() throws OrtException {
    // every preprocessing option on: log(1+pT), masked reconstruction term, bounded outputs
    TrainingConfig cfg = TrainingConfig.defaults(VaeConfig.defaults()).withPreprocessing(true, true, true);
    try (TrainingResult tr = train(cfg)) {
      LoadedModel m = tr.model();
      double[][] s = m.score(TEST);
      double[][] mu = m.latent(TEST);
      double[] muFlat = java.util.Arrays.stream(mu).flatMapToDouble(java.util.Arrays::stream).toArray();

      Map<String, float[]> full = exportAndRun(m, Variant.FULL);
      checkInputsAndReconstruction(m, full);
      close("mu", muFlat, full.get("mu"));
      for (String name : List.of(Scores.MSE, Scores.VAE_KL, Scores.VAE_TOTAL, Scores.VAE_MU2)) {
        close(name, score(m, s, name), full.get(name));
      }

      Map<String, float[]> enc = exportAndRun(m, Variant.ENCODER_ONLY);
      assertEquals(List.of("x", "mu", Scores.VAE_MU2, "score"), List.copyOf(enc.keySet()));
      close("enc mu", muFlat, enc.get("mu"));
      close("enc mu2", score(m, s, Scores.VAE_MU2), enc.get(Scores.VAE_MU2));
    }
  }

  @Test
  void convAutoencoderMatchesNphuntScoring() throws OrtException {
    TrainingConfig cfg = TrainingConfig.defaults(ConvAeConfig.defaults()).withPreprocessing(true, false, true);
    try (TrainingResult tr = train(cfg)) {
      LoadedModel m = tr.model();
      Map<String, float[]> onnx = exportAndRun(m, Variant.FULL);
      checkInputsAndReconstruction(m, onnx);
      close(Scores.MSE, score(m, m.score(TEST), Scores.MSE), onnx.get(Scores.MSE));
    }
  }

  @Test
  void emptySlotsAreMaskedWhateverTheirValues() throws OrtException {
    try (TrainingResult tr = train(TrainingConfig.defaults(DenseAeConfig.defaults()).withPreprocessing(true, false, false))) {
      byte[] model = OnnxExport.export(tr.model(), "m", Variant.FULL, Map.of()).bytes();
      float[] clean = raw(TEST);
      float[] dirty = clean.clone();
      int changed = 0;
      for (int i = 0; i < dirty.length; i += Adc2021.FEATURES) {
        if (dirty[i + Adc2021.CLASS_ID] == 0f) {
          dirty[i] = Float.NaN;
          dirty[i + 1] = 1e30f;
          dirty[i + 2] = -7f;
          changed++;
        }
      }
      assertTrue(changed > 0);
      Map<String, float[]> a = run(model, clean, TEST.size());
      Map<String, float[]> b = run(model, dirty, TEST.size());
      for (String k : a.keySet()) {
        assertEquals(List.of(), diff(a.get(k), b.get(k)), k);
      }
    }
  }

  @Test
  void otherArchitecturesAreRefusedWithTheSupportedList() {
    var arch = TransformerAeConfig.defaults();
    TrainingConfig cfg = TrainingConfig.defaults(arch);
    Standardizer pre = Standardizer.identity(false);
    ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
    var block = arch.build();
    block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, LoadedModel.blockInputShapes(arch, pre, 1));
    try (LoadedModel m = LoadedModel.of(cfg, pre, block, manager, null, null)) {
      NphuntException e = assertThrows(NphuntException.class, () -> OnnxExport.export(m, "t", Variant.FULL, Map.of()));
      assertEquals("model 't' is a 'transformer' model; ONNX export supports dense, vae, conv", e.getMessage());
    }
  }

  @Test
  void encoderOnlyNeedsAVae() {
    try (TrainingResult tr = train(TrainingConfig.defaults(DenseAeConfig.defaults()))) {
      NphuntException e = assertThrows(NphuntException.class,
          () -> OnnxExport.export(tr.model(), "d", Variant.ENCODER_ONLY, Map.of()));
      assertFalse(e.getMessage().contains("\n"));
      assertTrue(e.getMessage().contains("needs a 'vae' model"), e.getMessage());
    }
  }
}
