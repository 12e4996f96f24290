package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.nphunt.model.ChamferVaeConfig;
import org.nphunt.model.Tensors;
import org.nphunt.preprocess.JetConstituents;
import org.nphunt.preprocess.ModelInput;

/**
 * The objective of the particle-list VAE ({@link ChamferVaeConfig}): per jet, L_R = the masked Chamfer
 * distance ({@link Chamfer}; or the slot-wise error of the ablation), KL = -1/2 sum_l (1 + logVar_l -
 * mu_l^2 - exp(logVar_l)) and the total L = L_R + beta KL; the training loss is the batch mean of L.
 *
 * <p>Scores ({@link JetScores}), per event from its two jets: {@code total_min} (the default, first),
 * {@code total_max}, {@code total_sum}, {@code total_prod}, {@code total_j1}, {@code total_j2}, then the
 * same six of {@code reco} (L_R) and of {@code kl}: 18 scores. The scores use the encoder's mean (z =
 * mu, deterministic) and compute L_R exactly in double precision.
 *
 * <p>With {@link ChamferVaeConfig.LossSpace#PUBLISHED} L_R is measured as in the public code
 * (kingusiu/vande vae/losses.py threeD_loss): between the unstandardised input x_raw = x std + mean
 * (padded slots set to 0) and the unstandardised reconstruction y std + mean, over all C slots
 * (no mask), (1/C) times the sum of both directions' minima.
 */
public final class ChamferVaeObjective implements Objective {
  /** The per-jet quantities, in score order. */
  public static final List<String> QUANTITIES = List.of("total", "reco", "kl");

  private final ChamferVaeConfig config;
  private final JetConstituents preprocessing;
  private final List<ModelInput> outputs;
  private final List<String> names;

  /**
   * @param config the model
   * @param preprocessing its fitted preprocessing (the feature scale of the PUBLISHED loss space)
   */
  public ChamferVaeObjective(ChamferVaeConfig config, JetConstituents preprocessing) {
    this.config = config;
    this.preprocessing = preprocessing;
    this.outputs = List.of(ModelInput.of("recon", config.constituents(), JetConstituents.FEATURES),
        ModelInput.of("mu", config.latentDim()), ModelInput.of("logVar", config.latentDim()));
    this.names = JetScores.names(QUANTITIES);
  }

  @Override
  public List<ModelInput> outputs() {
    return outputs;
  }

  @Override
  public List<String> scoreNames() {
    return names;
  }

  /**
   * Per-jet [L_R, KL, L_R + beta KL], each (n), as differentiable expressions.
   *
   * @param pre the fitted preprocessing; needed (non-null) for the PUBLISHED loss space only
   * @param x standardised constituents (n, C, 3)
   * @param mask (n, C)
   * @param out the block's outputs [recon (n, C, 3), mu (n, L), logVar (n, L)]
   */
  public static NDList perJet(ChamferVaeConfig config, JetConstituents pre, NDArray x, NDArray mask, NDList out) {
    NDArray recon = out.get(0);
    NDArray m = mask;
    if (config.lossSpace() == ChamferVaeConfig.LossSpace.PUBLISHED) {
      if (pre == null) {
        throw new IllegalArgumentException("the PUBLISHED loss space needs the fitted preprocessing, found none");
      }
      NDArray scale = x.getManager().create(toFloat(pre.std()));
      NDArray shift = x.getManager().create(toFloat(pre.mean()));
      x = x.mul(scale).add(shift).mul(mask.expandDims(2));
      recon = recon.mul(scale).add(shift);
      m = mask.onesLike();
    }
    NDArray reco = config.reconstruction() == ChamferVaeConfig.Reconstruction.CHAMFER
        ? Chamfer.distance(x, recon, m) : Chamfer.slotwise(x, recon, m);
    NDArray mu = out.get(1);
    NDArray lv = out.get(2);
    NDArray kl = Tensors.mul(lv.add(1f).sub(mu.square()).sub(lv.exp()).sum(new int[] {1}), -0.5f);
    return new NDList(reco, kl, reco.add(Tensors.mul(kl, (float) config.beta())));
  }

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    NDList q = perJet(config, preprocessing, Objective.input(inputs, JetConstituents.CONSTITUENTS),
        Objective.input(inputs, JetConstituents.MASK), out);
    return q.get(2).mean();
  }

  @Override
  public void scores(float[][] inputs, float[][] out, int events, double[][] scores, int offset) {
    float[] x = inputs[0];
    float[] mask = inputs[1];
    float[] recon = out[0];
    if (config.lossSpace() == ChamferVaeConfig.LossSpace.PUBLISHED) {
      float[][] raw = published(x, mask, recon, 2 * events, config.constituents(), preprocessing);
      x = raw[0];
      recon = raw[1];
      mask = raw[2];
    }
    float[] mu = out[1];
    float[] lv = out[2];
    int c = config.constituents();
    int latent = config.latentDim();
    boolean chamfer = config.reconstruction() == ChamferVaeConfig.Reconstruction.CHAMFER;
    double[] reco = new double[2];
    double[] kl = new double[2];
    for (int e = 0; e < events; e++) {
      for (int jet = 0; jet < 2; jet++) {
        int k = 2 * e + jet;
        reco[jet] = chamfer ? Chamfer.distance(x, recon, mask, k, c, JetConstituents.FEATURES)
            : Chamfer.slotwise(x, recon, mask, k, c, JetConstituents.FEATURES);
        double s = 0;
        for (int l = 0; l < latent; l++) {
          double m = mu[k * latent + l];
          double v = lv[k * latent + l];
          s += 1 + v - m * m - Math.exp(v);
        }
        kl[jet] = -0.5 * s;
      }
      int col = offset + e;
      JetScores.combine(reco[0] + config.beta() * kl[0], reco[1] + config.beta() * kl[1], scores, 0, col);
      JetScores.combine(reco[0], reco[1], scores, 6, col);
      JetScores.combine(kl[0], kl[1], scores, 12, col);
    }
  }

  /**
   * The PUBLISHED loss space's inputs of {@code jets} examples: [x std + mean on real slots and 0 on
   * padded ones, recon std + mean, a mask of ones], layouts as the arguments.
   */
  static float[][] published(float[] x, float[] mask, float[] recon, int jets, int c, JetConstituents pre) {
    int f = JetConstituents.FEATURES;
    double[] std = pre.std();
    double[] mean = pre.mean();
    float[] xr = new float[jets * c * f];
    float[] yr = new float[jets * c * f];
    float[] ones = new float[jets * c];
    java.util.Arrays.fill(ones, 1f);
    for (int s = 0; s < jets * c; s++) {
      for (int k = 0; k < f; k++) {
        int i = s * f + k;
        xr[i] = mask[s] == 0f ? 0f : (float) (x[i] * std[k] + mean[k]);
        yr[i] = (float) (recon[i] * std[k] + mean[k]);
      }
    }
    return new float[][] {xr, yr, ones};
  }

  private static float[] toFloat(double[] v) {
    float[] r = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (float) v[i];
    }
    return r;
  }
}
