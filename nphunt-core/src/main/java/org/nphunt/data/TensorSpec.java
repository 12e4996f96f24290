package org.nphunt.data;

import java.util.List;

/**
 * A named per-event tensor of a schema: its per-event shape (the file's dataset has one more, leading
 * axis of events) and the features of its last axis.
 *
 * <p>Fixed-shape tensors (ADC2021 {@code Particles} (19, 4)) and zero-padded lists with a maximum
 * length (jet constituents (2, C, 3), LHC Olympics particles (700, 3)) are both described here:
 * with {@link Padding#ZERO_ROWS}, a row (the last axis) whose values are all zero is padding, is not
 * validated, and marks an empty slot. In memory a block of events is one {@code double[]} per tensor,
 * row-major (event, axes..., feature): {@link #valuesPerEvent()} values per event.
 *
 * @param name dataset or field name as in the files
 * @param shape per-event shape, last axis = number of features
 * @param features the features of the last axis
 * @param padding how empty rows are marked
 * @param description one line for humans
 */
public record TensorSpec(String name, List<Integer> shape, List<Feature> features, Padding padding, String description) {
  /** How a tensor marks rows that hold nothing. */
  public enum Padding {
    /** Every row holds a value. */
    NONE,
    /** A row of zeros is padding (an empty slot or a missing particle). */
    ZERO_ROWS
  }

  public TensorSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tensor name must be non-blank, found '" + name + "'");
    }
    shape = List.copyOf(shape);
    features = List.copyOf(features);
    if (shape.isEmpty()) {
      throw new IllegalArgumentException("tensor " + name + ": shape must have at least one axis");
    }
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("tensor " + name + ": axes must be >= 1, found " + shape);
      }
    }
    if (shape.get(shape.size() - 1) != features.size()) {
      throw new IllegalArgumentException("tensor " + name + ": last axis " + shape.get(shape.size() - 1)
          + " must equal the number of features, found " + features.size());
    }
    if (padding == null) {
      padding = Padding.NONE;
    }
    description = description == null ? "" : description;
  }

  /** Number of values per event: the product of the shape. */
  public int valuesPerEvent() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  /** Features per row (the last axis). */
  public int width() {
    return features.size();
  }

  /** Rows per event: valuesPerEvent / width. */
  public int rowsPerEvent() {
    return valuesPerEvent() / width();
  }

  /** Index of a feature by name, or -1. */
  public int featureIndex(String feature) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(feature)) {
        return i;
      }
    }
    return -1;
  }

  /** The per-event shape as text, e.g. "(19,4)". */
  public String shapeText() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(shape.get(i));
    }
    return sb.append(shape.size() == 1 ? ",)" : ")").toString();
  }
}
