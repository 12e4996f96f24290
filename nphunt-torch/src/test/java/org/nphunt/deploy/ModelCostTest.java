package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.nphunt.json.Json;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.TransformerAeConfig;

/** Multiply-accumulates of the conv and transformer autoencoders: hand counts and PyTorch's profiler. */
class ModelCostTest {
  @Test
  void convMacsByHandOnATinyConfig() {
    // latent 2, F1 3, F2 5 on the 19 x 3 image:
    // conv1 3x19x3 outputs x 1x3x3 = 1539; conv2 5x7x3 x 3x3x1 = 945; flatten 45 -> 2 = 90; 2 -> 45 = 90;
    // decoder conv 3x7x3 x 5x3x3 = 2835; output conv 1x19x3 x 3x3x3 = 1539
    ConvAeConfig c = new ConvAeConfig(2, 3, 5, 0.1);
    assertEquals(1539 + 945 + 90 + 90 + 2835 + 1539, ModelCost.convMacs(c));
    assertEquals(7038, ModelCost.of(c.build(), null).macs());
    assertNull(ModelCost.of(c.build(), null).trigger());
  }

  @Test
  void transformerMacsByHandOnATinyConfig() {
    // T 19, d 4, f 6, latent 2, one encoder and one decoder layer; per layer:
    // QKV 19x4x12 = 912, QK^T 19x19x4 = 1444, attention x V 1444, output projection 19x4x4 = 304,
    // feed-forward 19x4x6 + 19x6x4 = 912: 5016; embedding 19x3x4 = 228; bottleneck 4x2 + 2x4 = 16; head 19x4x3 = 228
    TransformerAeConfig c = new TransformerAeConfig(2, 4, 2, 1, 1, 6, 0.0);
    assertEquals(228 + 2 * (912 + 1444 + 1444 + 304 + 912) + 16 + 228, ModelCost.transformerMacs(c, 19));
    assertEquals(10504, ModelCost.of(c.build(), null).macs());
    // fewer objects: one token (no attention mixing): QKV 48, QK^T 4, AV 4, out 16, ff 48 per layer
    assertEquals(12 + 2 * (48 + 4 + 4 + 16 + 48) + 16 + 12, ModelCost.transformerMacs(c, 1));
    assertThrows(IllegalArgumentException.class, () -> ModelCost.transformerMacs(c, 0));
  }

  @Test
  void agreeWithPyTorchsProfilerFlops() throws Exception {
    // nphunt-bench/src/main/python/torch_flops.py: the same networks in PyTorch, conv2d/addmm/bmm FLOPs = 2 x MACs
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/deploy/torch_flops.json")) {
      root = Json.mapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode c : root.get("cases")) {
      JsonNode k = c.get("config");
      long macs = c.get("architecture").asText().equals("conv")
          ? ModelCost.convMacs(new ConvAeConfig(k.get("latentDim").asInt(), k.get("filters1").asInt(),
              k.get("filters2").asInt(), 0.1))
          : ModelCost.transformerMacs(new TransformerAeConfig(k.get("latentDim").asInt(), k.get("embedDim").asInt(),
              k.get("heads").asInt(), k.get("encoderLayers").asInt(), k.get("decoderLayers").asInt(),
              k.get("ffDim").asInt(), 0.0), c.get("tokens").asInt());
      assertEquals(c.get("flops").asLong(), 2 * macs, c.toString());
      checked++;
    }
    assertEquals(4, checked);
    // the defaults: 150,048 and 719,168 MACs per event
    assertEquals(150_048, ModelCost.convMacs(ConvAeConfig.defaults()));
    assertEquals(719_168, ModelCost.transformerMacs(TransformerAeConfig.defaults(), 19));
  }
}
