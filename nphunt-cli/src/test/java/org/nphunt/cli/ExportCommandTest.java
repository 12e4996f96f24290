package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.model.TransformerAeConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;

/** {@code nphunt export}: the written file runs in ONNX Runtime with nphunt's scores; errors and exit codes. */
class ExportCommandTest {
  @Test
  void exportsADenseModelThatOnnxRuntimeScoresLikeNphunt(@TempDir Path tmp) throws Exception {
    Path train = TrainScoreCommandTest.file(tmp, "train.h5", 600, 1, 0);
    Path test = TrainScoreCommandTest.file(tmp, "test.h5", 100, 2, 0);
    Path model = tmp.resolve("dense-model");
    Cli.Run t = Cli.run("train", "--model", "dense", "--train", train.toString(), "--out", model.toString(), "--epochs", "1",
        "--batch", "256", "--seed", "5");
    assertEquals(0, t.code(), t.err());
    Path onnx = tmp.resolve("out").resolve("model.onnx");
    Files.createDirectories(onnx.getParent());
    Cli.Run e = Cli.run("export", "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().startsWith("wrote " + onnx + " (dense, "), e.out());
    assertTrue(e.out().contains("outputs x, recon, mse, score; score = mse"), e.out());
    // only the file: the temporary name was renamed
    try (var files = Files.list(onnx.getParent())) {
      assertEquals(List.of(onnx), files.toList());
    }

    EventBatch events;
    try (Hdf5EventReader r = Hdf5EventReader.open(test)) {
      events = r.read(0, (int) r.size());
    }
    int n = events.size();
    double[] mse;
    try (LoadedModel m = LoadedModel.load(model)) {
      mse = m.score(events)[m.scoreNames().indexOf("mse")];
    }
    float[] raw = new float[n * Adc2021.VALUES_PER_EVENT];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) events.particles()[i];
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), new long[] {n, 19, 4});
        OrtSession.Result res = s.run(Map.of("events", in))) {
      Map<String, String> meta = s.getMetadata().getCustomMetadata();
      assertEquals("dense-model", meta.get("nphunt.model_name"));
      assertEquals("mse", meta.get("nphunt.score"));
      ObjectNode manifest = (ObjectNode) org.nphunt.json.Json.mapper().readTree(meta.get("nphunt.manifest"));
      assertEquals("export", manifest.get("command").asText());
      assertEquals(2, manifest.get("inputs").size());
      float[] score = ((float[]) res.get("score").get().getValue());
      for (int i = 0; i < n; i++) {
        // the events are float64 in the file, float32 in the graph: 1e-5 of max(1, |mse|)
        assertEquals(mse[i], score[i], 1e-5 * Math.max(1, Math.abs(mse[i])), "event " + i);
      }
    }

    // refuses to overwrite, then replaces with --force
    Cli.Run again = Cli.run("export", "--model", model.toString(), "--out", onnx.toString());
    assertEquals(1, again.code());
    assertEquals("nphunt: error: " + onnx + " already exists (use --force to replace it)", again.err().strip());
    assertEquals(0, Cli.run("export", "--model", model.toString(), "--out", onnx.toString(), "--force").code());
    // --force replaces only an earlier export: never the model's own files, never someone's data
    Path modelJson = model.resolve("model.json");
    String jsonBefore = Files.readString(modelJson);
    Cli.Run intoModel = Cli.run("export", "--model", model.toString(), "--out", modelJson.toString(), "--force");
    assertEquals(1, intoModel.code());
    assertTrue(intoModel.err().contains("is also an input of this command"), intoModel.err());
    assertEquals(jsonBefore, Files.readString(modelJson));
    Path notes = tmp.resolve("notes.txt");
    Files.writeString(notes, "my notes");
    Cli.Run onNotes = Cli.run("export", "--model", model.toString(), "--out", notes.toString(), "--force");
    assertEquals(1, onNotes.code());
    assertTrue(onNotes.err().contains("is not an ONNX file written by nphunt export"), onNotes.err());
    assertEquals("my notes", Files.readString(notes));

    // usage errors: exit 2, one line
    Cli.Run fmt = Cli.run("export", "--model", model.toString(), "--format", "tflite", "--out", tmp.resolve("x").toString());
    assertEquals(2, fmt.code());
    assertEquals(1, fmt.err().strip().lines().count(), fmt.err());
    assertTrue(fmt.err().contains("--format must be onnx, found tflite"), fmt.err());
    assertEquals(2, Cli.run("export", "--model", model.toString()).code());

    // data errors: exit 1, one line
    Cli.Run enc = Cli.run("export", "--model", model.toString(), "--encoder-only", "--out", tmp.resolve("e.onnx").toString());
    assertEquals(1, enc.code());
    assertEquals(1, enc.err().strip().lines().count(), enc.err());
    assertTrue(enc.err().contains("the encoder-only export (vae_mu2) needs a 'vae' model"), enc.err());
    assertFalse(Files.exists(tmp.resolve("e.onnx")));

    // a transformer's model.json: refused before its weights are read, naming the supported kinds
    Path tr = tmp.resolve("transformer-model");
    Files.createDirectories(tr);
    var mapper = Architectures.mapper();
    ObjectNode json = (ObjectNode) mapper.readTree(Files.readString(model.resolve(ModelFile.FILE_NAME)));
    ((ObjectNode) json.get("training")).set("architecture",
        mapper.readTree(mapper.writerFor(ArchitectureConfig.class).writeValueAsString(TransformerAeConfig.defaults())));
    Files.writeString(tr.resolve(ModelFile.FILE_NAME), mapper.writeValueAsString(json));
    Cli.Run un = Cli.run("export", "--model", tr.toString(), "--out", tmp.resolve("t.onnx").toString());
    assertEquals(1, un.code(), un.err());
    assertEquals("nphunt: error: " + tr + ": a 'transformer' model cannot be exported; ONNX export supports dense, vae,"
        + " conv", un.err().strip());
    assertFalse(Files.exists(tmp.resolve("t.onnx")));
  }
}
