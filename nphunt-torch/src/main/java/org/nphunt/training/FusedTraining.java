package org.nphunt.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.kernel.AutoencoderNet;
import org.nphunt.kernel.AutoencoderTraining;
import org.nphunt.kernel.ConvAutoencoderNet;
import org.nphunt.kernel.ConvAutoencoderTraining;
import org.nphunt.kernel.DenseLayer;
import org.nphunt.kernel.Kernels;
import org.nphunt.kernel.TrainingEngine;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.ConvAutoencoder;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.DenseAutoencoder;
import org.nphunt.model.VaeConfig;
import org.nphunt.model.VariationalAutoencoder;

/**
 * The {@link Trainer}'s engine for the dense autoencoder and the VAE without BatchNorm, dropout or the
 * bounded output head, and for the transformer autoencoder without dropout or the bounded head
 * ({@link org.nphunt.kernel.TransformerTraining}): forward, backward and Adam in one pass on nphunt's kernels
 * ({@link AutoencoderTraining}) instead of one libtorch call per operation through DJL, on
 * {@code TrainingConfig.threads()} threads with weights bit-identical for any thread count.
 *
 * <p>The DJL block stays the model: its parameters are read at the start, written back whenever the
 * trainer saves or snapshots weights, and Adam's moments are encoded exactly like
 * {@link AdamUpdater}'s (means then variances, one array per trainable parameter, in block order), so
 * checkpoints have one format whichever engine wrote them.
 *
 * <p>The convolutional autoencoder ({@code conv}) trains the same way on {@link ConvAutoencoderTraining}
 * (its convolutions as folded dense bands or im2col GEMMs on the same kernels); its layers' master weights are the libtorch tensors
 * flattened, so the parameter plumbing below is shared.
 */
final class FusedTraining implements FusedEngine {
  /** A trainable parameter: rows [row, row + rows) of a layer's weight (out x in) or bias. */
  private record Ref(Parameter parameter, int layer, boolean weight, int row, int rows) {}

  private final TrainingEngine training;
  private final List<Ref> refs = new ArrayList<>();
  /** The transformer's engine (issue 17), or null; then {@link #tIndex} maps trainable i to its parameter index. */
  private final org.nphunt.kernel.TransformerTraining transformer;
  private final List<Parameter> trainable;
  private final int[] tIndex;

  /** System property: {@code -Dnphunt.fusedTraining=false} trains every model through DJL/libtorch (A/B runs). */
  static final String PROPERTY = "nphunt.fusedTraining";

  /** Whether the configuration trains on this engine. */
  static boolean supports(TrainingConfig config) {
    if ("false".equals(System.getProperty(PROPERTY))) {
      return false;
    }
    ArchitectureConfig a = config.architecture();
    boolean plain = a instanceof DenseAeConfig d ? !d.batchNorm() && d.dropout() == 0
        : a instanceof VaeConfig v ? !v.batchNorm() && v.dropout() == 0 : a instanceof ConvAeConfig;
    // the transformer without dropout (issue 17); -Dnphunt.fusedTransformer=false keeps it on DJL
    plain |= a instanceof org.nphunt.model.TransformerAeConfig t && t.dropout() == 0
        && !"false".equals(System.getProperty(org.nphunt.score.LoadedModel.FUSED_TRANSFORMER));
    return plain && !config.boundedOutputs();
  }

  FusedTraining(Block block, List<Parameter> trainable, TrainingConfig config) {
    this.trainable = List.copyOf(trainable);
    if (block instanceof org.nphunt.model.TransformerAutoencoder ta) {
      this.training = null;
      this.transformer = new org.nphunt.kernel.TransformerTraining(ta.kernelNet(), Kernels.get(), config.maskedLoss(),
          config.threads());
      Map<Parameter, String> names = new IdentityHashMap<>();
      ta.namedParameters().forEach((name, p) -> names.put(p, name));
      this.tIndex = new int[trainable.size()];
      for (int i = 0; i < tIndex.length; i++) {
        String name = names.get(trainable.get(i));
        tIndex[i] = name == null ? -1 : transformer.names().indexOf(name);
        if (tIndex[i] < 0) {
          throw new IllegalStateException("parameter " + trainable.get(i).getName() + " is not the transformer's");
        }
      }
      return;
    }
    this.transformer = null;
    this.tIndex = null;
    if (block instanceof ConvAutoencoder c) {
      ConvAutoencoderNet net = org.nphunt.score.ConvNetworks.of(c);
      Map<Parameter, Ref> byParameter = new IdentityHashMap<>();
      for (int l = 0; l < c.layers().size(); l++) {
        Parameter w = c.layers().get(l).getParameters().get("weight");
        Parameter b = c.layers().get(l).getParameters().get("bias");
        int out = net.layers().get(l).out();
        byParameter.put(w, new Ref(w, l, true, 0, out));
        byParameter.put(b, new Ref(b, l, false, 0, out));
      }
      mapTrainable(trainable, byParameter);
      this.training = new ConvAutoencoderTraining(net, Kernels.get(), config.maskedLoss(), config.threads());
      return;
    }
    Map<Parameter, Ref> byParameter = new IdentityHashMap<>();
    List<DenseLayer> encoder;
    DenseLayer head = null;
    List<DenseLayer> decoder;
    List<DenseLayer> all = new ArrayList<>();
    if (block instanceof DenseAutoencoder d) {
      float slope = (float) d.config().leakySlope();
      encoder = layers(d.encoder(), slope, false, all, byParameter);
      decoder = layers(d.decoder(), slope, true, all, byParameter);
    } else if (block instanceof VariationalAutoencoder v) {
      float slope = (float) v.config().leakySlope();
      encoder = layers(v.trunk(), slope, false, all, byParameter);
      head = head(v.muHead(), v.logVarHead(), all, byParameter);
      decoder = layers(v.decoder(), slope, true, all, byParameter);
    } else {
      throw new IllegalArgumentException("fused training needs a dense autoencoder or a VAE, found "
          + block.getClass().getSimpleName());
    }
    mapTrainable(trainable, byParameter);
    AutoencoderNet net = new AutoencoderNet(encoder, head, decoder);
    this.training = new AutoencoderTraining(net, Kernels.get(),
        new AutoencoderTraining.Objective(config.maskedLoss(), config.architecture().variational(), config.beta()),
        config.threads());
  }

  private void mapTrainable(List<Parameter> trainable, Map<Parameter, Ref> byParameter) {
    for (Parameter p : trainable) {
      Ref r = byParameter.get(p);
      if (r == null) {
        throw new IllegalStateException("parameter " + p.getName() + " is not a linear layer's");
      }
      refs.add(r);
    }
  }

  private static List<DenseLayer> layers(SequentialBlock seq, float slope, boolean decoder, List<DenseLayer> all,
      Map<Parameter, Ref> refs) {
    List<Linear> lins = new ArrayList<>();
    List<Boolean> acts = new ArrayList<>();
    for (var child : seq.getChildren()) {
      Block b = child.getValue();
      if (b instanceof Linear lin) {
        lins.add(lin);
        acts.add(false);
      } else if (b instanceof LambdaBlock) {
        acts.set(acts.size() - 1, true);
      } else {
        throw new IllegalStateException("unexpected block in dense stack: " + b.getClass().getSimpleName());
      }
    }
    List<DenseLayer> out = new ArrayList<>();
    for (int i = 0; i < lins.size(); i++) {
      Linear lin = lins.get(i);
      float[] w = lin.getParameters().get("weight").getArray().toFloatArray();
      float[] b = lin.getParameters().get("bias").getArray().toFloatArray();
      int o = b.length;
      int in = w.length / o;
      boolean reconstruction = decoder && i == lins.size() - 1;
      DenseLayer layer = reconstruction ? DenseLayer.adcOutput(w, b, in) : new DenseLayer(w, b, in, o, acts.get(i), slope);
      int index = all.size();
      all.add(layer);
      refs.put(lin.getParameters().get("weight"), new Ref(lin.getParameters().get("weight"), index, true, 0, o));
      refs.put(lin.getParameters().get("bias"), new Ref(lin.getParameters().get("bias"), index, false, 0, o));
      out.add(layer);
    }
    return out;
  }

  private static DenseLayer head(Linear mu, Linear logVar, List<DenseLayer> all, Map<Parameter, Ref> refs) {
    float[] wm = mu.getParameters().get("weight").getArray().toFloatArray();
    float[] bm = mu.getParameters().get("bias").getArray().toFloatArray();
    float[] wl = logVar.getParameters().get("weight").getArray().toFloatArray();
    float[] bl = logVar.getParameters().get("bias").getArray().toFloatArray();
    int l = bm.length;
    int in = wm.length / l;
    float[] w = new float[2 * l * in];
    float[] b = new float[2 * l];
    System.arraycopy(wm, 0, w, 0, wm.length);
    System.arraycopy(wl, 0, w, wm.length, wl.length);
    System.arraycopy(bm, 0, b, 0, l);
    System.arraycopy(bl, 0, b, l, l);
    DenseLayer layer = new DenseLayer(w, b, in, 2 * l, false, 0f);
    int index = all.size();
    all.add(layer);
    refs.put(mu.getParameters().get("weight"), new Ref(mu.getParameters().get("weight"), index, true, 0, l));
    refs.put(mu.getParameters().get("bias"), new Ref(mu.getParameters().get("bias"), index, false, 0, l));
    refs.put(logVar.getParameters().get("weight"), new Ref(logVar.getParameters().get("weight"), index, true, l, l));
    refs.put(logVar.getParameters().get("bias"), new Ref(logVar.getParameters().get("bias"), index, false, l, l));
    return layer;
  }

  TrainingEngine training() {
    return training;
  }

  /** The transformer's engine, or null. */
  org.nphunt.kernel.TransformerTraining transformerTraining() {
    return transformer;
  }

  /** One Adam step on a batch ({@code batch[0]}: x, {@code batch[1]}: mask); returns the loss. */
  @Override
  public double step(float[][] batch, int n, float[] eps, double lr, double weightDecay) {
    if (transformer != null) {
      return transformer.step(batch[0], batch[1], n, lr, weightDecay);
    }
    return training.step(batch[0], batch[1], n, eps, lr, weightDecay);
  }

  /** The loss of a batch (VAE: z = mu). */
  @Override
  public double loss(float[][] batch, int n) {
    if (transformer != null) {
      return transformer.loss(batch[0], batch[1], n);
    }
    return training.loss(batch[0], batch[1], n);
  }

  @Override
  public long steps() {
    return transformer != null ? transformer.steps() : training.steps();
  }

  /**
   * The gradient of trainable parameter i (the order of the list given to the constructor) from the
   * last {@link AutoencoderTraining#gradients} or step, in the parameter's own layout.
   */
  float[] gradient(int i) {
    if (transformer != null) {
      return transformer.gradient(tIndex[i]);
    }
    Ref r = refs.get(i);
    return slice(r, r.weight() ? training.masterGradient(r.layer()) : training.masterBiasGradient(r.layer()));
  }

  private float[] slice(Ref r, float[] values) {
    DenseLayer d = training.layers().get(r.layer());
    int width = r.weight() ? d.in() : 1;
    float[] out = new float[r.rows() * width];
    System.arraycopy(values, r.row() * width, out, 0, out.length);
    return out;
  }

  private void fill(Ref r, float[] values, float[] into) {
    DenseLayer d = training.layers().get(r.layer());
    int width = r.weight() ? d.in() : 1;
    if (into.length < (r.row() + r.rows()) * width || values.length != r.rows() * width) {
      throw new IllegalStateException("parameter " + r.parameter().getName() + " holds " + values.length
          + " values, expected " + r.rows() * width);
    }
    System.arraycopy(values, 0, into, r.row() * width, values.length);
  }

  private float[] master(Ref r) {
    DenseLayer d = training.layers().get(r.layer());
    return r.weight() ? d.weight() : d.bias();
  }

  /** Writes the current weights into the block's parameters. */
  @Override
  public void toBlock() {
    if (transformer != null) {
      for (int i = 0; i < tIndex.length; i++) {
        trainable.get(i).getArray().set(transformer.net().parameter(transformer.names().get(tIndex[i])));
      }
      return;
    }
    for (Ref r : refs) {
      r.parameter().getArray().set(slice(r, master(r)));
    }
  }

  /** Reads the block's parameters (after the trainer set them) into the engine. */
  @Override
  public void fromBlock() {
    if (transformer != null) {
      for (int i = 0; i < tIndex.length; i++) {
        float[] master = transformer.net().parameter(transformer.names().get(tIndex[i]));
        float[] values = trainable.get(i).getArray().toFloatArray();
        if (values.length != master.length) {
          throw new IllegalStateException("parameter " + trainable.get(i).getName() + " holds " + values.length
              + " values, expected " + master.length);
        }
        System.arraycopy(values, 0, master, 0, values.length);
      }
      transformer.net().refresh();
      return;
    }
    for (Ref r : refs) {
      fill(r, r.parameter().getArray().toFloatArray(), master(r));
    }
    training.refresh();
  }

  /** Adam's moments in {@link AdamUpdater}'s encoding. */
  @Override
  public byte[] encodeAdam(NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDList all = new NDList();
      if (transformer != null) {
        for (int kind = 0; kind < 2; kind++) {
          for (int i = 0; i < tIndex.length; i++) {
            all.add(m.create(transformer.moments(tIndex[i])[kind].clone(), trainable.get(i).getArray().getShape()));
          }
        }
        return all.encode();
      }
      for (int kind = 0; kind < 2; kind++) {
        for (Ref r : refs) {
          float[][] mom = training.moments(r.layer());
          float[] src = r.weight() ? mom[kind] : mom[2 + kind];
          all.add(m.create(slice(r, src), r.parameter().getArray().getShape()));
        }
      }
      return all.encode();
    }
  }

  /** Restores Adam's state written by {@link #encodeAdam} or {@link AdamUpdater#encode}. */
  @Override
  public void restoreAdam(byte[] bytes, long steps, NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDList all = NDList.decode(m, bytes);
      if (transformer != null) {
        if (all.size() != 2 * tIndex.length) {
          throw new IllegalStateException("optimizer state holds " + all.size() + " arrays, expected " + 2 * tIndex.length);
        }
        for (int kind = 0; kind < 2; kind++) {
          for (int i = 0; i < tIndex.length; i++) {
            float[] dst = transformer.moments(tIndex[i])[kind];
            float[] src = all.get(kind * tIndex.length + i).toFloatArray();
            if (src.length != dst.length) {
              throw new IllegalStateException("optimizer state of " + trainable.get(i).getName() + " holds " + src.length
                  + " values, expected " + dst.length);
            }
            System.arraycopy(src, 0, dst, 0, src.length);
          }
        }
        transformer.setSteps(steps);
        return;
      }
      if (all.size() != 2 * refs.size()) {
        throw new IllegalStateException("optimizer state holds " + all.size() + " arrays, expected " + 2 * refs.size());
      }
      for (int kind = 0; kind < 2; kind++) {
        for (int i = 0; i < refs.size(); i++) {
          Ref r = refs.get(i);
          float[][] mom = training.moments(r.layer());
          NDArray a = all.get(kind * refs.size() + i);
          fill(r, a.toFloatArray(), r.weight() ? mom[kind] : mom[2 + kind]);
        }
      }
    }
    training.setSteps(steps);
  }

  @Override
  public void close() {
    if (transformer != null) {
      transformer.close();
      return;
    }
    training.close();
  }
}
