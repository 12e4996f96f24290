package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.nphunt.model.Tensors;
import org.nphunt.preprocess.JetFourVectors;
import org.nphunt.preprocess.ModelInput;

/**
 * The objective of the LoLa autoencoder ({@link org.nphunt.model.LolaAeConfig}): per jet the masked
 * squared error of the reconstructed constituents, L = (1/N) sum_{i real} sum_{f=0..2} (t_if - y_if)^2
 * with t the standardised constituent features in the canonical jet frame (Delta eta', Delta phi', z;
 * {@link JetFourVectors}'s {@code target}), y the block's output and N the constituent slots; the
 * training loss is the batch mean.
 *
 * <p>Scores ({@link JetScores}): {@code reco_min} (default, first), {@code reco_max}, {@code reco_sum},
 * {@code reco_prod}, {@code reco_j1}, {@code reco_j2}, computed in double precision.
 */
public final class ConstituentReconstruction implements Objective {
  private final int constituents;
  private final List<ModelInput> outputs;

  public ConstituentReconstruction(int constituents) {
    this.constituents = constituents;
    this.outputs = List.of(ModelInput.of("recon", constituents, JetFourVectors.FEATURES));
  }

  @Override
  public List<ModelInput> outputs() {
    return outputs;
  }

  @Override
  public List<String> scoreNames() {
    return JetScores.names(List.of("reco"));
  }

  @Override
  public List<String> lossInputs() {
    return List.of(JetFourVectors.TARGET, JetFourVectors.MASK);
  }

  /** Per-jet (1/N) sum_{i real} |t_i - y_i|^2 of target and recon (n,N,3) with mask (n,N): (n), differentiable. */
  public static NDArray perJet(NDArray target, NDArray mask, NDArray recon) {
    long n = target.getShape().get(1);
    return Tensors.div(target.sub(recon).square().sum(new int[] {2}).mul(mask).sum(new int[] {1}), (float) n);
  }

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    return perJet(Objective.input(inputs, JetFourVectors.TARGET), Objective.input(inputs, JetFourVectors.MASK),
        out.get(0)).mean();
  }

  @Override
  public void scores(float[][] inputs, float[][] out, int events, double[][] scores, int offset) {
    float[] target = inputs[1];
    float[] mask = inputs[2];
    float[] recon = out[0];
    int c = constituents;
    int w = JetFourVectors.FEATURES;
    double[] jet = new double[2];
    for (int e = 0; e < events; e++) {
      for (int j = 0; j < 2; j++) {
        int k = 2 * e + j;
        double s = 0;
        for (int i = 0; i < c; i++) {
          if (mask[k * c + i] == 0f) {
            continue;
          }
          for (int q = 0; q < w; q++) {
            int o = (k * c + i) * w + q;
            double d = (double) target[o] - recon[o];
            s += d * d;
          }
        }
        jet[j] = s / c;
      }
      JetScores.combine(jet[0], jet[1], scores, 0, offset + e);
    }
  }
}
