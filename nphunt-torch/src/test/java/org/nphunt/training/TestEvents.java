package org.nphunt.training;

import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;

/** Seeded synthetic events for the training tests. */
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
}
