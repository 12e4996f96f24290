package org.nphunt.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.kernel.Kernels;
import org.nphunt.kernel.RecurrentNet;
import org.nphunt.kernel.RecurrentTraining;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.model.RecurrentAutoencoder;
import org.nphunt.score.RecurrentNetworks;

/**
 * The {@link Trainer}'s fused engine for the recurrent autoencoder with attention ({@code rnn-attention},
 * without the bounded output head): forward with teacher forcing, backpropagation through time and Adam
 * on nphunt's kernels ({@link RecurrentTraining}) on {@code TrainingConfig.threads()} threads, weights
 * bit-identical for any thread count. Same loss, same teacher-forcing draws (the {@link Trainer} passes
 * the decisions the DJL path would feed the block), same Adam with coupled L2 and the same learning-rate
 * schedule as the DJL path; the block's parameters are read and written as {@link FusedEngine} says.
 */
final class RecurrentFusedTraining implements FusedEngine {
  private final RecurrentTraining training;
  private final List<Parameter> params;
  /** For each trainable parameter (constructor order), its index in {@link RecurrentNet#masterArrays()}. */
  private final int[] index;
  private final List<float[]> masters;

  static boolean supports(TrainingConfig config) {
    return !"false".equals(System.getProperty(FusedTraining.PROPERTY))
        && config.architecture() instanceof RecurrentAeConfig && !config.boundedOutputs();
  }

  RecurrentFusedTraining(Block block, List<Parameter> trainable, TrainingConfig config) {
    if (!(block instanceof RecurrentAutoencoder ra)) {
      throw new IllegalArgumentException("fused recurrent training needs a recurrent autoencoder, found "
          + block.getClass().getSimpleName());
    }
    RecurrentNet net = RecurrentNetworks.of(block);
    Map<Parameter, Integer> at = new IdentityHashMap<>();
    int k = 0;
    for (var e : ra.linears().entrySet()) {
      Linear lin = e.getValue();
      at.put(lin.getParameters().get("weight"), k++);
      Parameter b = lin.getParameters().get("bias");
      if (b != null) {
        at.put(b, k++);
      }
    }
    this.params = List.copyOf(trainable);
    this.index = new int[params.size()];
    for (int i = 0; i < params.size(); i++) {
      Integer j = at.get(params.get(i));
      if (j == null) {
        throw new IllegalStateException("parameter " + params.get(i).getName() + " is not a linear map's");
      }
      index[i] = j;
    }
    this.training = new RecurrentTraining(net, Kernels.get(), config.maskedLoss(), config.threads());
    this.masters = net.masterArrays();
  }

  RecurrentTraining training() {
    return training;
  }

  /** The gradient of trainable parameter i from the last step or {@link RecurrentTraining#gradients}. */
  float[] gradient(int i) {
    return training.gradient(index[i]);
  }

  @Override
  public double step(float[][] batch, int n, float[] random, double lr, double weightDecay) {
    return training.step(batch[0], batch[1], random, n, lr, weightDecay);
  }

  @Override
  public double loss(float[][] batch, int n) {
    return training.loss(batch[0], batch[1], n);
  }

  @Override
  public long steps() {
    return training.steps();
  }

  @Override
  public void toBlock() {
    for (int i = 0; i < params.size(); i++) {
      params.get(i).getArray().set(masters.get(index[i]));
    }
  }

  @Override
  public void fromBlock() {
    for (int i = 0; i < params.size(); i++) {
      float[] v = params.get(i).getArray().toFloatArray();
      float[] m = masters.get(index[i]);
      if (v.length != m.length) {
        throw new IllegalStateException("parameter " + params.get(i).getName() + " holds " + v.length
            + " values, expected " + m.length);
      }
      System.arraycopy(v, 0, m, 0, m.length);
    }
    training.net().refresh();
  }

  @Override
  public byte[] encodeAdam(NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDList all = new NDList();
      for (int kind = 0; kind < 2; kind++) {
        for (int i = 0; i < params.size(); i++) {
          all.add(m.create(training.moments(index[i])[kind].clone(), params.get(i).getArray().getShape()));
        }
      }
      return all.encode();
    }
  }

  @Override
  public void restoreAdam(byte[] bytes, long steps, NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDList all = NDList.decode(m, bytes);
      if (all.size() != 2 * params.size()) {
        throw new IllegalStateException("optimizer state holds " + all.size() + " arrays, expected " + 2 * params.size());
      }
      for (int kind = 0; kind < 2; kind++) {
        for (int i = 0; i < params.size(); i++) {
          NDArray a = all.get(kind * params.size() + i);
          float[] v = a.toFloatArray();
          float[] dst = training.moments(index[i])[kind];
          if (v.length != dst.length) {
            throw new IllegalStateException("optimizer state of " + params.get(i).getName() + " holds " + v.length
                + " values, expected " + dst.length);
          }
          System.arraycopy(v, 0, dst, 0, v.length);
        }
      }
    }
    training.setSteps(steps);
  }

  @Override
  public void close() {
    training.close();
  }
}
