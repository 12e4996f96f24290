package org.nphunt.preprocess;

import java.util.List;

/**
 * One float array a preprocessing produces per example, e.g. {@code x} (57) and {@code mask} (19)
 * for an ADC2021 event, or {@code constituents} (100, 3) for a jet.
 *
 * @param name name the block and the objective refer to it by
 * @param shape per-example shape (the batch axis is not included)
 */
public record ModelInput(String name, List<Integer> shape) {
  public ModelInput {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("input name must be non-blank, found '" + name + "'");
    }
    shape = List.copyOf(shape);
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("input " + name + ": axes must be >= 1, found " + shape);
      }
    }
  }

  public static ModelInput of(String name, int... shape) {
    return new ModelInput(name, java.util.Arrays.stream(shape).boxed().toList());
  }

  /** Floats per example: the product of the shape. */
  public int width() {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The shape of a batch of {@code n} examples. */
  public ai.djl.ndarray.types.Shape batchShape(long n) {
    long[] s = new long[shape.size() + 1];
    s[0] = n;
    for (int i = 0; i < shape.size(); i++) {
      s[i + 1] = shape.get(i);
    }
    return new ai.djl.ndarray.types.Shape(s);
  }
}
