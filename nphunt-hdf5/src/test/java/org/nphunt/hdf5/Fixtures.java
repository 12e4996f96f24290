package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;

/** Locates /work/shared fixtures and builds valid synthetic events for tests. */
public final class Fixtures {
  private Fixtures() {}

  /** The shared directory, or skips the test with a clear message. */
  public static Path shared() {
    List<String> candidates = new ArrayList<>();
    String prop = System.getProperty("nphunt.shared");
    if (prop != null) {
      candidates.add(prop);
    }
    candidates.addAll(List.of("../shared", "../../shared", "/work/shared"));
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isDirectory(p.resolve("fixtures"))) {
        return p;
      }
    }
    assumeTrue(false, "shared fixtures not found (tried " + candidates + "); skipping");
    return null;
  }

  public static Path h5pyFixture() {
    return shared().resolve("fixtures/adc2021_layout_h5py.h5");
  }

  /**
   * {@code n} valid events with pseudo-random kinematics (seeded), empty slots, EvtId and ProcessId
   * when asked. Values are rounded to float32 when {@code float32} so that round trips are exact.
   */
  public static EventBatch events(int n, long seed, boolean float32, boolean ids) {
    SplittableRandom r = new SplittableRandom(seed);
    EventBatch b = new EventBatch(n);
    for (int e = 0; e < n; e++) {
      for (ObjectType t : ObjectType.values()) {
        int k = t == ObjectType.MET ? 1 : r.nextInt(t.slots() + 1);
        for (int j = 0; j < k; j++) {
          int s = t.firstSlot() + j;
          double pt = 5 + 200 * r.nextDouble();
          double eta = t == ObjectType.MET ? 0 : -4 + 8 * r.nextDouble();
          double phi = -Math.PI + 2 * Math.PI * r.nextDouble();
          if (float32) {
            pt = (float) pt;
            eta = (float) eta;
            phi = (float) phi;
          }
          b.set(e, s, 0, pt);
          b.set(e, s, 1, eta);
          b.set(e, s, 2, phi);
          b.set(e, s, 3, t.classId());
        }
      }
    }
    if (ids) {
      long[] id = new long[n];
      int[] pid = new int[n];
      for (int e = 0; e < n; e++) {
        id[e] = 1_000_000_000_000L + 7L * e;
        pid[e] = e % 5;
      }
      b.setEvtId(id);
      b.setProcessId(pid);
    }
    return b;
  }
}
