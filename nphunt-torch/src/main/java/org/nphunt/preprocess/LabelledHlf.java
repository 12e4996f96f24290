package org.nphunt.preprocess;

import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;

/**
 * The preprocessing of the supervised HLF classifier (the study's fully supervised reference): the
 * standardised features {@code x} (F) of an {@link HlfStandardizer}, the truth {@code label} (1 for a
 * signal event: ProcessId &gt;= {@link #signalFrom()}, nphunt's signals being 10 and up; 0 otherwise and
 * when the events carry no ProcessId) and a per-event {@code weight} that gives both classes the same
 * total weight in the training set (the SM events among themselves keep their cocktail proportions,
 * i.e. their cross-section weights, since the SM sample is drawn from the triggered cocktail).
 *
 * @param standardizer the feature statistics (fitted on signal and background events together)
 * @param signalFrom smallest ProcessId of a signal event
 * @param signalWeight weight of a signal event (backgroundEvents / signalEvents, normalised)
 * @param backgroundWeight weight of a background event
 * @param signalEvents signal events in the fit
 * @param backgroundEvents background events in the fit
 */
public record LabelledHlf(HlfStandardizer standardizer, int signalFrom, double signalWeight, double backgroundWeight,
    long signalEvents, long backgroundEvents) implements Preprocessing {
  public static final String TYPE = "hlf-labelled";

  public LabelledHlf {
    if (standardizer == null) {
      throw new IllegalArgumentException("standardizer must be given, found null");
    }
    if (!(signalWeight > 0) || !(backgroundWeight > 0) || !Double.isFinite(signalWeight) || !Double.isFinite(backgroundWeight)) {
      throw new IllegalArgumentException("class weights must be finite and > 0, found " + signalWeight + ", " + backgroundWeight);
    }
  }

  @Override
  public String schema() {
    return HlfSchema.NAME;
  }

  @Override
  public List<ModelInput> inputs() {
    return List.of(ModelInput.of("x", standardizer.width()), ModelInput.of("label", 1), ModelInput.of("weight", 1));
  }

  @Override
  public void apply(Events events, int from, int count, float[][] out, int row) {
    int f = standardizer.width();
    float[][] tmp = {out[0], new float[(row + count) * f], new float[(row + count) * f]};
    standardizer.apply(events, from, count, tmp, row);
    int[] pid = (int[]) events.column(Adc2021.PROCESS_ID);
    for (int e = 0; e < count; e++) {
      boolean signal = pid != null && pid[from + e] >= signalFrom;
      out[1][row + e] = signal ? 1f : 0f;
      out[2][row + e] = (float) (signal ? signalWeight : backgroundWeight);
    }
  }

  /** Fits the feature statistics and the class weights on the training events (they need a ProcessId). */
  public static LabelledHlf fit(EventSource source, LongPredicate keep, int chunk, int signalFrom) {
    if (!source.hasProcessId()) {
      throw new NphuntException(source.name() + ": the supervised classifier needs the truth labels (ProcessId)");
    }
    HlfStandardizer std = HlfStandardizer.fit(source, keep, chunk);
    long sig = 0;
    long bkg = 0;
    long size = source.size();
    for (long start = 0; start < size; start += chunk) {
      int c = (int) Math.min(chunk, size - start);
      int[] pid = (int[]) source.read(start, c).column(Adc2021.PROCESS_ID);
      for (int e = 0; e < c; e++) {
        if (keep == null || keep.test(start + e)) {
          if (pid[e] >= signalFrom) {
            sig++;
          } else {
            bkg++;
          }
        }
      }
    }
    if (sig == 0 || bkg == 0) {
      throw new NphuntException(source.name() + ": the supervised classifier needs signal (ProcessId >= " + signalFrom
          + ") and background events, found " + sig + " and " + bkg);
    }
    double total = sig + bkg;
    // both classes weigh total / 2; mean weight 1
    return new LabelledHlf(std, signalFrom, total / (2.0 * sig), total / (2.0 * bkg), sig, bkg);
  }
}
