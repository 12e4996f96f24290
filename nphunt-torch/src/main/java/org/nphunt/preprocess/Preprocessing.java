package org.nphunt.preprocess;

import java.util.List;
import org.nphunt.data.Events;

/**
 * A fitted transformation from events of one schema to the float arrays a model consumes, saved in
 * the model file (JSON, tagged with {@code "type"}: see {@link Preprocessings}) and applied identically
 * at training and scoring.
 *
 * <p>An event becomes {@link #examplesPerEvent()} consecutive examples (1 for an ADC2021 event, 2 for
 * the two jets of a dijet event); each example is one row of every {@link #inputs()} array.
 * Implementations are immutable and thread-safe ({@link #apply} may run on several threads).
 */
public interface Preprocessing {
  /** The name of the event schema this preprocessing reads (e.g. "adc2021"). */
  String schema();

  /** The arrays produced per example, in a fixed order. */
  List<ModelInput> inputs();

  /** Examples per event. */
  default int examplesPerEvent() {
    return 1;
  }

  /**
   * Preprocesses events [from, from + count) of {@code events} into {@code out[i]} (one array per
   * input, in {@link #inputs()} order), starting at example row {@code row}: input {@code i} of
   * example {@code k} occupies {@code out[i][k * width_i .. (k + 1) * width_i)}.
   */
  void apply(Events events, int from, int count, float[][] out, int row);

  /** Index of an input by name, or -1. */
  default int inputIndex(String name) {
    List<ModelInput> in = inputs();
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
