package org.nphunt.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;

/**
 * A recurrent sequence-to-sequence autoencoder on the ADC2021 object list with Bahdanau attention
 * and teacher forcing (the "particle-flow" autoencoder of the HLT-study lectures; attention after
 * Bahdanau, Cho and Bengio, arXiv:1409.0473; teacher forcing after Williams and Zipser, Neural
 * Computation 1 (1989) 270, with a decaying ratio as in scheduled sampling, Bengio et al.,
 * arXiv:1506.03099). Design (block {@link RecurrentAutoencoder}):
 *
 * <ul>
 *   <li>The event is the sequence of its 19 slots in slot order (MET, 4 electrons, 4 muons, 10 jets; pT
 *       order within a type): step t reads the standardised (pT, eta, phi) of slot t, its occupancy and
 *       its type (one-hot of 4). Empty slots are padding: the encoder GRU carries its state through
 *       them unchanged, and attention gives them weight exactly 0.
 *   <li>Encoder: a GRU (PyTorch's GRUCell equations) read forward and, when {@code bidirectional},
 *       backward; h_j = [forward_j, backward_j]. Bottleneck: z = W [forward_18, backward_0] of
 *       {@code latentDim} values; the decoder starts from s_0 = tanh(W' z).
 *   <li>Decoder: a GRU emitting slot i at step i from the previous object y_{i-1}, the one-hot of slot i
 *       and the attention context c_i = sum_j alpha_ij h_j, alpha_ij = softmax_j(e_ij) over real slots,
 *       e_ij = v^T tanh(W_s s_{i-1} + W_h h_j) (a small feed-forward net); output W_o [s_i, c_i] (3 values,
 *       empty slots' target 0 as for the other autoencoders).
 *   <li>Teacher forcing: in training, y_{i-1} is the true object of slot i-1 with probability k (per
 *       event and step, drawn from nphunt's seeded stream through {@link TrainingInputs}) and the
 *       decoder's own output otherwise; k = max({@code tfMin}, {@code tfStart} {@code tfDecay}^(epoch - 1)).
 *       Validation and scoring decode freely (k = 0).
 * </ul>
 *
 * Preprocessing, objective and scores are those of the other ADC2021 autoencoders (x (57), mask (19),
 * {@code EventReconstruction}); with attention the decoder sees every encoder state, so the latent
 * bottleneck is not the only path (see docs/hlt-study.md).
 *
 * @param hidden GRU state size H, default 32
 * @param latentDim bottleneck size, default 8
 * @param attention attention size A, default 32
 * @param bidirectional read the slots backward too, default true
 * @param tfStart teacher-forcing ratio at epoch 1, default 1
 * @param tfDecay its factor per epoch, default 0.8
 * @param tfMin its floor, default 0
 */
public record RecurrentAeConfig(int hidden, int latentDim, int attention, boolean bidirectional, double tfStart,
    double tfDecay, double tfMin) implements ArchitectureConfig, TrainingInputs {
  public static final String NAME = "rnn-attention";

  public RecurrentAeConfig {
    if (hidden < 1 || hidden > 1024) {
      throw new IllegalArgumentException("hidden must be in 1..1024, found " + hidden);
    }
    if (latentDim < 1 || latentDim > 512) {
      throw new IllegalArgumentException("latentDim must be in 1..512, found " + latentDim);
    }
    if (attention < 1 || attention > 1024) {
      throw new IllegalArgumentException("attention must be in 1..1024, found " + attention);
    }
    for (double v : new double[] {tfStart, tfDecay, tfMin}) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("tfStart, tfDecay and tfMin must be in [0, 1], found " + tfStart + ", "
            + tfDecay + ", " + tfMin);
      }
    }
  }

  /** H 32, latent 8, A 32, bidirectional, teacher forcing 1 decaying by 0.8 per epoch to 0. */
  public static RecurrentAeConfig defaults() {
    return new RecurrentAeConfig(32, 8, 32, true, 1.0, 0.8, 0.0);
  }

  /** The teacher-forcing ratio k of an epoch (1-based). */
  public double teacherForcing(int epoch) {
    return Math.max(tfMin, tfStart * Math.pow(tfDecay, Math.max(0, epoch - 1)));
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public Block build() {
    return new RecurrentAutoencoder(this);
  }

  /** The teacher-forcing decisions (n, 19): 1 with probability k of the epoch. */
  @Override
  public NDList trainingInputs(NDManager manager, int n, int epoch, SplittableRandom random) {
    return new NDList(Tensors.owned(manager, teacherForcingDecisions(n, epoch, random), new Shape(n, Adc2021.SLOTS)));
  }

  /**
   * The teacher-forcing decisions of {@link #trainingInputs} as floats (n x 19, row-major), the same draws
   * from {@code random} (the fused Java training uses them).
   */
  public float[] teacherForcingDecisions(int n, int epoch, SplittableRandom random) {
    double k = teacherForcing(epoch);
    float[] tf = new float[n * Adc2021.SLOTS];
    for (int i = 0; i < tf.length; i++) {
      tf[i] = random.nextDouble() < k ? 1f : 0f;
    }
    return tf;
  }
}
