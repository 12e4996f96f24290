package org.nphunt.data;

import java.util.List;
import org.nphunt.NphuntException;

/**
 * The layout of one data domain: named per-event tensors ({@link TensorSpec}) and named per-event
 * scalars ({@link ColumnSpec}), with the rules a block of events must satisfy. ADC2021 trigger events
 * ({@link Adc2021Schema}) are one schema, the LHC Olympics particle lists ({@link ParticleListSchema}),
 * the top-tagging constituents ({@link TopTaggingSchema}) and nphunt's dijet layout
 * ({@link DijetSchema}) others. A new domain is a new schema class and one line in {@link Schemas}.
 *
 * <p>Models declare the schema they accept by {@link #name()}; file formats read and write blocks of a
 * schema ({@link Events}).
 */
public interface EventSchema {
  /** Registry name, e.g. "adc2021", "dijet". */
  String name();

  /** One line for humans. */
  String description();

  /** The per-event tensors, in a fixed order (a block stores them in this order). */
  List<TensorSpec> tensors();

  /** The per-event columns, in a fixed order (a block stores them in this order). */
  List<ColumnSpec> columns();

  /** Index of a tensor by name, or -1. */
  default int tensorIndex(String name) {
    List<TensorSpec> t = tensors();
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Index of a column by name, or -1. */
  default int columnIndex(String name) {
    List<ColumnSpec> c = columns();
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The tensor of that name; unknown names are an IllegalArgumentException listing the known ones. */
  default TensorSpec tensor(String name) {
    int i = tensorIndex(name);
    if (i < 0) {
      throw new IllegalArgumentException("schema " + name() + " has no tensor '" + name + "' (tensors: "
          + tensors().stream().map(TensorSpec::name).toList() + ")");
    }
    return tensors().get(i);
  }

  /**
   * Checks a block read from {@code source} and normalises, in place, what has one meaning (angles in
   * (pi, 2 pi) are wrapped into [-pi, pi], noted in {@code notes}, when the file stores that angle in [0, 2 pi):
   * a negative value of it in the block, or in a later block of a wrapped file, makes such a value an error). The default checks every value of
   * every non-padding row against its {@link Feature}'s range; schemas add their own layout rules.
   *
   * @param firstEvent global index of the block's event 0, for messages
   * @throws NphuntException one line naming the source, the event and what is wrong
   */
  default void validate(Events events, String source, long firstEvent, Notes notes) {
    List<TensorSpec> specs = tensors();
    for (int t = 0; t < specs.size(); t++) {
      validateTensor(specs.get(t), events.tensor(t), events.size(), source, firstEvent, notes);
    }
  }

  /** The standard check of one tensor (see {@link #validate}). */
  static void validateTensor(TensorSpec spec, double[] values, int size, String source, long firstEvent, Notes notes) {
    int w = spec.width();
    int rows = spec.rowsPerEvent();
    List<Feature> features = spec.features();
    // The features' ranges in local arrays: this loop runs over every value a reader hands out.
    double[] lo = new double[w];
    double[] hi = new double[w];
    boolean[] angle = new boolean[w];
    for (int f = 0; f < w; f++) {
      Feature feature = features.get(f);
      angle[f] = feature.angle();
      lo[f] = angle[f] ? -Math.PI - Feature.ANGLE_SLACK : feature.min();
      hi[f] = angle[f] ? Math.PI + Feature.ANGLE_SLACK : feature.max();
    }
    boolean padded = spec.padding() == TensorSpec.Padding.ZERO_ROWS;
    for (int f = 0; f < w; f++) {
      String kind = "wrap:" + spec.name() + ":" + features.get(f).name();
      long negative = angle[f] && notes.has(kind) ? firstNegative(values, size, rows, w, f) : -1;
      if (negative >= 0) {
        throw new NphuntException(String.format("%s: event %d has a negative %s %s, but earlier events stored it in"
            + " [0, 2 pi) (%s): one file, two angle conventions", source, firstEvent + negative, spec.name(),
            features.get(f).name(), notes.byKind().get(kind).replace(source + ": ", "")));
      }
    }
    int total = size * rows;
    for (int row = 0; row < total; row++) {
      int o = row * w;
      if (padded) {
        boolean zero = true;
        for (int f = 0; f < w && zero; f++) {
          zero = values[o + f] == 0.0;
        }
        if (zero) {
          continue;
        }
      }
      for (int f = 0; f < w; f++) {
        double v = values[o + f];
        if (v >= lo[f] && v <= hi[f]) {
          continue; // the common case: finite and in range (NaN fails both comparisons)
        }
        int e = row / rows;
        int r = row % rows;
        Feature feature = features.get(f);
        if (!Double.isFinite(v)) {
          throw new NphuntException(String.format("%s: event %d, %s row %d: %s is %s (values must be finite)",
              source, firstEvent + e, spec.name(), r, feature.name(), v));
        }
        if (angle[f] && v > Math.PI + Feature.ANGLE_SLACK && v < 2 * Math.PI + Feature.ANGLE_SLACK) {
          // wrapped only when the block stores this angle in [0, 2 pi): then none of its values is negative
          long negative = firstNegative(values, size, rows, w, f);
          if (negative >= 0) {
            throw new NphuntException(String.format("%s: event %d, %s row %d: %s is %s (must be in [-pi, pi]; not a"
                + " [0, 2 pi) convention: event %d has a negative %s)", source, firstEvent + e, spec.name(), r,
                feature.name(), v, firstEvent + negative, feature.name()));
          }
          values[o + f] = v - 2 * Math.PI;
          notes.add("wrap:" + spec.name() + ":" + feature.name(), String.format(
              "%s: %s %s stored in [0, 2 pi): wrapped to [-pi, pi] (first at event %d)",
              source, spec.name(), feature.name(), firstEvent + e));
          continue;
        }
        throw new NphuntException(String.format("%s: event %d, %s row %d: %s is %s (must be in %s)",
            source, firstEvent + e, spec.name(), r, feature.name(), v, feature.range()));
      }
    }
  }

  /** The first event (block index) with a negative value of feature {@code f} in a non-padding row, or -1. */
  private static long firstNegative(double[] values, int size, int rows, int w, int f) {
    int total = size * rows;
    for (int row = 0; row < total; row++) {
      int o = row * w;
      if (values[o + f] < 0.0) {
        return row / rows; // a padding row is all zeros, never negative
      }
    }
    return -1;
  }
}
