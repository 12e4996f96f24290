package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nphunt.json.Json;

/**
 * The conv and transformer autoencoders against the same networks written in PyTorch (issue 17): the
 * fixtures {@code torchref/{conv,transformer}.json} hold seeded parameters by DJL name, 32 events of
 * standardised inputs with random empty slots (slot 0 empty in some, which the transformer treats as
 * real) and PyTorch's per-event mse, made by {@code nphunt-bench/src/main/python/speed/make_torch_fixtures.py}
 * (torch.nn.functional forward of kernel_reference.ParamNet). nphunt's block with those parameters must
 * give the same mse within 1e-5 relative.
 */
class TorchReferenceTest {
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"conv", "transformer"})
  void mseAgreesWithThePytorchReference(String arch) throws IOException {
    JsonNode doc;
    try (InputStream in = TorchReferenceTest.class.getResourceAsStream("torchref/" + arch + ".json")) {
      assertNotNull(in, "fixture torchref/" + arch + ".json");
      doc = Json.mapper().readTree(in);
    }
    JsonNode c = doc.path("config");
    Block block = arch.equals("conv")
        ? new ConvAeConfig(c.path("latentDim").asInt(), c.path("filters1").asInt(), c.path("filters2").asInt(),
            c.path("negativeSlope").asDouble()).build()
        : new TransformerAeConfig(c.path("latentDim").asInt(), c.path("embedDim").asInt(), c.path("heads").asInt(),
            c.path("encoderLayers").asInt(), c.path("decoderLayers").asInt(), c.path("ffDim").asInt(),
            c.path("dropout").asDouble()).build();
    float[] x = floats(doc.path("x"));
    float[] mask = floats(doc.path("mask"));
    double[] mse = new double[doc.path("mse").size()];
    for (int i = 0; i < mse.length; i++) {
      mse[i] = doc.path("mse").get(i).asDouble();
    }
    int n = mse.length;
    int inputs = ConvTransformerFixtures.N;
    try (NDManager m = NDManager.newBaseManager()) {
      ConvTransformerFixtures.initialise(block, m, n, 1);
      Set<String> used = new HashSet<>();
      for (var p : block.getParameters()) {
        // DJL names a child's parameters "<2-digit index><child>_<parameter>"; the fixture drops the indices
        String name = p.getKey().replaceAll("(^|_)\\d\\d(?=[A-Za-z])", "$1");
        JsonNode ref = doc.path("params").path(name);
        assertTrue(ref.isObject(), arch + ": no reference parameter " + name + " (" + p.getKey() + ")");
        long[] shape = new long[ref.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = ref.path("shape").get(i).asLong();
        }
        assertEquals(new Shape(shape), p.getValue().getArray().getShape(), name);
        Tensors.assign(p.getValue().getArray(), floats(ref.path("values")));
        used.add(name);
      }
      assertEquals(doc.path("params").size(), used.size(), "every reference parameter is one of the block's");
      NDList in = new NDList(Tensors.owned(m, x, new Shape(n, inputs)),
          Tensors.owned(m, mask, new Shape(n, ConvTransformerFixtures.S)));
      float[] recon = ConvTransformerFixtures.forward(block, m, in, false);
      double[] mine = new double[n];
      for (int e = 0; e < n; e++) {
        double s = 0;
        for (int k = 0; k < inputs; k++) {
          double d = (double) recon[e * inputs + k] - x[e * inputs + k];
          s += d * d;
        }
        mine[e] = s / inputs;
      }
      for (int e = 0; e < n; e++) {
        assertTrue(mse[e] > 0.01, "event " + e + ": the reference mse is not trivial, " + mse[e]);
        double rel = Math.abs(mine[e] - mse[e]) / mse[e];
        assertTrue(rel <= TOLERANCE, arch + " event " + e + ": nphunt mse " + mine[e] + ", PyTorch " + mse[e]
            + ", relative difference " + rel);
      }
    }
  }

  private static float[] floats(JsonNode a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }
}
