package org.nphunt.testing;

import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.data.ObjectType;

/**
 * Seeded synthetic ADC2021 events for tests of every module: a low-dimensional cluster (for training
 * tests: a planted anomaly is a shifted cluster), correlated physics-like events, and random valid
 * events with empty slots (for readers and writers).
 */
public final class TestEvents {
  private TestEvents() {}

  /**
   * Events whose 57 inputs are a 3-dimensional latent mapped linearly (fixed random matrix) plus
   * small noise, around {@code centre}, every slot real; {@code shift} moves the cluster. Slots with
   * index >= {@code realSlots} are empty.
   */
  public static EventBatch cluster(int n, long seed, double shift, int realSlots) {
    SplittableRandom map = new SplittableRandom(12345);
    double[][] a = new double[Adc2021.INPUTS][3];
    double[] centre = new double[Adc2021.INPUTS];
    for (int c = 0; c < Adc2021.INPUTS; c++) {
      for (int k = 0; k < 3; k++) {
        a[c][k] = map.nextGaussian();
      }
      centre[c] = map.nextGaussian() * 2;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    EventBatch b = new EventBatch(n);
    for (int e = 0; e < n; e++) {
      double[] z = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
      for (int s = 0; s < realSlots; s++) {
        for (int f = 0; f < 3; f++) {
          int c = s * 3 + f;
          double v = centre[c] + shift + a[c][0] * z[0] + a[c][1] * z[1] + a[c][2] * z[2] + 0.1 * rnd.nextGaussian();
          if (f == 0) {
            v = Math.abs(50 + 10 * v);
          }
          b.set(e, s, f, v);
        }
        b.set(e, s, Adc2021.CLASS_ID, Adc2021.classIdOfSlot(s));
      }
    }
    return b;
  }

  public static InMemoryEventSource source(EventBatch b, String name) {
    return new InMemoryEventSource(b, name);
  }

  /** Events with MET, one electron and 0-4 jets, correlated kinematics; ProcessId = shift marker. */
  public static EventBatch correlated(int n, long seed, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    EventBatch b = new EventBatch(n);
    int[] pid = new int[n];
    for (int e = 0; e < n; e++) {
      double scale = Math.exp(r.nextGaussian() * 0.3);
      b.set(e, 0, 0, 40 * scale * (1 + shift));
      b.set(e, 0, 2, r.nextDouble() * 2 * Math.PI - Math.PI);
      b.set(e, 0, 3, 1);
      b.set(e, 1, 0, 30 * scale * (1 + shift));
      b.set(e, 1, 1, r.nextGaussian() * (1 + shift));
      b.set(e, 1, 2, r.nextDouble() * 2 * Math.PI - Math.PI);
      b.set(e, 1, 3, 2);
      int jets = r.nextInt(5);
      for (int j = 0; j < jets; j++) {
        b.set(e, 9 + j, 0, 60 * scale / (j + 1));
        b.set(e, 9 + j, 1, r.nextGaussian() * 1.5);
        b.set(e, 9 + j, 2, r.nextDouble() * 2 * Math.PI - Math.PI);
        b.set(e, 9 + j, 3, 4);
      }
      pid[e] = shift > 0 ? 1 : 0;
    }
    b.setProcessId(pid);
    return b;
  }

  /**
   * {@code n} valid events with pseudo-random kinematics (seeded), each type's objects by decreasing pT
   * with empty slots last (as the layout defines), EvtId and ProcessId when asked. Values are rounded to float32 when {@code float32} so that round trips are exact.
   */
  public static EventBatch random(int n, long seed, boolean float32, boolean ids) {
    SplittableRandom r = new SplittableRandom(seed);
    EventBatch b = new EventBatch(n);
    for (int e = 0; e < n; e++) {
      for (ObjectType t : ObjectType.values()) {
        int k = t == ObjectType.MET ? 1 : r.nextInt(t.slots() + 1);
        double[] pts = new double[k];
        for (int j = 0; j < k; j++) {
          pts[j] = 5 + 200 * r.nextDouble();
        }
        java.util.Arrays.sort(pts); // the layout's order: decreasing pT within a type (slot j gets pts[k-1-j])
        for (int j = 0; j < k; j++) {
          int s = t.firstSlot() + j;
          double pt = pts[k - 1 - j];
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
