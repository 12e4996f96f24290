package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {
  @Test
  void everyArchitectureMapsB57ToB57() {
    for (String name : Architectures.names(org.nphunt.data.Adc2021Schema.NAME)) {
      ArchitectureConfig cfg = Architectures.defaults(name);
      try (NDManager m = NDManager.newBaseManager()) {
        Block b = cfg.build();
        b.initialize(m, DataType.FLOAT32, new Shape(5, 57), new Shape(5, 19));
        NDList in = new NDList(m.randomNormal(new Shape(5, 57)), m.ones(new Shape(5, 19)));
        if (cfg.variational()) {
          in.add(m.randomNormal(new Shape(5, cfg.latentDim()))); // the training noise eps
        }
        NDList out = b.forward(new ParameterStore(m, false), in, true);
        assertEquals(new Shape(5, 57), out.get(0).getShape(), name);
        assertEquals(cfg.variational() ? 3 : 1, out.size(), name);
        if (cfg.variational()) {
          assertEquals(new Shape(5, cfg.latentDim()), out.get(1).getShape());
        }
      }
    }
  }

  @Test
  void configsRoundTripWithTheirTypeTag() throws Exception {
    var mapper = Architectures.mapper();
    for (String name : Architectures.names()) {
      ArchitectureConfig cfg = Architectures.defaults(name);
      String json = mapper.writerFor(ArchitectureConfig.class).writeValueAsString(cfg);
      assertTrue(json.contains("\"type\" : \"" + name + "\""), json);
      assertEquals(cfg, mapper.readValue(json, ArchitectureConfig.class));
    }
    Exception e = assertThrows(Exception.class,
        () -> mapper.readValue("{\"type\":\"dense\",\"hidden\":[32],\"latentDim\":0,\"leakySlope\":0.3,"
            + "\"batchNorm\":false,\"dropout\":0}", ArchitectureConfig.class));
    assertTrue(String.valueOf(e.getCause()).contains("latentDim must be in 1..512, found 0"), e.toString());
  }

  @Test
  void architecturesAreListedBySchema() {
    assertEquals(java.util.List.of("dense", "vae", "conv", "transformer", "rnn-attention"), Architectures.names("adc2021"));
    assertEquals(java.util.List.of("chamfer-vae", "jet-image-ae", "decorrelated", "lola-ae"), Architectures.names("dijet"));
    assertEquals(java.util.List.of(), Architectures.names("particles"));
  }

  @Test
  void unknownArchitectureNamesTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.defaults("lstm"));
    assertEquals("model must be one of " + Architectures.names() + ", found lstm", e.getMessage());
  }

  @Test
  void denseDefaultsAreTheSeedLayout() {
    DenseAeConfig d = DenseAeConfig.defaults();
    assertArrayEquals(new Object[] {32, 16}, d.hidden().toArray());
    assertEquals(3, d.latentDim());
    assertEquals(0.3, d.leakySlope());
  }
}
