package org.nphunt.preprocess;

import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.jet.image.JetImageConfig;
import org.nphunt.jet.image.JetImages;

/**
 * Jet images of a dijet event ({@link DijetSchema}) as a model input: each of the two leading jets is
 * one example with input {@code image} (1, P, P), rendered from its constituents by
 * {@link JetImages} (centred, rotated, flipped, pixelated, normalised to unit total intensity; arXiv:
 * 1808.08979, 1808.08992), then divided by {@code scale}.
 *
 * <p>Why the scale: a unit-intensity 40 x 40 image has pixel values of order 0.01, so a squared-error
 * loss and its gradients are tiny and the optimiser's coupled L2 weight decay would dominate them. The
 * scale is the root mean square pixel value over the training jets (all pixels, empty ones included), so
 * that a model predicting an empty image has a loss of about P^2 per jet. It is one number, so the loss
 * stays the published sum of squared pixel differences up to a constant factor.
 *
 * @param image rendering settings (pixels, half width, rotation, flip)
 * @param scale divisor of the pixel intensities, > 0
 */
public record JetImageInput(JetImageConfig image, double scale) implements Preprocessing {
  /** Type name in model files. */
  public static final String TYPE = "jet-images";
  public static final String IMAGE = "image";

  public JetImageInput {
    if (image == null) {
      throw new IllegalArgumentException("image settings must be given, found null");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be > 0 and finite, found " + scale);
    }
  }

  @Override
  public String schema() {
    return DijetSchema.NAME;
  }

  @Override
  public List<ModelInput> inputs() {
    return List.of(ModelInput.of(IMAGE, 1, image.pixels(), image.pixels()));
  }

  @Override
  public int examplesPerEvent() {
    return 2;
  }

  @Override
  public void apply(Events events, int from, int count, float[][] out, int row) {
    if (!(events.schema() instanceof DijetSchema ds)) {
      throw new NphuntException("jet images need " + DijetSchema.NAME + " events, found " + events.schema().name() + " events");
    }
    int sc = ds.constituents();
    double[] t = events.tensor(DijetSchema.CONSTITUENTS);
    JetImages images = new JetImages(image); // not thread-safe: one per call
    double[] deta = new double[sc];
    double[] dphi = new double[sc];
    double[] pt = new double[sc];
    int size = image.pixels() * image.pixels();
    float inv = (float) (1 / scale);
    float[] img = out[0];
    for (int e = 0; e < count; e++) {
      for (int jet = 0; jet < 2; jet++) {
        int src = ((from + e) * 2 + jet) * sc * 3;
        int n = 0;
        for (int k = 0; k < sc; k++) {
          double p = t[src + 3 * k + 2];
          if (p > 0) {
            deta[n] = t[src + 3 * k];
            dphi[n] = t[src + 3 * k + 1];
            pt[n] = p;
            n++;
          }
        }
        int o = (row + 2 * e + jet) * size;
        images.render(deta, dphi, pt, n, img, o);
        for (int i = o; i < o + size; i++) {
          img[i] *= inv;
        }
      }
    }
  }

  /** Fits the scale on the training jets (events passing {@code keep}; null keeps all). */
  public static JetImageInput fit(EventSource source, LongPredicate keep, int chunk, JetImageConfig image) {
    JetImageInput raw = new JetImageInput(image, 1);
    int size = image.pixels() * image.pixels();
    double sum = 0;
    long jets = 0;
    long total = source.size();
    for (long start = 0; start < total; start += chunk) {
      int k = (int) Math.min(chunk, total - start);
      Events ev = source.read(start, k);
      float[][] buf = {new float[k * 2 * size]};
      raw.apply(ev, 0, k, buf, 0);
      for (int e = 0; e < k; e++) {
        if (keep != null && !keep.test(start + e)) {
          continue;
        }
        for (int i = e * 2 * size; i < (e + 1) * 2 * size; i++) {
          double v = buf[0][i];
          sum += v * v;
        }
        jets += 2;
      }
    }
    double rms = jets == 0 ? 0 : Math.sqrt(sum / ((double) jets * size));
    return new JetImageInput(image, rms > 0 ? rms : 1);
  }
}
