package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * One-time set-up of the libtorch runtime behind DJL.
 *
 * <p>libtorch prints, once per process, "Warning: AutoNonVariableTypeMode is deprecated ... risk of
 * producing silent wrong result" the first time DJL copies Java values into an array
 * ({@code NDArray.set}): the deprecated guard is DJL's, the warning is not about nphunt's use, and no
 * environment variable of this libtorch build silences it. {@link #init()} triggers that first copy
 * while the process's native standard error points at /dev/null (libc dup/dup2 through JNA), then
 * restores it, so users see nphunt's own output only. Where that is not possible (no libc, no JNA) the
 * warm-up still runs and the warning simply appears.
 *
 * <p><b>Convolution check.</b> On some AVX-512 machines (measured on this project's AMD EPYC VMs,
 * 2026-12-01) libtorch 2.7.1's oneDNN (v3.7.1) computes 2-d convolutions wrongly when the input channels
 * are not a multiple of the channel block (16 with AVX-512, 8 with AVX2): e.g. 20 -> 7 channels, 3x3, on a
 * 7x3 image and a batch of 150 gave errors of 8.8 on outputs of size ~10, and the backward pass NaN
 * gradients; 16, 32 and 48 channels and a batch of 1 were right. {@link #init()} therefore runs such a
 * convolution once and compares it with a direct sum in double precision; when libtorch is wrong it turns
 * libtorch's oneDNN off ({@code at::globalContext().setUserEnabledMkldnn(false)}, what
 * {@code torch.backends.mkldnn.enabled = False} does in Python, through JNA), so convolutions take ATen's
 * own kernels, and checks again. {@link #convolutionNote()} says what was found; a libtorch whose
 * convolution stays wrong makes {@link #requireExactConvolution(String)} refuse, one line naming the
 * error, instead of training or scoring garbage.
 */
public final class TorchRuntime {
  private static boolean initialised;

  private TorchRuntime() {}

  /** The libc calls used to park standard error. */
  interface CLib extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  /** Idempotent; call before the first DJL operation of a command (Trainer and LoadedModel do). */
  public static synchronized void init() {
    if (initialised) {
      return;
    }
    initialised = true;
    CLib c = null;
    int saved = -1;
    try {
      c = Native.load("c", CLib.class);
      int devNull = c.open("/dev/null", 1); // O_WRONLY
      if (devNull >= 0) {
        System.err.flush();
        saved = c.dup(2);
        c.dup2(devNull, 2);
        c.close(devNull);
      }
    } catch (Throwable e) {
      c = null; // not Linux, or no JNA: the warning is harmless
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.zeros(new ai.djl.ndarray.types.Shape(1));
      a.set(new float[] {0f}); // the copy that prints the warning, once per process
      checkConvolution(m); // inside the parked window: ATen prints an NNPACK warning when oneDNN is off
    } finally {
      if (c != null && saved >= 0) {
        System.err.flush();
        c.dup2(saved, 2);
        c.close(saved);
      }
    }
    if (convolutionNote != null) {
      org.nphunt.manifest.RuntimeNotes.add("libtorch: " + convolutionNote); // into every later manifest
    }
  }

  /** Relative error above which a convolution is wrong (float32 rounding of these sums is ~1e-6). */
  private static final double CONVOLUTION_TOLERANCE = 1e-3;
  private static volatile String convolutionNote;
  private static volatile String convolutionFault;

  /**
   * What the convolution check found: null when libtorch's convolution was right as shipped, else a
   * sentence saying what was wrong and what was done. Call after {@link #init()}.
   */
  public static String convolutionNote() {
    return convolutionNote;
  }

  /**
   * Throws a one-line {@link org.nphunt.NphuntException} when libtorch's 2-d convolution is wrong on this
   * machine even with oneDNN off ({@code what} names the model or step that needed it); runs
   * {@link #init()} first.
   */
  public static void requireExactConvolution(String what) {
    init();
    if (convolutionFault != null) {
      throw new org.nphunt.NphuntException(what + " needs libtorch's 2-d convolution, which is wrong on this machine: "
          + convolutionFault);
    }
  }

  private static void checkConvolution(NDManager m) {
    double err = convolutionError(m);
    if (err <= CONVOLUTION_TOLERANCE) {
      return;
    }
    String first = String.format(java.util.Locale.ROOT, "a 20 -> 7 channel 3x3 convolution was off by %.3g relative",
        err);
    if (!disableMkldnn()) {
      convolutionFault = first + " (oneDNN could not be turned off)";
      convolutionNote = convolutionFault;
      return;
    }
    double again = convolutionError(m);
    if (again <= CONVOLUTION_TOLERANCE) {
      convolutionNote = first + " with libtorch's oneDNN; oneDNN turned off, ATen's kernels are right ("
          + String.format(java.util.Locale.ROOT, "%.2g", again) + ")";
    } else {
      convolutionFault = first + String.format(java.util.Locale.ROOT, ", and %.3g with oneDNN off", again);
      convolutionNote = convolutionFault;
    }
  }

  /**
   * Largest |libtorch - exact| / max|exact| of a 20 -> 7 channel 3x3 convolution (padding 1) of a
   * (64, 20, 7, 3) input: the shape class that oneDNN got wrong (channels not a multiple of its block,
   * batch > 1), with deterministic inputs.
   */
  static double convolutionError(NDManager manager) {
    int n = 64;
    int cin = 20;
    int cout = 7;
    int h = 7;
    int w = 3;
    java.util.SplittableRandom r = new java.util.SplittableRandom(20261201);
    float[] x = new float[n * cin * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    float[] k = new float[cout * cin * 9];
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) (r.nextDouble() * 2 - 1);
    }
    float[] y;
    try (NDManager s = manager.newSubManager()) {
      NDArray in = Tensors.owned(s, x, new ai.djl.ndarray.types.Shape(n, cin, h, w));
      NDArray kernel = Tensors.owned(s, k, new ai.djl.ndarray.types.Shape(cout, cin, 3, 3));
      y = ai.djl.nn.convolutional.Conv2d.conv2d(in, kernel, null, new ai.djl.ndarray.types.Shape(1, 1),
          new ai.djl.ndarray.types.Shape(1, 1), new ai.djl.ndarray.types.Shape(1, 1), 1).head().toFloatArray();
    }
    double worst = 0;
    double scale = 0;
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double sum = 0;
            for (int c = 0; c < cin; c++) {
              for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) {
                  int ii = i + u - 1;
                  int jj = j + v - 1;
                  if (ii >= 0 && ii < h && jj >= 0 && jj < w) {
                    sum += (double) x[((b * cin + c) * h + ii) * w + jj] * k[((o * cin + c) * 3 + u) * 3 + v];
                  }
                }
              }
            }
            double got = y[((b * cout + o) * h + i) * w + j];
            worst = Math.max(worst, Double.isFinite(got) ? Math.abs(got - sum) : Double.POSITIVE_INFINITY);
            scale = Math.max(scale, Math.abs(sum));
          }
        }
      }
    }
    return worst / Math.max(scale, 1e-30);
  }

  /** Turns libtorch's oneDNN off through its C++ API (JNA); false when the library or symbols are not found. */
  private static boolean disableMkldnn() {
    try {
      String lib = null;
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
        if (line.endsWith("/libtorch_cpu.so")) {
          lib = line.substring(line.indexOf('/'));
          break;
        }
      }
      if (lib == null) {
        return false;
      }
      com.sun.jna.NativeLibrary torch = com.sun.jna.NativeLibrary.getInstance(lib);
      com.sun.jna.Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
      torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, Boolean.FALSE});
      return (torch.getFunction("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {context}) & 0xff) == 0;
    } catch (Throwable e) {
      return false;
    }
  }
}
