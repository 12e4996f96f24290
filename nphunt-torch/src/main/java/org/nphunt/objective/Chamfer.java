package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nphunt.model.Tensors;

/**
 * The symmetric Chamfer distance between a jet's particle list x and its reconstruction y, with
 * padded particles masked (the reconstruction loss of the particle-list VAE of Aarrestad, Duarte,
 * Ngadiuba, Nguyen, Pierini, Wozniak, used in the CMS dijet anomaly search arXiv:2412.03747; Fan, Su,
 * Guibas arXiv:1612.00603 for point clouds):
 *
 * <pre>
 *   L_R = (1/C) [ sum_{i real} min_{j real} |x_i - y_j|^2  +  sum_{j real} min_{i real} |x_i - y_j|^2 ]
 * </pre>
 *
 * where C is the list length (real plus padded slots) and |.|^2 the squared Euclidean distance over
 * the features (standardised Delta eta, Delta phi, pT feature). Output slot j counts when input slot j
 * is real: the decoder emits C slots and the jet's multiplicity selects the first n of the pT-ordered
 * list. Dividing by C (not by n) keeps the published code's scale (its mean over the C slots, with
 * padding included) while padded slots add nothing. A jet without particles has distance 0.
 * The distance does not depend on the order of the particles of x or of y (a permutation of either
 * list permutes rows or columns of the distance matrix, which leaves both sums of minima unchanged).
 *
 * <p>Two implementations: a differentiable NDArray form for training ({@link #distance}: nearest
 * neighbours by one CPU pass over the real pairs, then the matched squared distances as a quadratic form
 * in y, element-wise, no gathers) and an exact double-precision form on float arrays for the scores; both
 * are checked against a brute-force reference in the tests. The form used before (nearest neighbours from
 * all C x C pairs by a batched product of augmented vectors in libtorch, then gathers: {@link
 * #distanceGathered}) is kept as a reference. Measured (ChamferProfile, BENCHMARKS.md): differentiating
 * through the (n, C, C) distance matrix made the distance 56-63% of a training step at batch 256, C = 100;
 * the batched search with gathers 41%; the CPU search with the quadratic form 12%.
 */
public final class Chamfer {
  /** Added to the squared distance of a padded slot so that it never is a minimum (units: features^2). */
  static final float PADDED = 1e6f;

  private Chamfer() {}

  /**
   * Per-example Chamfer distances of a batch, differentiable with respect to the reconstruction y (the
   * inputs x are data: no gradient flows to them).
   *
   * <p>The nearest neighbours come from one CPU pass over the real pairs ({@link #nearest}); then, per
   * output slot j, a_j = (number of real inputs whose nearest output is j) + mask_j and b_j = (sum of those
   * inputs + mask_j x_{nearest input of j}) / a_j, so that the sum of the matched squared distances is
   * sum_j a_j |y_j - b_j|^2 + K with K not depending on y (K = the exact matched sum minus that quadratic
   * form at the current y, in double precision). The expression built in the engine is that quadratic
   * form plus K: element-wise (n, C, F) operations whose gradient, 2 a_j (y_j - b_j) / C, is the gradient
   * of the minima (a.e.); no gathers, no (n, C, C) arrays. Measured (BENCHMARKS.md, "Jet models"): 29 ms
   * instead of 94 ms of CPU per batch of 256 jets (C = 100), 12% instead of 41% of a training step.
   *
   * @param x inputs (n, C, F)
   * @param y reconstructions (n, C, F)
   * @param mask (n, C), 1 for a real particle, 0 for a padded slot
   * @return (n)
   */
  public static NDArray distance(NDArray x, NDArray y, NDArray mask) {
    Shape s = x.getShape();
    int n = Math.toIntExact(s.get(0));
    int c = Math.toIntExact(s.get(1));
    int f = Math.toIntExact(s.get(2));
    float[] xs = x.toFloatArray();
    float[] ys = y.stopGradient().toFloatArray();
    float[] ms = mask.toFloatArray();
    int[] toOutput = new int[n * c];
    int[] toInput = new int[n * c];
    search(xs, ys, ms, n, c, f, toOutput, toInput);
    float[] weight = new float[n * c];
    double[] centre = new double[n * c * f];
    float[] target = new float[n * c * f];
    float[] constant = new float[n];
    for (int k = 0; k < n; k++) {
      double exact = 0;
      for (int i = 0; i < c; i++) {
        int slot = k * c + i;
        if (ms[slot] == 0f) {
          continue;
        }
        int j = k * c + toOutput[slot]; // input i -> its nearest output j
        weight[j] += 1;
        exact += accumulate(xs, ys, centre, slot * f, j * f, f);
        int near = k * c + toInput[slot]; // output i -> its nearest input
        weight[slot] += 1;
        exact += accumulate(xs, ys, centre, near * f, slot * f, f);
      }
      double quadratic = 0;
      for (int j = k * c; j < (k + 1) * c; j++) {
        if (weight[j] == 0f) {
          continue;
        }
        for (int q = 0; q < f; q++) {
          double b = centre[j * f + q] / weight[j];
          target[j * f + q] = (float) b;
          double d = ys[j * f + q] - b;
          quadratic += weight[j] * d * d;
        }
      }
      constant[k] = (float) (exact - quadratic);
    }
    NDManager m = x.getManager();
    NDArray a = m.create(weight, new Shape(n, c, 1));
    NDArray b = m.create(target, new Shape(n, c, f));
    NDArray k = m.create(constant, new Shape(n));
    return Tensors.div(y.sub(b).square().mul(a).sum(new int[] {1, 2}).add(k), (float) c);
  }

  /** Adds input xo to the centre of output yo and returns their squared distance. */
  private static double accumulate(float[] xs, float[] ys, double[] centre, int xo, int yo, int f) {
    double d2 = 0;
    for (int q = 0; q < f; q++) {
      centre[yo + q] += xs[xo + q];
      double d = (double) xs[xo + q] - ys[yo + q];
      d2 += d * d;
    }
    return d2;
  }

  /**
   * The distance as before the CPU pass: neighbours from {@link #nearestBatched}, then the matched
   * particles gathered and their squared distances computed differentiably (also in x). Kept as the
   * reference of the test and of the profile (ChamferProfile).
   */
  public static NDArray distanceGathered(NDArray x, NDArray y, NDArray mask) {
    long n = x.getShape().get(0);
    long c = x.getShape().get(1);
    long f = x.getShape().get(2);
    NDArray[] nearest = nearestBatched(x.stopGradient(), y.stopGradient(), mask.stopGradient());
    Shape triples = new Shape(n, c, f);
    NDArray yNear = y.gather(nearest[0].expandDims(2).broadcast(triples), 1);
    NDArray xNear = x.gather(nearest[1].expandDims(2).broadcast(triples), 1);
    NDArray toOutputs = x.sub(yNear).square().sum(new int[] {2}); // (n, C)
    NDArray toInputs = y.sub(xNear).square().sum(new int[] {2});
    return Tensors.div(toOutputs.mul(mask).sum(new int[] {1}).add(toInputs.mul(mask).sum(new int[] {1})), (float) c);
  }

  /**
   * Indices of the nearest real output of each input and of the nearest real input of each output, (n, C)
   * each (int64; 0 on padded slots, which the distance masks out); no gradient. One pass over the pairs
   * of REAL particles of each jet, on the CPU in float32, finds both directions' minima (the first index
   * on ties, as argMin): the padded slots cost nothing, where the batched product ({@link #nearestBatched})
   * computes all C x C pairs of every jet twice.
   */
  public static NDArray[] nearest(NDArray x, NDArray y, NDArray mask) {
    Shape s = x.getShape();
    int n = Math.toIntExact(s.get(0));
    int c = Math.toIntExact(s.get(1));
    int f = Math.toIntExact(s.get(2));
    int[] toOutput = new int[n * c];
    int[] toInput = new int[n * c];
    search(x.toFloatArray(), y.toFloatArray(), mask.toFloatArray(), n, c, f, toOutput, toInput);
    long[] a = new long[n * c];
    long[] b = new long[n * c];
    for (int i = 0; i < a.length; i++) {
      a[i] = toOutput[i];
      b[i] = toInput[i];
    }
    NDManager m = x.getManager();
    return new NDArray[] {m.create(a, new Shape(n, c)), m.create(b, new Shape(n, c))};
  }

  /** The CPU pass of {@link #nearest}: slot indices within the jet (0 on padded slots). */
  private static void search(float[] xs, float[] ys, float[] ms, int n, int c, int f, int[] toOutput, int[] toInput) {
    int[] real = new int[c];
    float[] colBest = new float[c];
    for (int k = 0; k < n; k++) {
      int r = 0;
      for (int i = 0; i < c; i++) {
        if (ms[k * c + i] != 0f) {
          real[r++] = i;
        }
      }
      for (int jj = 0; jj < r; jj++) {
        colBest[real[jj]] = Float.POSITIVE_INFINITY;
      }
      for (int ii = 0; ii < r; ii++) {
        int i = real[ii];
        int xo = (k * c + i) * f;
        float best = Float.POSITIVE_INFINITY;
        int arg = 0;
        for (int jj = 0; jj < r; jj++) {
          int j = real[jj];
          int yo = (k * c + j) * f;
          float d = 0;
          for (int q = 0; q < f; q++) {
            float t = xs[xo + q] - ys[yo + q];
            d += t * t;
          }
          if (d < best) {
            best = d;
            arg = j;
          }
          if (d < colBest[j]) {
            colBest[j] = d;
            toInput[k * c + j] = i;
          }
        }
        toOutput[k * c + i] = arg;
      }
    }
  }

  /**
   * {@link #nearest} by all pairwise squared distances in one batched product of augmented vectors
   * ([x, |x|^2 + pad, 1] . [-2 y, 1, |y|^2 + pad] = |x - y|^2 + pads) and argMin, in libtorch (the
   * implementation before the CPU pass; kept as the reference of the test and the profile).
   */
  public static NDArray[] nearestBatched(NDArray x, NDArray y, NDArray mask) {
    NDArray pad = Tensors.mul(mask.neg().add(1f), PADDED).expandDims(2); // (n, C, 1): PADDED on padded slots
    NDArray ones = mask.onesLike().expandDims(2);
    NDArray xa = x.concat(x.square().sum(new int[] {2}, true).add(pad), 2).concat(ones, 2); // (n, C, F + 2)
    NDArray ya = Tensors.mul(y, -2f).concat(ones, 2).concat(y.square().sum(new int[] {2}, true).add(pad), 2);
    // d and its transpose by two products: a minimum along the last, contiguous axis is several times
    // faster than along a strided one (measured), and a product costs less than either
    NDArray d = xa.batchMatMul(ya.transpose(0, 2, 1)); // (n, C, C): d[b, i, j]
    NDArray dt = ya.batchMatMul(xa.transpose(0, 2, 1)); // (n, C, C): d[b, j, i]
    return new NDArray[] {d.argMin(2), dt.argMin(2)};
  }

  /**
   * Per-example mean squared error over the real slots of the same, pT-ordered list (slot i against
   * slot i): the permutation-dependent loss the Chamfer distance is compared with. Same normalisation:
   * (1/C) sum_{i real} |x_i - y_i|^2.
   */
  public static NDArray slotwise(NDArray x, NDArray y, NDArray mask) {
    long c = x.getShape().get(1);
    return Tensors.div(x.sub(y).square().sum(new int[] {2}).mul(mask).sum(new int[] {1}), (float) c);
  }

  /**
   * The Chamfer distance of one example in double precision.
   *
   * @param x inputs, example k at {@code x[(k C + i) F + f]}
   * @param y reconstructions, same layout
   * @param mask {@code mask[k C + i]}
   * @param k the example
   * @param c C
   * @param features F
   */
  public static double distance(float[] x, float[] y, float[] mask, int k, int c, int features) {
    int base = k * c;
    double[] toInputs = new double[c]; // nearest input of each output, filled in the same pass
    java.util.Arrays.fill(toInputs, Double.POSITIVE_INFINITY);
    double toOutputs = 0;
    boolean any = false;
    for (int i = 0; i < c; i++) {
      if (mask[base + i] == 0f) {
        continue;
      }
      any = true;
      double best = Double.POSITIVE_INFINITY;
      int xo = (base + i) * features;
      for (int j = 0; j < c; j++) {
        if (mask[base + j] == 0f) {
          continue;
        }
        double d = squared(x, y, xo, (base + j) * features, features);
        if (d < best) {
          best = d;
        }
        if (d < toInputs[j]) {
          toInputs[j] = d;
        }
      }
      toOutputs += best;
    }
    if (!any) {
      return 0;
    }
    double sum = toOutputs;
    for (int j = 0; j < c; j++) {
      if (mask[base + j] != 0f) {
        sum += toInputs[j];
      }
    }
    return sum / c;
  }

  /** The slot-wise squared error of one example in double precision (see {@link #slotwise}). */
  public static double slotwise(float[] x, float[] y, float[] mask, int k, int c, int features) {
    int base = k * c;
    double sum = 0;
    for (int i = 0; i < c; i++) {
      if (mask[base + i] != 0f) {
        sum += squared(x, y, (base + i) * features, (base + i) * features, features);
      }
    }
    return sum / c;
  }

  private static double squared(float[] x, float[] y, int xo, int yo, int features) {
    double s = 0;
    for (int f = 0; f < features; f++) {
      double d = (double) x[xo + f] - y[yo + f];
      s += d * d;
    }
    return s;
  }
}
