package org.nphunt.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {
  @Test
  void maskedLossIgnoresEmptySlots() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] x = new float[2 * 57];
      float[] r = new float[2 * 57];
      float[] mask = new float[2 * 57];
      // event 0: MET real with errors 1, 2, 0; event 1: MET real, error 3 in pT; an empty jet slot
      // of event 1 reconstructed with error 10, which only the unmasked loss sees
      r[0] = 1;
      r[1] = 2;
      r[57] = 3;
      r[57 + 27] = 10;
      for (int c = 0; c < 3; c++) {
        mask[c] = 1;
        mask[57 + c] = 1;
      }
      NDArray xs = m.create(x, new Shape(2, 57));
      NDArray rs = m.create(r, new Shape(2, 57));
      assertEquals((1 + 4 + 9 + 100) / 114.0, Losses.reconstruction(rs, xs, null, null).getFloat(), 1e-6);
      assertEquals((1 + 4 + 9) / 6.0, Losses.reconstruction(rs, xs, m.create(mask, new Shape(2, 57)), m.create(6f)).getFloat(), 1e-6);
      assertEquals((1 + 4 + 9 + 100) / 2.0, Losses.reconstructionPerEvent(rs, xs, null, 2).getFloat(), 1e-5);
      assertEquals((1 + 4 + 9) / 2.0, Losses.reconstructionPerEvent(rs, xs, m.create(mask, new Shape(2, 57)), 2).getFloat(), 1e-6);
    }
  }

  @Test
  void klOfAStandardNormalIsZeroAndMatchesTheClosedForm() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mu = m.create(new float[] {0, 0, 1, 2}, new Shape(2, 2));
      NDArray lv = m.create(new float[] {0, 0, 0, (float) Math.log(4)}, new Shape(2, 2));
      double event1 = -0.5 * ((1 + 0 - 1 - 1) + (1 + Math.log(4) - 4 - 4));
      assertEquals(event1 / 2, Losses.kl(mu, lv).getFloat(), 1e-6);
      assertEquals(0.2 * 3 + 0.8 * 5, Losses.vae(m.create(3f), m.create(5f), 0.8).getFloat(), 1e-6);
    }
  }
}
