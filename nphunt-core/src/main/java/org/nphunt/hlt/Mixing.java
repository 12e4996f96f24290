package org.nphunt.hlt;

import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.data.Events;
import org.nphunt.random.Seeds;

/**
 * A training sample of several processes in one block, in a seeded random order, so that every
 * mini-batch mixes them (the trainer shuffles within blocks of the source and the order of the blocks,
 * not across them): used for the supervised references of the HLT study.
 */
public final class Mixing {
  private Mixing() {}

  /**
   * The events of {@code parts} (one schema) joined and permuted by a Fisher-Yates shuffle drawn from
   * {@code Seeds.random(seed, "mix")}; columns survive when every part has them.
   */
  public static Events mix(List<? extends Events> parts, long seed) {
    Events all = Events.join(parts);
    int n = all.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom r = Seeds.random(seed, "mix");
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Events out = Events.zeros(all.schema(), n);
    for (int t = 0; t < all.schema().tensors().size(); t++) {
      int v = all.schema().tensors().get(t).valuesPerEvent();
      double[] src = all.tensor(t);
      double[] dst = out.tensor(t);
      for (int i = 0; i < n; i++) {
        System.arraycopy(src, order[i] * v, dst, i * v, v);
      }
    }
    for (int c = 0; c < all.schema().columns().size(); c++) {
      Object a = all.column(c);
      if (a == null) {
        continue;
      }
      Object b = all.schema().columns().get(c).type().newArray(n);
      for (int i = 0; i < n; i++) {
        java.lang.reflect.Array.set(b, i, java.lang.reflect.Array.get(a, order[i]));
      }
      out.setColumn(all.schema().columns().get(c).name(), b);
    }
    return out;
  }
}
