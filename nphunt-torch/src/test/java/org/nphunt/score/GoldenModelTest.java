package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nphunt.data.EventBatch;
import org.nphunt.json.Json;

/**
 * Model folders written by an earlier release keep loading and scoring the same (golden files in
 * {@code src/test/resources/golden/}, see the README there). Scores of the pure-Java path (dense, VAE)
 * agree within 1e-6 relative: the kernels since issue 17 use fused multiply-adds and another summation
 * order than the release's loops (float32 rounding, ~1e-7 relative per layer); the libtorch path (conv,
 * transformer) may differ in the last bits of float32 arithmetic, and {@code rnn-attention} (written and
 * scored through libtorch, {@code model-v3}) now scores on the fused Java kernels: within 1e-5.
 */
class GoldenModelTest {
  static Path golden(String version) throws Exception {
    return Path.of(GoldenModelTest.class.getResource("/golden/" + version + "/events.json").toURI()).getParent();
  }

  static EventBatch events(Path dir) throws Exception {
    JsonNode n = Json.mapper().readTree(Files.readString(dir.resolve("events.json")));
    int size = n.get("size").asInt();
    double[] p = new double[size * 76];
    for (int i = 0; i < p.length; i++) {
      p[i] = n.get("particles").get(i).asDouble();
    }
    return new EventBatch(p, size, null, null);
  }

  @ParameterizedTest
  @CsvSource({"model-v1, dense", "model-v1, vae", "model-v1, conv", "model-v1, transformer", "model-v2, dense",
      "model-v2, vae", "model-v3, rnn-attention"})
  void olderModelsLoadAndScoreAsTheyDid(String version, String architecture, @TempDir Path tmp) throws Exception {
    Path root = golden(version);
    Path dir = tmp.resolve(architecture); // a copy: loading must not need write access or change the folder
    Files.createDirectories(dir);
    for (String f : List.of("model.json", "weights.params")) {
      Files.copy(root.resolve(architecture).resolve(f), dir.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
    JsonNode expected = Json.mapper().readTree(Files.readString(root.resolve(architecture).resolve("expected_scores.json")));
    boolean javaPath = architecture.equals("dense") || architecture.equals("vae");
    try (LoadedModel m = LoadedModel.load(dir)) {
      assertNull(m.cost(), "no cost recorded before format version 3");
      double[][] s = m.score(events(root));
      int checked = 0;
      for (int i = 0; i < s.length; i++) {
        String name = m.scoreNames().get(i);
        String old = version.equals("model-v1") && name.equals(Scores.MAE_PT_MSE_ANGLES) ? "seed004" : name;
        JsonNode e = expected.get(old);
        assertTrue(e != null, "score " + name + " (" + old + ") missing from the golden file");
        for (int k = 0; k < s[i].length; k++) {
          double want = e.get(k).asDouble();
          double tol = javaPath ? 1e-6 * Math.abs(want) + 1e-12 : 1e-5 * Math.max(1, Math.abs(want));
          assertEquals(want, s[i][k], tol, architecture + " " + name + " event " + k);
          checked++;
        }
      }
      assertEquals(expected.size() * 16, checked, "every golden score compared");
    }
  }
}
