package org.nphunt.score;

import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.data.ObjectType;

/**
 * Per-event anomaly scores from standardised inputs x, reconstructions r (both n x 57) and, for the
 * VAE, mu and logVar (n x L). Dataset names in score files:
 *
 * <ul>
 *   <li>{@code mse}: mean of (x - r)^2 over the 57 inputs (empty slots included, their target is 0);
 *   <li>{@code mae_pt_mse_angles}: over real objects only, (sum |dpT| + deta^2 + dphi^2) / number of real
 *       objects: MAE on pT plus MSE on eta and phi, in standardised units (seed 004);
 *   <li>{@code mse_met}, {@code mse_electron}, {@code mse_muon}, {@code mse_jet}: the contribution of
 *       each object type's slots to {@code mse} (sum of their squared errors / 57; the four add up to
 *       {@code mse});
 *   <li>VAE only: {@code vae_reco} (the training reconstruction term: the per-event sum of squared
 *       errors over the 57 inputs, or over real objects' inputs with the masked loss), {@code vae_kl} = -1/2 sum(1 + logVar - mu^2 -
 *       exp(logVar)), {@code vae_total} = (1-beta) reco + beta KL, {@code vae_rz} = sum mu^2/sigma^2
 *       and {@code vae_mu2} = sum mu^2 (the CMS AXOL1TL choice, decoder unused; arXiv:2108.03986).
 * </ul>
 */
public final class Scores {
  public static final String MSE = "mse";
  public static final String MAE_PT_MSE_ANGLES = "mae_pt_mse_angles";
  public static final String MSE_MET = "mse_met";
  public static final String MSE_ELECTRON = "mse_electron";
  public static final String MSE_MUON = "mse_muon";
  public static final String MSE_JET = "mse_jet";
  public static final String VAE_RECO = "vae_reco";
  public static final String VAE_KL = "vae_kl";
  public static final String VAE_TOTAL = "vae_total";
  public static final String VAE_RZ = "vae_rz";
  public static final String VAE_MU2 = "vae_mu2";

  private static final ObjectType[] TYPES = {ObjectType.MET, ObjectType.ELECTRON, ObjectType.MUON, ObjectType.JET};

  private Scores() {}

  /** Score names in file order. */
  public static List<String> names(boolean variational) {
    List<String> n = new ArrayList<>(List.of(MSE, MAE_PT_MSE_ANGLES, MSE_MET, MSE_ELECTRON, MSE_MUON, MSE_JET));
    if (variational) {
      n.addAll(List.of(VAE_RECO, VAE_KL, VAE_TOTAL, VAE_RZ, VAE_MU2));
    }
    return List.copyOf(n);
  }

  /**
   * Computes the scores of events [from, to) into {@code out[score][offset + e]}.
   *
   * @param latent L, 0 when not variational
   */
  public static void compute(float[] x, float[] mask, float[] r, float[] mu, float[] logVar, int latent,
      boolean maskedReco, double beta, int from, int to, double[][] out, int offset) {
    for (int e = from; e < to; e++) {
      int xo = e * INPUTS;
      int mo = e * SLOTS;
      // branch-free over slots (the real/empty pattern is unpredictable): the 0/1 mask multiplies
      double[] perType = new double[4];
      double seed = 0;
      double masked = 0;
      double real = 0;
      for (int t = 0; t < 4; t++) {
        ObjectType type = TYPES[t];
        double sum = 0;
        for (int s = type.firstSlot(); s < type.endSlot(); s++) {
          int c = xo + s * KINEMATIC;
          double dp = (double) x[c] - r[c];
          double de = (double) x[c + 1] - r[c + 1];
          double df = (double) x[c + 2] - r[c + 2];
          double angles = de * de + df * df;
          double sq = dp * dp + angles;
          double m = mask[mo + s];
          sum += sq;
          real += m;
          seed += m * (Math.abs(dp) + angles);
          masked += m * sq;
        }
        perType[t] = sum;
      }
      double total = perType[0] + perType[1] + perType[2] + perType[3];
      int o = offset + e - from;
      double mse = total / INPUTS;
      out[0][o] = mse;
      out[1][o] = real == 0 ? 0.0 : seed / real;
      out[2][o] = perType[0] / INPUTS;
      out[3][o] = perType[1] / INPUTS;
      out[4][o] = perType[2] / INPUTS;
      out[5][o] = perType[3] / INPUTS;
      if (latent > 0) {
        double reco = maskedReco ? masked : total;
        double kl = 0;
        double rz = 0;
        double mu2 = 0;
        for (int l = 0; l < latent; l++) {
          double m = mu[e * latent + l];
          double lv = logVar[e * latent + l];
          double var = Math.exp(lv);
          kl += 1 + lv - m * m - var;
          rz += m * m / var;
          mu2 += m * m;
        }
        kl *= -0.5;
        out[6][o] = reco;
        out[7][o] = kl;
        out[8][o] = (1 - beta) * reco + beta * kl;
        out[9][o] = rz;
        out[10][o] = mu2;
      }
    }
  }
}
