package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.objective.ChamferVaeObjective;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.JetConstituents;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.TrainingConfig;

/**
 * The particle-list variational autoencoder of jets with a Chamfer reconstruction loss (Aarrestad,
 * Duarte, Ngadiuba, Nguyen, Pierini, Wozniak; the public "vande" code; used in the CMS dijet anomaly
 * search arXiv:2412.03747): each of the two leading jets of a dijet event is an example, its up to C
 * pT-ordered constituents (standardised Delta eta, Delta phi, pT fraction; {@link JetConstituents})
 * are encoded by convolutions along the particle list with pooling into a small Gaussian latent space,
 * and decoded into a list of C particles ({@link ParticleVae}). Loss per jet: L = L_R + beta KL with
 * L_R the masked symmetric Chamfer distance ({@link org.nphunt.objective.Chamfer}) and KL = -1/2
 * sum_l (1 + log sigma_l^2 - mu_l^2 - sigma_l^2) (arXiv:1312.6114); the batch loss is its mean over
 * the jets. Scores: {@link ChamferVaeObjective}.
 *
 * <p>The published code normalises its KL term by the latent dimension (a mean over it) and uses
 * beta = 0.01 with latent dimension 10, i.e. beta = 0.001 in this (summed) convention; here the default
 * is 0.01, which keeps the KL term large enough to be a useful score on its own (see the test of the
 * KL score), while the reconstruction still dominates the loss.
 *
 * <p>The training options of {@link TrainingConfig} that belong to the ADC2021 models (logPt,
 * maskedLoss, boundedOutputs, beta) do not apply; beta is this record's.
 *
 * @param constituents C, particles per jet (even, >= 8; default 100)
 * @param ptFraction pT fraction (true, default) or pT in GeV as the third feature (see JetConstituents)
 * @param latentDim latent dimension, 1..64 (default 10)
 * @param filters channels of the 3x3 2D convolution and the two 1D convolutions of the encoder (the
 *     decoder mirrors them), default [6, 10, 14] as the published code
 * @param dense widths of the encoder's dense layers before the latent space (the decoder mirrors them),
 *     default [170, 40] (17 and 4 times the latent dimension, as the published code)
 * @param beta weight of the KL term, in [0, 100] (default 0.01)
 * @param reconstruction CHAMFER (default) or SLOTWISE (squared error of slot i against slot i of the
 *     pT-ordered list: the permutation-dependent ablation the Chamfer loss is compared with)
 * @param lossSpace where the reconstruction distance is measured: STANDARDISED (default: the standardised
 *     features, padded slots masked) or PUBLISHED (the public code's: unstandardised features, padded slots
 *     included as particles at (0, 0, 0)); absent (null) in files written before the option, read as
 *     STANDARDISED
 * @param kernel2d the encoder's first (2D) convolution kernel over (particle, feature): K3X3 (default, the
 *     public model's default) or K1X3 (the public code's last run: one particle at a time); absent (null) in
 *     older files, read as K3X3
 * @param activation of the hidden layers: RELU (default) or ELU (the public code's last run); null reads as RELU
 * @param statistics the standardisation statistics of the inputs ({@link JetConstituents.Statistics}): REAL
 *     (default; padded slots at the real constituents' mean) or ALL_SLOTS (the public code's: over all C
 *     slots with padded slots as zeros, which then stay distinguishable from real particles); null reads as REAL
 */
public record ChamferVaeConfig(int constituents, boolean ptFraction, int latentDim, List<Integer> filters,
    List<Integer> dense, double beta, Reconstruction reconstruction, LossSpace lossSpace, Kernel2d kernel2d,
    Activation activation, JetConstituents.Statistics statistics)
    implements ArchitectureConfig {
  /** Registry name. */
  public static final String NAME = "chamfer-vae";

  /** The reconstruction loss. */
  public enum Reconstruction {
    /** Masked symmetric Chamfer distance (permutation invariant). */
    CHAMFER,
    /** Masked squared error slot by slot (depends on the order of the list). */
    SLOTWISE
  }

  /**
   * The feature space of the reconstruction distance. The public code (kingusiu/vande,
   * vae/vae_particle.py: StdNormalization as the encoder's first layer, StdUnnormalization as the
   * decoder's last; vae/losses.py threeD_loss) standardises inside the network and measures the Chamfer
   * distance between the raw input and the un-standardised output over all C slots, the zero-padded ones
   * included; see docs/jet-models.md.
   */
  public enum LossSpace {
    /** Standardised features, padded slots masked out (nphunt's default). */
    STANDARDISED,
    /**
     * The published code's: features in their own units (Delta eta, Delta phi, pT in GeV or pT
     * fraction), reconstruction un-standardised, all C slots (a padded input slot is a particle at 0).
     */
    PUBLISHED
  }

  /**
   * The encoder's first convolution kernel over the (C, 3) particle list. The public code's default is
   * 3 x 3 (three neighbouring particles of the pT-ordered list at once); its last run (kingusiu/vande
   * main_train_particle_vae.py, run 113) used 1 x 3, a dense map of each particle's three features.
   */
  public enum Kernel2d {
    /** 3 particles x 3 features (the list shortens by 2). */
    K3X3(3),
    /** 1 particle x 3 features (per particle). */
    K1X3(1);

    private final int rows;

    Kernel2d(int rows) {
      this.rows = rows;
    }

    /** Particles the kernel spans. */
    public int rows() {
      return rows;
    }
  }

  /** The activation after every hidden layer (the output is linear). */
  public enum Activation {
    /** max(0, x) (the public model's default). */
    RELU,
    /** x for x > 0, exp(x) - 1 otherwise (the public code's last run). */
    ELU
  }

  /** The model of files written before {@link #lossSpace()} existed (STANDARDISED). */
  public ChamferVaeConfig(int constituents, boolean ptFraction, int latentDim, List<Integer> filters,
      List<Integer> dense, double beta, Reconstruction reconstruction) {
    this(constituents, ptFraction, latentDim, filters, dense, beta, reconstruction, LossSpace.STANDARDISED);
  }

  /** The model of files written before {@link #kernel2d()}, {@link #activation()} and {@link #statistics()} existed. */
  public ChamferVaeConfig(int constituents, boolean ptFraction, int latentDim, List<Integer> filters,
      List<Integer> dense, double beta, Reconstruction reconstruction, LossSpace lossSpace) {
    this(constituents, ptFraction, latentDim, filters, dense, beta, reconstruction, lossSpace, Kernel2d.K3X3,
        Activation.RELU, JetConstituents.Statistics.REAL);
  }

  public ChamferVaeConfig {
    if (constituents < 8 || constituents > 10_000 || constituents % 2 != 0) {
      throw new IllegalArgumentException("constituents must be even and in 8..10000 (the encoder's pooling halves"
          + " C - 6), found " + constituents);
    }
    if (latentDim < 1 || latentDim > 64) {
      throw new IllegalArgumentException("latentDim must be in 1..64, found " + latentDim);
    }
    if (filters == null || filters.size() != 3 || filters.stream().anyMatch(f -> f == null || f < 1 || f > 1024)) {
      throw new IllegalArgumentException("filters must be 3 channel counts in 1..1024, found " + filters);
    }
    if (dense == null || dense.isEmpty() || dense.stream().anyMatch(w -> w == null || w < 1 || w > 100_000)) {
      throw new IllegalArgumentException("dense must be at least one width in 1..100000, found " + dense);
    }
    if (!(beta >= 0 && beta <= 100)) {
      throw new IllegalArgumentException("beta must be in [0, 100], found " + beta);
    }
    if (reconstruction == null) {
      throw new IllegalArgumentException("reconstruction must be CHAMFER or SLOTWISE, found null");
    }
    if (lossSpace == null) {
      lossSpace = LossSpace.STANDARDISED; // files written before the option
    }
    // files written before these options
    kernel2d = kernel2d == null ? Kernel2d.K3X3 : kernel2d;
    activation = activation == null ? Activation.RELU : activation;
    statistics = statistics == null ? JetConstituents.Statistics.REAL : statistics;
    filters = List.copyOf(filters);
    dense = List.copyOf(dense);
  }

  /** 100 constituents, pT fraction, latent 10, filters [6, 10, 14], dense [170, 40], beta 0.01, Chamfer. */
  public static ChamferVaeConfig defaults() {
    return new ChamferVaeConfig(DijetSchema.DEFAULT_CONSTITUENTS, true, 10, List.of(6, 10, 14), List.of(170, 40), 0.01,
        Reconstruction.CHAMFER);
  }

  /**
   * The published analysis's choices where they differ from {@link #defaults()} (see docs/jet-models.md):
   * pT in GeV as the third feature and the Chamfer distance in unstandardised units over all C slots;
   * the layer sizes and beta stay those of {@link #defaults()}.
   */
  public static ChamferVaeConfig published() {
    ChamferVaeConfig d = defaults();
    return new ChamferVaeConfig(d.constituents(), false, d.latentDim(), d.filters(), d.dense(), d.beta(),
        Reconstruction.CHAMFER, LossSpace.PUBLISHED);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public boolean variational() {
    return true;
  }

  @Override
  public Block build() {
    return new ParticleVae(this);
  }

  @Override
  public String inputSchema() {
    return DijetSchema.NAME;
  }

  @Override
  public List<String> blockInputs() {
    return List.of(JetConstituents.CONSTITUENTS, JetConstituents.MASK);
  }

  @Override
  public Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return JetConstituents.fit(train, keep, config.chunkEvents(), constituents, ptFraction, statistics);
  }

  @Override
  public Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    if (!(preprocessing instanceof JetConstituents jc)) {
      throw new IllegalArgumentException(NAME + " needs the jet-constituents preprocessing, found "
          + preprocessing.getClass().getSimpleName());
    }
    return new ChamferVaeObjective(this, jc);
  }

  /**
   * The per-jet total loss L_R + beta KL (standardised loss space only: the published space needs the
   * preprocessing's scale, which a mass-decorrelated wrapper does not pass).
   */
  @Override
  public NDArray exampleScore(NDList inputs, NDList outputs) {
    if (lossSpace != LossSpace.STANDARDISED) {
      throw new UnsupportedOperationException("chamfer-vae with lossSpace " + lossSpace
          + " defines no differentiable per-example score; mass decorrelation needs lossSpace STANDARDISED");
    }
    return ChamferVaeObjective.perJet(this, null, inputs.get(0), inputs.get(1), outputs).get(2);
  }
}
