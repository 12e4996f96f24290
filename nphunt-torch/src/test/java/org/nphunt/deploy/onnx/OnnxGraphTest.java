package org.nphunt.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.UnknownFieldSet;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The graph builder and the onnx.proto encoding on a hand-computed graph. */
class OnnxGraphTest {
  /** y = LeakyReLU_0.5(x W^T + b), W = [[1, 2], [-3, 0]], b = [0.5, 1]. */
  private static byte[] tiny() {
    OnnxGraph g = new OnnxGraph("tiny");
    g.input("x", "two values", "N", 2);
    String y = g.node("Gemm", null, List.of(OnnxGraph.attr("transB", 1L)), "x",
        g.constant("W", new float[] {1, 2, -3, 0}, 2, 2), g.constant("b", new float[] {0.5f, 1}, 2));
    y = g.node("LeakyRelu", "y", List.of(OnnxGraph.attr("alpha", 0.5f)), y);
    g.output(y, "result", "N", 2);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("k", "v");
    return OnnxProto.model(g.toProto("doc"), "1.2.3", "doc", meta);
  }

  @Test
  void handComputedGraphRunsInOnnxRuntime() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(tiny(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, 1, 2, -1}), new long[] {2, 2});
        OrtSession.Result r = s.run(Map.of("x", in))) {
      // event 1: (1 + 2 + 0.5, -3 + 1) = (3.5, -2) -> (3.5, -1); event 2: (2 - 2 + 0.5, -6 + 1) -> (0.5, -2.5)
      float[][] y = (float[][]) r.get("y").get().getValue();
      assertArrayEquals(new float[] {3.5f, -1f}, y[0]);
      assertArrayEquals(new float[] {0.5f, -2.5f}, y[1]);
      assertEquals(Map.of("k", "v"), s.getMetadata().getCustomMetadata());
      assertEquals("nphunt", s.getMetadata().getProducerName());
    }
  }

  @Test
  void modelProtoFieldsByTheirOnnxProtoNumbers() throws Exception {
    UnknownFieldSet m = UnknownFieldSet.parseFrom(tiny());
    assertEquals(List.of(8L), m.getField(1).getVarintList()); // ir_version
    UnknownFieldSet opset = UnknownFieldSet.parseFrom(m.getField(8).getLengthDelimitedList().get(0));
    assertEquals(List.of(17L), opset.getField(2).getVarintList()); // opset_import.version
    assertEquals("nphunt", m.getField(2).getLengthDelimitedList().get(0).toStringUtf8()); // producer_name
    UnknownFieldSet entry = UnknownFieldSet.parseFrom(m.getField(14).getLengthDelimitedList().get(0));
    assertEquals("k", entry.getField(1).getLengthDelimitedList().get(0).toStringUtf8());
    UnknownFieldSet graph = UnknownFieldSet.parseFrom(m.getField(7).getLengthDelimitedList().get(0));
    assertEquals(2, graph.getField(1).getLengthDelimitedList().size()); // two nodes
    assertEquals(2, graph.getField(5).getLengthDelimitedList().size()); // two initializers
    UnknownFieldSet w = UnknownFieldSet.parseFrom(graph.getField(5).getLengthDelimitedList().get(0));
    assertEquals(List.of(2L, 2L), w.getField(1).getVarintList()); // dims
    assertEquals(List.of((long) OnnxProto.FLOAT), w.getField(2).getVarintList()); // data_type
    // raw_data: little-endian float32 1, 2, -3, 0
    byte[] raw = w.getField(9).getLengthDelimitedList().get(0).toByteArray();
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, (byte) 0xc0, 0, 0, 0, 0}, raw);
  }

  @Test
  void undefinedValuesAndWrongShapesFailInTheBuilder() {
    OnnxGraph g = new OnnxGraph("bad");
    g.input("x", null, "N", 2);
    assertEquals("ONNX node Relu reads 'z', which is not defined yet",
        assertThrows(IllegalArgumentException.class, () -> g.node("Relu", "z")).getMessage());
    assertEquals("ONNX output 'q' is not computed by the graph",
        assertThrows(IllegalArgumentException.class, () -> g.output("q", null, "N")).getMessage());
    assertEquals("tensor W_1: 3 values do not fill the shape [2, 2]",
        assertThrows(IllegalArgumentException.class, () -> g.constant("W", new float[3], 2, 2)).getMessage());
  }
}
