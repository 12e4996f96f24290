package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.special.Erf;
import org.nphunt.fit.PoissonSampler;
import org.nphunt.model.Tensors;
import org.nphunt.preprocess.HlfStandardizer;
import org.nphunt.preprocess.ModelInput;

/**
 * The objective of the HLF VAE (Cerri et al., arXiv:1811.10276): the decoder gives, for every
 * high-level feature, the parameters of a distribution of its kind ({@link HlfKind}), and the
 * reconstruction loss is the negative log-likelihood (NLL) of the input under them; total per event
 * = NLL + beta KL(q(z|x) || N(0, 1)), averaged over the batch.
 *
 * <p>Decoder outputs: {@code params} (3F, model order of {@link HlfStandardizer}): a (location),
 * b (width), c (zero fraction) per feature, mapped to physical parameters with the preprocessing's
 * offset o and scale s: location mu = o + s a (log-normal: of log v), width sigma = s (1.005 +
 * ISRLU(b)) with ISRLU(b) = b for b &gt; 0, b / sqrt(1 + b^2) otherwise (the study's
 * "InverseSquareRootLinearUnit"), zero fraction f = (1 + 0.999 tanh c) / 2, Bernoulli p = (1 + 0.98
 * tanh a) / 2, Poisson lambda = s (1 + ISRLU(a)); then {@code mu}, {@code logVar} (L) of the latent.
 *
 * <p>Scores (per event): {@code hlf_vae_total} (the training loss), {@code hlf_vae_nll},
 * {@code hlf_vae_kl}, and {@code nll_<feature>} for every feature in the table's order (the terms of
 * the NLL; they add up to hlf_vae_nll). The training loss and the scores use the same formulas (NDArray
 * in float32 for the loss, Java doubles for the scores).
 */
public final class HlfLikelihood implements Objective {
  public static final String TOTAL = "hlf_vae_total";
  public static final String NLL = "hlf_vae_nll";
  public static final String KL = "hlf_vae_kl";
  /** Prefix of the per-feature NLL scores. */
  public static final String FEATURE_PREFIX = "nll_";

  private static final double SQRT2 = Math.sqrt(2);
  private final HlfStandardizer pre;
  private final int latent;
  private final double beta;
  private final int f;
  private final HlfKind[] kinds;
  private final List<ModelInput> outputs;
  private final List<String> scoreNames;
  /** Score row of each model-order feature. */
  private final int[] scoreRow;
  /** Per kind (by ordinal): the offsets and scales of its features, libtorch-owned, made once. */
  private NDArray[] offsetNd;
  private NDArray[] scaleNd;

  public HlfLikelihood(HlfStandardizer pre, int latent, double beta) {
    this.pre = pre;
    this.latent = latent;
    this.beta = beta;
    this.f = pre.width();
    this.kinds = new HlfKind[f];
    for (int k = 0; k < f; k++) {
      kinds[k] = pre.kind(k);
    }
    this.outputs = List.of(ModelInput.of("params", 3 * f), ModelInput.of("mu", latent), ModelInput.of("logVar", latent));
    List<String> names = new ArrayList<>(List.of(TOTAL, NLL, KL));
    for (String feature : pre.features()) {
      names.add(FEATURE_PREFIX + feature);
    }
    this.scoreNames = List.copyOf(names);
    this.scoreRow = new int[f];
    for (int k = 0; k < f; k++) {
      scoreRow[k] = 3 + pre.features().indexOf(pre.order().get(k));
    }
  }

  public HlfStandardizer preprocessing() {
    return pre;
  }

  public double beta() {
    return beta;
  }

  @Override
  public List<ModelInput> outputs() {
    return outputs;
  }

  @Override
  public String pValueScore() {
    return TOTAL;
  }

  @Override
  public List<String> scoreNames() {
    return scoreNames;
  }

  // ------------------------------------------------------------------ training loss (NDArray)

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    NDArray nll = nllPerEvent(out.get(0), Objective.input(inputs, "target"), model)
        .add(Objective.input(inputs, "nllConst").sum(new int[] {1}));
    NDArray kl = Tensors.mul(Losses.kl(out.get(1), out.get(2)), (float) n); // Losses.kl averages over the batch
    return Tensors.div(nll.sum().add(Tensors.mul(kl, (float) beta)), (float) n);
  }

  /** Sum over features of the network-dependent part of the NLL, per event (B). */
  NDArray nllPerEvent(NDArray params, NDArray x, NDManager model) {
    constants(model);
    NDArray total = null;
    for (HlfKind kind : HlfKind.values()) {
      int[] r = pre.range(kind);
      if (r[0] == r[1]) {
        continue;
      }
      NDArray term = term(kind, params, x, r[0], r[1]);
      NDArray s = term.sum(new int[] {1});
      total = total == null ? s : total.add(s);
    }
    return total;
  }

  /**
   * The per-kind offset and scale arrays, made once in {@code model}'s manager (libtorch-owned, so
   * that no batch slices or re-wraps them: a slice per batch would stay attached to the long-lived
   * manager until the end of training).
   */
  private synchronized void constants(NDManager model) {
    if (offsetNd == null) {
      NDArray[] o = new NDArray[HlfKind.values().length];
      NDArray[] s = new NDArray[o.length];
      for (HlfKind kind : HlfKind.values()) {
        int[] r = pre.range(kind);
        if (r[0] == r[1]) {
          continue;
        }
        float[] ov = new float[r[1] - r[0]];
        float[] sv = new float[ov.length];
        for (int k = r[0]; k < r[1]; k++) {
          ov[k - r[0]] = (float) pre.paramOffset()[k];
          sv[k - r[0]] = (float) pre.paramScale()[k];
        }
        o[kind.ordinal()] = Tensors.owned(model, ov, new ai.djl.ndarray.types.Shape(ov.length));
        s[kind.ordinal()] = Tensors.owned(model, sv, new ai.djl.ndarray.types.Shape(sv.length));
      }
      scaleNd = s;
      offsetNd = o;
    }
  }

  private static NDIndex cols(int from, int to) {
    return new NDIndex(":, " + from + ":" + to);
  }

  /** ISRLU(b) = b (b &gt; 0), b / sqrt(1 + b^2) (b &lt;= 0). */
  static NDArray isrlu(NDArray b) {
    NDArray neg = Tensors.minimum(b, 0f);
    return Tensors.maximum(b, 0f).add(neg.div(neg.square().add(1f).sqrt()));
  }

  private static NDArray phi(NDArray z) {
    return Tensors.mul(Tensors.div(z, (float) SQRT2).erf().add(1f), 0.5f);
  }

  /** max(a, FLOOR) with the floor in libtorch-owned memory. */
  private static NDArray floored(NDArray a) {
    return Tensors.maximum(a, (float) HlfKind.FLOOR);
  }

  /** The network-dependent NLL of the model-order features [a, b) of one kind: (B, b - a). */
  NDArray term(HlfKind kind, NDArray params, NDArray target, int a, int b) {
    NDArray x = target.get(cols(a, b));
    NDArray p1 = params.get(cols(a, b));
    NDArray p2 = params.get(cols(f + a, f + b));
    NDArray p3 = params.get(cols(2 * f + a, 2 * f + b));
    // every constant of a differentiable product, quotient, max or min is libtorch-owned (Tensors.mul...)
    NDArray off = offsetNd[kind.ordinal()];
    NDArray sc = scaleNd[kind.ordinal()];
    switch (kind) {
      case LOG_NORMAL -> {
        NDArray mu = p1.mul(sc).add(off);
        NDArray sigma = isrlu(p2).add(1.005f).mul(sc);
        NDArray frac = Tensors.mul(Tensors.mul(p3.tanh(), 0.999f).add(1f), 0.5f);
        NDArray zero = x.lt((float) HlfKind.CLIP).toType(DataType.FLOAT32, false);
        NDArray z = x.clip(HlfKind.CLIP, 1e8).log().sub(mu).div(sigma);
        NDArray above = frac.neg().add(1f).log().neg().add(sigma.log()).add(Tensors.mul(z.square(), 0.5f));
        return zero.mul(frac.log().neg()).add(zero.neg().add(1f).mul(above));
      }
      case GAUSSIAN, TRUNCATED_GAUSSIAN -> {
        NDArray mu = p1.mul(sc).add(off);
        NDArray sigma = isrlu(p2).add(1.005f).mul(sc);
        NDArray z = x.sub(mu).div(sigma);
        NDArray t = sigma.log().add(Tensors.mul(z.square(), 0.5f));
        if (kind == HlfKind.TRUNCATED_GAUSSIAN) {
          t = t.add(floored(phi(mu.div(sigma))).log());
        }
        return t;
      }
      case DISCRETE_GAUSSIAN -> {
        NDArray mu = p1.mul(sc).add(off);
        NDArray sigma = isrlu(p2).add(1.005f).mul(sc);
        NDArray up = phi(x.add(0.5f).sub(mu).div(sigma));
        NDArray down = phi(x.sub(0.5f).sub(mu).div(sigma));
        NDArray norm = phi(mu.add(0.5f).div(sigma));
        return floored(up.sub(down)).log().neg().add(floored(norm).log());
      }
      case BERNOULLI -> {
        NDArray p = Tensors.mul(Tensors.mul(p1.tanh(), 0.98f).add(1f), 0.5f);
        NDArray y = x.eq(1f).toType(DataType.FLOAT32, false);
        return y.mul(p.log()).add(y.neg().add(1f).mul(p.neg().add(1f).log())).neg();
      }
      case POISSON -> {
        NDArray lambda = Tensors.maximum(isrlu(p1).add(1f).mul(sc), 1e-6f);
        return lambda.sub(x.mul(lambda.log()));
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
  }

  // ------------------------------------------------------------------ scores (Java)

  @Override
  public void scores(float[][] inputs, float[][] outputs, int events, double[][] out, int offset) {
    float[] target = inputs[1];
    float[] nc = inputs[2];
    float[] params = outputs[0];
    float[] mu = outputs[1];
    float[] logVar = outputs[2];
    for (int e = 0; e < events; e++) {
      double nll = 0;
      for (int k = 0; k < f; k++) {
        double v = target[e * f + k];
        double t = nll(k, v, params, e) + nc[e * f + k];
        out[scoreRow[k]][offset + e] = t;
        nll += t;
      }
      double kl = 0;
      for (int l = 0; l < latent; l++) {
        double m = mu[e * latent + l];
        double lv = logVar[e * latent + l];
        kl += 1 + lv - m * m - Math.exp(lv);
      }
      kl *= -0.5;
      out[0][offset + e] = nll + beta * kl;
      out[1][offset + e] = nll;
      out[2][offset + e] = kl;
    }
  }

  static double isrlu(double b) {
    return b > 0 ? b : b / Math.sqrt(1 + b * b);
  }

  static double phi(double z) {
    return 0.5 * (1 + Erf.erf(z / SQRT2));
  }

  /** The physical parameters (location, width, fraction) of model-order feature k of event e. */
  public double[] parameters(int k, float[] params, int e) {
    double a = params[e * 3 * f + k];
    double b = params[e * 3 * f + f + k];
    double c = params[e * 3 * f + 2 * f + k];
    double o = pre.paramOffset()[k];
    double s = pre.paramScale()[k];
    return switch (kinds[k]) {
      case LOG_NORMAL -> new double[] {o + s * a, s * (1.005 + isrlu(b)), 0.5 * (1 + 0.999 * Math.tanh(c))};
      case GAUSSIAN, TRUNCATED_GAUSSIAN, DISCRETE_GAUSSIAN -> new double[] {o + s * a, s * (1.005 + isrlu(b)), 0};
      case BERNOULLI -> new double[] {0.5 * (1 + 0.98 * Math.tanh(a)), 0, 0};
      case POISSON -> new double[] {Math.max(1e-6, s * (1 + isrlu(a))), 0, 0};
    };
  }

  /** The network-dependent NLL of value v of model-order feature k of event e. */
  double nll(int k, double v, float[] params, int e) {
    double[] p = parameters(k, params, e);
    switch (kinds[k]) {
      case LOG_NORMAL -> {
        if (v < HlfKind.CLIP) {
          return -Math.log(p[2]);
        }
        double z = (Math.log(Math.min(v, 1e8)) - p[0]) / p[1];
        return -Math.log(1 - p[2]) + Math.log(p[1]) + 0.5 * z * z;
      }
      case GAUSSIAN, TRUNCATED_GAUSSIAN -> {
        double z = (v - p[0]) / p[1];
        double t = Math.log(p[1]) + 0.5 * z * z;
        return kinds[k] == HlfKind.GAUSSIAN ? t : t + Math.log(Math.max(phi(p[0] / p[1]), HlfKind.FLOOR));
      }
      case DISCRETE_GAUSSIAN -> {
        double prob = phi((v + 0.5 - p[0]) / p[1]) - phi((v - 0.5 - p[0]) / p[1]);
        return -Math.log(Math.max(prob, HlfKind.FLOOR)) + Math.log(Math.max(phi((p[0] + 0.5) / p[1]), HlfKind.FLOOR));
      }
      case BERNOULLI -> {
        return v == 1 ? -Math.log(p[0]) : -Math.log(1 - p[0]);
      }
      case POISSON -> {
        return p[0] - v * Math.log(p[0]);
      }
      default -> throw new IllegalStateException();
    }
  }

  /**
   * Draws event e's features from the decoded distributions into {@code row} (the table's order):
   * log-normal: 0 with probability f, else exp(mu + sigma g); Gaussian: mu + sigma g; truncated
   * Gaussian: by rejection above 0 (0 when the mass above 0 is below 1e-6); discrete Gaussian: the
   * nearest integer of a draw above -1/2; Bernoulli: 1 with probability p (the charge: +1, else -1);
   * Poisson: a Poisson count.
   */
  public void draw(float[] params, int e, SplittableRandom r, double[] row) {
    for (int k = 0; k < f; k++) {
      double[] p = parameters(k, params, e);
      String name = pre.order().get(k);
      double v = switch (kinds[k]) {
        case LOG_NORMAL -> r.nextDouble() < p[2] ? 0 : Math.exp(Math.min(p[0] + p[1] * r.nextGaussian(), 30));
        case GAUSSIAN -> p[0] + p[1] * r.nextGaussian();
        case TRUNCATED_GAUSSIAN -> truncated(r, p[0], p[1], 0);
        case DISCRETE_GAUSSIAN -> Math.max(0.0, Math.rint(truncated(r, p[0], p[1], -0.5)));
        case BERNOULLI -> {
          boolean one = r.nextDouble() < p[0];
          yield name.equals("LepCharge") ? (one ? 1 : -1) : (one ? 1 : 0);
        }
        case POISSON -> PoissonSampler.sample(p[0], r);
      };
      row[scoreRow[k] - 3] = v;
    }
  }

  private static double truncated(SplittableRandom r, double mu, double sigma, double lo) {
    if (phi((mu - lo) / sigma) < 1e-6) {
      return Math.max(lo, 0);
    }
    while (true) {
      double v = mu + sigma * r.nextGaussian();
      if (v >= lo) {
        return v;
      }
    }
  }
}
