package org.nphunt.model;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.data.HlfSchema;
import org.nphunt.objective.Classification;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.LabelledHlf;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.TrainingConfig;

/**
 * The fully supervised reference of the HLT study (arXiv:1811.10276): a dense classifier on the
 * high-level features, trained with the truth labels of a mixed sample (signal vs the SM cocktail,
 * classes weighted to equal totals, {@link LabelledHlf}), with the same {@code Trainer}: the upper bound
 * the anomaly scores are compared with. F -> hidden (ReLU) -> 1 logit; objective {@link Classification}.
 *
 * @param hidden hidden widths, default [50, 50]
 * @param signalFrom smallest ProcessId counted as signal, default 10 (nphunt's signals)
 */
public record HlfClassifierConfig(List<Integer> hidden, int signalFrom) implements ArchitectureConfig {
  public static final String NAME = "hlf-classifier";

  public HlfClassifierConfig {
    Mlp.checkHidden(hidden);
    hidden = List.copyOf(hidden);
    if (signalFrom < 1) {
      throw new IllegalArgumentException("signalFrom must be >= 1, found " + signalFrom);
    }
  }

  public static HlfClassifierConfig defaults() {
    return new HlfClassifierConfig(List.of(50, 50), 10);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  /** No latent space: 1 (the logit). */
  @Override
  public int latentDim() {
    return 1;
  }

  @Override
  public Block build() {
    List<Integer> widths = new ArrayList<>(hidden);
    widths.add(1);
    return Mlp.build(widths, false, 0f, false, 0f);
  }

  @Override
  public String inputSchema() {
    return HlfSchema.NAME;
  }

  @Override
  public List<String> blockInputs() {
    return List.of("x");
  }

  @Override
  public Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return LabelledHlf.fit(train, keep, config.chunkEvents(), signalFrom);
  }

  @Override
  public Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    if (!(preprocessing instanceof LabelledHlf)) {
      throw new NphuntException(NAME + " needs the labelled HLF preprocessing, found " + preprocessing.getClass().getSimpleName());
    }
    return new Classification();
  }
}
