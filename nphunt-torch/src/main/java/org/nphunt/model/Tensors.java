package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays in libtorch-owned memory, for every array that enters a computation whose result must be
 * reproducible bit for bit, and arithmetic with constants that is safe under autograd.
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

  /*
   * Constants in differentiable expressions. DJL's NDArray.mul(Number) (and div, maximum, minimum,
   * pow, ...) makes the constant a 0-dim array with NDManager.create(Number): a from_blob view of a
   * fresh Java direct buffer, closed right after the operation. libtorch's autograd keeps the operands
   * that the backward pass needs (mul and div save the other factor, maximum and minimum both
   * operands) by reference to that memory, which the JVM frees as soon as a garbage collection runs
   * the buffer's cleaner. A collection between forward and backward (it depends on the heap and the
   * other threads, so on the run) makes the backward pass read freed memory: gradients that differ
   * between runs with identical losses, and NaN gradients that Adam writes into the weights (the
   * hlf-vae's "NaN loss at epoch 2" and its run-to-run differences, issues 14 and 16). The helpers
   * below put the constant into libtorch-owned memory, which the saved reference keeps alive; the
   * kernels and the constant's data type are those of DJL's own Number overloads, so results are
   * bit-identical to them when no collection interferes. add(Number) and sub(Number) save nothing and
   * are safe; so are comparisons (not differentiable) and clip (a libtorch Scalar).
   */

  /** {@code a * v} with the constant in libtorch-owned memory (safe under autograd). */
  public static NDArray mul(NDArray a, Number v) {
    try (NDArray c = constant(a.getManager(), v)) {
      return a.mul(c);
    }
  }

  /** {@code a / v} with the constant in libtorch-owned memory (safe under autograd). */
  public static NDArray div(NDArray a, Number v) {
    try (NDArray c = constant(a.getManager(), v)) {
      return a.div(c);
    }
  }

  /** Element-wise max(a, v) with the constant in libtorch-owned memory (safe under autograd). */
  public static NDArray maximum(NDArray a, Number v) {
    try (NDArray c = constant(a.getManager(), v)) {
      return a.maximum(c);
    }
  }

  /** Element-wise min(a, v) with the constant in libtorch-owned memory (safe under autograd). */
  public static NDArray minimum(NDArray a, Number v) {
    try (NDArray c = constant(a.getManager(), v)) {
      return a.minimum(c);
    }
  }

  /**
   * A 0-dim array holding v (float32 for a Float, float64 for a Double, as NDManager.create(Number))
   * in libtorch-owned memory.
   */
  public static NDArray constant(NDManager manager, Number v) {
    try (NDArray wrapped = manager.create(v)) {
      return wrapped.duplicate(); // same manager, libtorch's memory
    }
  }

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
