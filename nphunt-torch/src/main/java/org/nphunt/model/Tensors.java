package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays in libtorch-owned memory, for every array that enters a computation whose result must be
 * reproducible bit for bit.
 *
 * <p>Why: {@code NDManager.create(float[])} and {@code NDList.decode} wrap a Java direct buffer in
 * place ({@code from_blob}); its address modulo 64 bytes depends on the allocator's history (other
 * threads, the load of the machine). libtorch's CPU kernels (MKL's GEMM, vectorised reductions, fused
 * multiply-adds in the peeled loop heads) round differently for different alignments, most visibly on
 * AVX-512 machines. libtorch's own allocator aligns every tensor to 64 bytes, so a copy made by
 * libtorch ({@code clone}) computes the same way every time. The copy costs B x columns floats.
 */
public final class Tensors {
  private Tensors() {}

  /** The first {@code shape.size()} values of {@code data} as a libtorch-owned array of {@code shape}. */
  public static NDArray owned(NDManager manager, float[] data, Shape shape) {
    long size = shape.size();
    if (size > data.length) {
      throw new IllegalArgumentException("shape " + shape + " needs " + size + " values, found " + data.length);
    }
    float[] exact = size == data.length ? data : java.util.Arrays.copyOf(data, (int) size);
    try (NDArray wrapped = manager.create(exact, shape)) {
      return wrapped.duplicate(); // same manager, libtorch's memory
    }
  }

  /**
   * Gives {@code target} (e.g. a parameter) the values {@code values} in libtorch-owned memory, keeping
   * the Java object and its requires-gradient flag. {@code NDArray.set(float[])} would instead point the
   * tensor at a Java direct buffer (DJL's torchSet is {@code set_(storage of the buffer)}), whose address
   * modulo 64 bytes changes from run to run: measured, the same seeded chamfer-vae training gave other
   * weights after two epochs in about one JVM run in three on this AVX-512 machine.
   */
  public static void assign(NDArray target, float[] values) {
    boolean grad = target.hasGradient();
    NDArray fresh = owned(target.getManager(), values, target.getShape());
    target.intern(fresh); // target takes fresh's tensor; fresh is closed
    if (grad) {
      target.setRequiresGradient(true);
    }
  }

  /** Moves every parameter of a block into libtorch-owned memory (values unchanged; see {@link #assign}). */
  public static void ownParameters(ai.djl.nn.Block block) {
    for (var p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      assign(a, a.toFloatArray());
    }
  }

  /** Replaces every array of a decoded list by a libtorch-owned copy (the list is modified and returned). */
  public static NDList owned(NDList list) {
    for (int i = 0; i < list.size(); i++) {
      NDArray a = list.get(i);
      list.set(i, a.duplicate()); // same manager, libtorch's memory
      a.close();
    }
    return list;
  }
}
