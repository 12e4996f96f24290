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
    } finally {
      if (c != null && saved >= 0) {
        System.err.flush();
        c.dup2(saved, 2);
        c.close(saved);
      }
    }
  }
}
