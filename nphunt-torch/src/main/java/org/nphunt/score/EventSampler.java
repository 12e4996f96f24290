package org.nphunt.score;

import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.data.Feature;
import org.nphunt.data.ObjectType;
import org.nphunt.model.Tensors;
import org.nphunt.model.VariationalAutoencoder;
import org.nphunt.objective.EventReconstruction;
import org.nphunt.preprocess.OutputBounds;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.random.Seeds;

/**
 * The object-level VAE ({@code vae}, ADC2021 layout) as an event generator (issue 14, after the HLT
 * study, Cerri et al., arXiv:1811.10276): latent points z ~ N(0, I_L) from the prior, decoded to the 57
 * standardised (pT, eta, phi) outputs, the bounded-output head applied when the model has one, the
 * standardisation inverted ({@link Standardizer#physical}), and the result written as valid ADC2021
 * events.
 *
 * <p>Occupancy: the decoder has no occupancy output (an empty slot's input is the standardised 0, the
 * real objects' mean), so which slots hold an object is decided from the decoded standardised pT: slot s
 * is filled when it exceeds the threshold t_s at which the fraction of filled slots among
 * {@value #CALIBRATION} calibration draws from the prior equals the slot's occupancy in the training
 * sample (its real entries over the training events, from the standardizer's counts; MET is always
 * present). So every slot's marginal occupancy matches the training sample by construction; which
 * events get the objects follows the decoder. The calibration draws come from a fixed stream, so the
 * thresholds are a property of the model.
 *
 * <p>Validity (what nphunt's ADC2021 reader accepts, and the published layout): an empty slot is
 * exactly (0, 0, 0, 0); a filled slot has its type's class id; objects of a type fill its first slots,
 * ordered by decreasing pT; pT is in [0, {@link Feature#MAX_GEV}] GeV (non-finite decoded values give
 * 0 or the maximum); |eta| is clamped to the type's acceptance ({@link OutputBounds}: electrons 3.0,
 * muons 2.1, jets 4.0) and MET's eta is 0; phi is wrapped into (-pi, pi].
 *
 * <p>Determinism: events are drawn in chunks of {@link #CHUNK}; chunk c uses its own stream
 * {@code Seeds.random(seed, "event-sample", c)}, so the same seed gives the same events for any N's
 * common prefix of chunks.
 */
public final class EventSampler {
  /** Events per seeded chunk. */
  public static final int CHUNK = 4096;
  /** Prior draws that calibrate the occupancy thresholds. */
  public static final int CALIBRATION = 16_384;

  private EventSampler() {}

  /**
   * Draws {@code n} events from a trained object-level VAE.
   *
   * @throws NphuntException when the model is not an ADC2021 VAE or n &lt; 0
   */
  public static EventBatch sample(LoadedModel model, int n, long seed) {
    if (!(model.block() instanceof VariationalAutoencoder vae) || !(model.objective() instanceof EventReconstruction er)
        || !(model.preprocessing() instanceof Standardizer std)) {
      throw new NphuntException("sampling ADC2021 events needs a vae model, found " + model.architecture().architecture());
    }
    if (n < 0) {
      throw new NphuntException("number of events to sample must be >= 0, found " + n);
    }
    double[] thresholds = thresholds(model, vae, er, std);
    EventBatch out = new EventBatch(n);
    for (int start = 0, c = 0; start < n; start += CHUNK, c++) {
      int count = Math.min(CHUNK, n - start);
      float[] raw = decode(model, vae, er, count, Seeds.random(seed, "event-sample", c));
      for (int e = 0; e < count; e++) {
        event(raw, e * INPUTS, std, thresholds, out.particles(), (start + e) * VALUES_PER_EVENT);
      }
    }
    return out;
  }

  /**
   * The decoded standardised outputs (count x 57, bounded head applied) of {@code count} prior draws,
   * z drawn event by event from {@code r}.
   */
  static float[] decode(LoadedModel model, VariationalAutoencoder vae, EventReconstruction er, int count, SplittableRandom r) {
    int latent = vae.config().latentDim();
    float[] z = new float[count * latent];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) r.nextGaussian();
    }
    float[] raw;
    try (NDManager m = model.manager().newSubManager()) {
      raw = vae.decoder().forward(new ParameterStore(m, false), new NDList(Tensors.owned(m, z, new Shape(count, latent))),
          false).singletonOrThrow().toFloatArray();
    }
    er.bounds().apply(raw, 0, count);
    return raw;
  }

  /**
   * Per slot, the decoded standardised pT above which the slot holds an object: the (1 - p_s) quantile
   * over {@value #CALIBRATION} fixed prior draws, p_s the training occupancy; -inf for MET (always
   * present) and for slots always filled, +inf for slots never filled in training.
   */
  static double[] thresholds(LoadedModel model, VariationalAutoencoder vae, EventReconstruction er, Standardizer std) {
    float[] raw = decode(model, vae, er, CALIBRATION, Seeds.random(0, "event-sample/calibration"));
    long events = std.counts()[0];
    double[] t = new double[SLOTS];
    double[] col = new double[CALIBRATION];
    for (int s = 0; s < SLOTS; s++) {
      double p = events <= 0 ? 0 : (double) std.counts()[s * KINEMATIC] / events;
      if (s == 0 || p >= 1) {
        t[s] = Double.NEGATIVE_INFINITY;
        continue;
      }
      if (p <= 0) {
        t[s] = Double.POSITIVE_INFINITY;
        continue;
      }
      for (int i = 0; i < CALIBRATION; i++) {
        col[i] = raw[i * INPUTS + s * KINEMATIC];
      }
      Arrays.sort(col);
      // exactly round(p * CALIBRATION) calibration draws lie strictly above t (ties aside)
      int filled = (int) Math.round(p * CALIBRATION);
      t[s] = filled <= 0 ? Double.POSITIVE_INFINITY : filled >= CALIBRATION ? Double.NEGATIVE_INFINITY
          : col[CALIBRATION - filled - 1];
    }
    return t;
  }

  /**
   * One event from its decoded standardised outputs {@code raw[off .. off + 57)} into
   * {@code particles[pOff .. pOff + 76)} (which must be zero), valid as described in the class comment.
   */
  static void event(float[] raw, int off, Standardizer std, double[] thresholds, double[] particles, int pOff) {
    double[] pt = new double[SLOTS];
    double[] eta = new double[SLOTS];
    double[] phi = new double[SLOTS];
    boolean[] filled = new boolean[SLOTS];
    for (int s = 0; s < SLOTS; s++) {
      int c = s * KINEMATIC;
      filled[s] = raw[off + c] > thresholds[s];
      pt[s] = clampPt(std.physical(c, raw[off + c]));
      eta[s] = std.physical(c + 1, raw[off + c + 1]);
      phi[s] = wrapPhi(std.physical(c + 2, raw[off + c + 2]));
    }
    Integer[] order = new Integer[SLOTS];
    for (ObjectType type : ObjectType.values()) {
      int k = 0;
      for (int s = type.firstSlot(); s < type.endSlot(); s++) {
        if (filled[s] || type == ObjectType.MET) {
          order[k++] = s;
        }
      }
      Arrays.sort(order, 0, k, (a, b) -> Double.compare(pt[b], pt[a]));
      double acceptance = acceptance(type);
      for (int j = 0; j < k; j++) {
        int from = order[j];
        int q = pOff + (type.firstSlot() + j) * FEATURES;
        particles[q] = pt[from];
        particles[q + 1] = type == ObjectType.MET ? 0.0 : clampEta(eta[from], acceptance);
        particles[q + 2] = phi[from];
        particles[q + 3] = type.classId();
      }
    }
  }

  /** The |eta| acceptance of a type (0 for MET). */
  public static double acceptance(ObjectType type) {
    return switch (type) {
      case MET -> 0;
      case ELECTRON -> OutputBounds.ELECTRON_ETA;
      case MUON -> OutputBounds.MUON_ETA;
      case JET -> OutputBounds.JET_ETA;
    };
  }

  /** pT clamped to [0, MAX_GEV]; NaN gives 0. */
  static double clampPt(double pt) {
    if (!(pt > 0)) {
      return 0.0;
    }
    return Math.min(pt, Feature.MAX_GEV);
  }

  /** eta clamped to [-a, a]; NaN gives 0. */
  static double clampEta(double eta, double a) {
    if (Double.isNaN(eta)) {
      return 0.0;
    }
    return Math.max(-a, Math.min(a, eta));
  }

  /** An angle wrapped into (-pi, pi]; non-finite gives 0. */
  public static double wrapPhi(double phi) {
    if (!Double.isFinite(phi)) {
      return 0.0;
    }
    double w = Math.IEEEremainder(phi, 2 * Math.PI); // exact, in [-pi, pi] for any magnitude
    return w <= -Math.PI ? w + 2 * Math.PI : Math.min(w, Math.PI);
  }
}
