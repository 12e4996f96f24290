package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class TorchRuntimeTest {

  /**
   * After {@link TorchRuntime#init()} libtorch's 2-d convolution agrees with a direct double-precision sum
   * on the shape class oneDNN 3.7.1 got wrong on AVX-512 machines (channels not a multiple of 16, batch >
   * 1): as shipped where it is right, with oneDNN turned off where it was not.
   */
  @Test
  void convolutionIsRightAfterInit() {
    TorchRuntime.init();
    String note = TorchRuntime.convolutionNote();
    try (NDManager m = NDManager.newBaseManager()) {
      double err = TorchRuntime.convolutionError(m);
      assertTrue(err < 1e-5, "relative error " + err + "; check: " + note);
    }
    assertTrue(note == null || note.contains("oneDNN turned off"), note);
    assertDoesNotThrow(() -> TorchRuntime.requireExactConvolution("test"));
    // what was done is in every manifest made after it (and nothing is claimed where nothing was done)
    java.util.List<String> notes = org.nphunt.manifest.Manifest.create("test", null, null, java.util.List.of())
        .runtimeNotes();
    assertTrue(note == null ? notes.stream().noneMatch(n -> n.startsWith("libtorch:"))
        : notes.contains("libtorch: " + note), notes.toString());
  }
}
