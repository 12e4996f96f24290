package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.nphunt.preprocess.JetImageInput;
import org.nphunt.preprocess.ModelInput;

/**
 * The objective of the jet-image autoencoder ({@link org.nphunt.model.JetImageAeConfig}): per jet the
 * sum over the P^2 pixels of the squared difference between the (scaled) image and its reconstruction
 * (arXiv:1808.08979, 1808.08992); the training loss is the batch mean.
 *
 * <p>Scores ({@link JetScores}): {@code reco_min} (default, first), {@code reco_max}, {@code reco_sum},
 * {@code reco_prod}, {@code reco_j1}, {@code reco_j2}.
 */
public final class ImageReconstruction implements Objective {
  private final int pixels;
  private final List<ModelInput> outputs;

  public ImageReconstruction(int pixels) {
    this.pixels = pixels;
    this.outputs = List.of(ModelInput.of("recon", 1, pixels, pixels));
  }

  @Override
  public List<ModelInput> outputs() {
    return outputs;
  }

  @Override
  public List<String> scoreNames() {
    return JetScores.names(List.of("reco"));
  }

  /** Per-jet sum of squared pixel differences (n), differentiable. */
  public static NDArray perJet(NDArray image, NDArray recon) {
    return image.sub(recon).square().sum(new int[] {1, 2, 3});
  }

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    return perJet(Objective.input(inputs, JetImageInput.IMAGE), out.get(0)).mean();
  }

  @Override
  public void scores(float[][] inputs, float[][] out, int events, double[][] scores, int offset) {
    float[] x = inputs[0];
    float[] r = out[0];
    int size = pixels * pixels;
    for (int e = 0; e < events; e++) {
      double[] jet = new double[2];
      for (int j = 0; j < 2; j++) {
        int o = (2 * e + j) * size;
        double s = 0;
        for (int i = o; i < o + size; i++) {
          double d = (double) x[i] - r[i];
          s += d * d;
        }
        jet[j] = s;
      }
      JetScores.combine(jet[0], jet[1], scores, 0, offset + e);
    }
  }
}
