package org.nphunt.preprocess;

import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nphunt.data.ObjectType;
import org.nphunt.model.Tensors;

/**
 * Optional bounded reconstruction of the angles, as the trigger-autoencoder papers do
 * (arXiv:2108.03986): in physical units eta = a*tanh(r) with the acceptance a of the object type
 * (electrons 3.0, muons 2.1, jets 4.0) and phi = pi*tanh(r), where r is the network's raw output.
 *
 * <p>Consistency with standardisation: the bound is applied in physical units and the result is
 * standardised with the model's own statistics, so the loss still compares standardised values:
 * {@code z = (a*tanh(r) - mean_c) / std_c = tanh(r) * (a/std_c) - mean_c/std_c}. pT columns and MET's
 * eta (always 0) stay linear. Disabled, the head is the identity.
 */
public final class OutputBounds {
  public static final double ELECTRON_ETA = 3.0;
  public static final double MUON_ETA = 2.1;
  public static final double JET_ETA = 4.0;

  private final boolean enabled;
  /** 1 where the output stays linear. */
  private final float[] keep = new float[INPUTS];
  /** a_c / std_c on bounded columns, else 0. */
  private final float[] scale = new float[INPUTS];
  /** mean_c / std_c on bounded columns, else 0. */
  private final float[] shift = new float[INPUTS];

  public OutputBounds(boolean enabled, Standardizer std) {
    this.enabled = enabled;
    for (int c = 0; c < INPUTS; c++) {
      int slot = c / KINEMATIC;
      int f = c % KINEMATIC;
      double a = 0;
      if (f == 1) {
        ObjectType t = ObjectType.ofSlot(slot);
        a = switch (t) {
          case ELECTRON -> ELECTRON_ETA;
          case MUON -> MUON_ETA;
          case JET -> JET_ETA;
          case MET -> 0;
        };
      } else if (f == 2) {
        a = Math.PI;
      }
      if (enabled && a > 0) {
        scale[c] = (float) (a / std.std()[c]);
        shift[c] = (float) (std.mean()[c] / std.std()[c]);
      } else {
        keep[c] = 1f;
      }
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Copies the head's per-input coefficients (57 each) so that other runtimes (the ONNX export) apply
   * the same formula {@code r' = r keep + tanh(r) scale - shift}: keep is 1 on linear columns (all of
   * them when disabled), scale = a_c / std_c and shift = mean_c / std_c on bounded columns, else 0.
   */
  public void coefficients(float[] keepOut, float[] scaleOut, float[] shiftOut) {
    System.arraycopy(keep, 0, keepOut, 0, INPUTS);
    System.arraycopy(scale, 0, scaleOut, 0, INPUTS);
    System.arraycopy(shift, 0, shiftOut, 0, INPUTS);
  }

  private NDManager cachedOn;
  private NDArray[] cached;

  /**
   * Applies the head to a (B,57) raw output; returns the input itself when disabled. The constants
   * are created once on {@code constants}, which must outlive the calls (e.g. the model's manager).
   */
  public NDArray apply(NDArray raw, NDManager constants) {
    if (!enabled) {
      return raw;
    }
    if (cachedOn != constants) {
      Shape row = new Shape(INPUTS);
      cached = new NDArray[] {Tensors.owned(constants, keep, row), Tensors.owned(constants, scale, row),
          Tensors.owned(constants, shift, row)};
      cachedOn = constants;
    }
    return raw.mul(cached[0]).add(raw.tanh().mul(cached[1])).sub(cached[2]);
  }

  /** Applies the head in place to rows of a float array (the pure-Java path; same formula). */
  public void apply(float[] out, int offset, int rows) {
    if (!enabled) {
      return;
    }
    for (int r = 0; r < rows; r++) {
      int o = offset + r * INPUTS;
      for (int c = 0; c < INPUTS; c++) {
        float v = out[o + c];
        out[o + c] = v * keep[c] + (float) Math.tanh(v) * scale[c] - shift[c];
      }
    }
  }
}
