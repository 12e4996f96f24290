package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.objective.MassDecorrelation;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.JetMassTarget;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.TrainingConfig;

/**
 * Mass decorrelation of any dijet anomaly model ({@code base}, e.g. {@link ChamferVaeConfig} or
 * {@link JetImageAeConfig}) whose per-jet score is differentiable ({@link ArchitectureConfig#exampleScore}),
 * so that a cut on the score does not sculpt the jet-mass spectrum of the background.
 *
 * <ul>
 *   <li>{@link Method#ADVERSARY} ("QCD or What?", Heimel, Kasieczka, Plehn, Thompson,
 *       arXiv:1808.08979; Louppe, Kagan, Cranmer arXiv:1611.01046): an adversary network predicts the
 *       jet's mass bin (K equal-population bins of the training jets) from log of the per-jet score;
 *       L_adv is its cross entropy. The model is trained on L = L_auto - lambda L_adv and the
 *       adversary on L_adv, simultaneously, in one optimiser step: the adversary's input passes a
 *       gradient-reversal layer (identity forward, gradient times -lambda backward; Ganin and Lempitsky
 *       arXiv:1409.7495), so the one loss L_auto + L_adv gives the model the gradient of L_auto -
 *       lambda L_adv and the adversary that of L_adv. The loss value reported (and monitored for the
 *       learning-rate schedule and early stopping) is L_auto - lambda L_adv.
 *   <li>{@link Method#DISCO} (Kasieczka, Shih, arXiv:2001.05310): L = L_auto + lambda dCorr^2(score,
 *       mass) over the batch, the squared distance correlation (Szekely, Rizzo, Bakirov 2007).
 * </ul>
 *
 * The scores are the base model's, by the same names. lambda = 0 trains the base model unchanged (the
 * adversary then only watches). lambda is in the units of the base model's loss (L_adv and dCorr^2 are
 * of order 1): it balances the two terms when comparable to the base's loss per jet.
 *
 * @param base the model to decorrelate (dijet schema; not itself decorrelated)
 * @param method ADVERSARY or DISCO
 * @param lambda decorrelation strength, >= 0 and finite
 * @param mass the mass to decorrelate from (jet mass, soft-drop mass or mJJ)
 * @param massBins K, adversary classes, 2..100 (default 10)
 * @param adversaryHidden widths of the adversary's hidden layers (ReLU), default [32, 32]
 */
public record DecorrelatedConfig(ArchitectureConfig base, Method method, double lambda, JetMassTarget.Observable mass,
    int massBins, List<Integer> adversaryHidden) implements ArchitectureConfig {
  /** Registry name. */
  public static final String NAME = "decorrelated";

  /** How the decorrelation is trained. */
  public enum Method {
    /** Adversary on the mass bin, L = L_auto - lambda L_adv. */
    ADVERSARY,
    /** Distance-correlation penalty, L = L_auto + lambda dCorr^2. */
    DISCO
  }

  public DecorrelatedConfig {
    if (base == null) {
      throw new IllegalArgumentException("base architecture must be given, found null");
    }
    if (base instanceof DecorrelatedConfig) {
      throw new IllegalArgumentException("base must not itself be decorrelated");
    }
    if (!DijetSchema.NAME.equals(base.inputSchema())) {
      throw new IllegalArgumentException("base model '" + base.architecture() + "' reads " + base.inputSchema()
          + " events; mass decorrelation needs " + DijetSchema.NAME + " events (jet masses)");
    }
    if (base instanceof ChamferVaeConfig c && c.lossSpace() != ChamferVaeConfig.LossSpace.STANDARDISED) {
      throw new IllegalArgumentException("base chamfer-vae with lossSpace " + c.lossSpace()
          + " cannot be mass-decorrelated; use lossSpace STANDARDISED");
    }
    if (method == null || mass == null) {
      throw new IllegalArgumentException("method and mass must be given, found " + method + ", " + mass);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be >= 0 and finite, found " + lambda);
    }
    if (massBins < 2 || massBins > 100) {
      throw new IllegalArgumentException("massBins must be in 2..100, found " + massBins);
    }
    if (adversaryHidden == null || adversaryHidden.stream().anyMatch(w -> w == null || w < 1 || w > 10_000)) {
      throw new IllegalArgumentException("adversaryHidden must be widths in 1..10000, found " + adversaryHidden);
    }
    adversaryHidden = List.copyOf(adversaryHidden);
  }

  /** An adversarially decorrelated {@code base} with strength lambda: jet mass, 10 bins, adversary [32, 32]. */
  public static DecorrelatedConfig adversary(ArchitectureConfig base, double lambda) {
    return new DecorrelatedConfig(base, Method.ADVERSARY, lambda, JetMassTarget.Observable.JET_MASS, 10, List.of(32, 32));
  }

  /** A DisCo-decorrelated {@code base} with strength lambda (jet mass). */
  public static DecorrelatedConfig disco(ArchitectureConfig base, double lambda) {
    return new DecorrelatedConfig(base, Method.DISCO, lambda, JetMassTarget.Observable.JET_MASS, 10, List.of(32, 32));
  }

  /**
   * The registry's default of this name: the jet-image autoencoder with an adversary of strength lambda =
   * 1000 (in the units of its loss, several hundred per jet when trained, so that the two terms are
   * comparable; the measured trade-off for several lambda: docs/jet-models.md).
   */
  public static DecorrelatedConfig defaults() {
    return adversary(JetImageAeConfig.defaults(), 1000);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public int latentDim() {
    return base.latentDim();
  }

  @Override
  public boolean variational() {
    return base.variational();
  }

  @Override
  public Block build() {
    return new DecorrelatedBlock(this, base.build());
  }

  @Override
  public String inputSchema() {
    return base.inputSchema();
  }

  @Override
  public List<String> blockInputs() {
    return base.blockInputs();
  }

  @Override
  public Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return JetMassTarget.fit(base.fitPreprocessing(train, keep, config), train, keep, config.chunkEvents(), mass,
        massBins);
  }

  @Override
  public Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    if (!(preprocessing instanceof JetMassTarget t)) {
      throw new IllegalArgumentException("a decorrelated model needs the jet-mass target preprocessing, found "
          + preprocessing.getClass().getSimpleName());
    }
    return new MassDecorrelation(this, base.objective(config, t.base()));
  }

  @Override
  public NDArray exampleScore(NDList inputs, NDList outputs) {
    return base.exampleScore(inputs, outputs);
  }
}
