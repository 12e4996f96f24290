package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The Lorentz layer (LoLa) of Butter, Kasieczka, Plehn, Russell, arXiv:1707.08966 (their eq. 7): from K
 * four-vectors k~_j = (E, px, py, pz) (the {@link CombinationLayer}'s output) it computes per object j
 *
 * <pre>
 *   k^_j = ( m^2(k~_j),  pT(k~_j),  sum_m w^E_jm E(k~_m),  sum_m w^d_jm d^2_jm )
 *   m^2(k) = k_mu g^{mu nu} k_nu = E^2 - px^2 - py^2 - pz^2      (Minkowski metric g = diag(1,-1,-1,-1))
 *   pT(k) = sqrt(px^2 + py^2)
 *   d^2_jm = (k~_j - k~_m)_mu g^{mu nu} (k~_j - k~_m)_nu = m^2_j + m^2_m - 2 k~_j . k~_m
 * </pre>
 *
 * with trainable K x K weights w^E and w^d (initialised from N(0, 0.1^2)). The paper also tried a
 * trainable metric and found it converging to Minkowski's; here g is fixed. Input: NDList[k~ (B,K,4)];
 * output: NDList[features (B,K,4)] in the order above. pT is computed as sqrt(px^2 + py^2 + 1e-12) so
 * that its gradient stays finite at the zero four-vectors of padded constituents.
 */
public final class LorentzLayer extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Features per object: m^2, pT, weighted energy sum, weighted Minkowski-distance sum. */
  public static final int FEATURES = 4;
  private static final float PT_EPSILON = 1e-12f;
  private final int objects;
  private final Parameter energyWeights;
  private final Parameter distanceWeights;

  /** A LoLa for {@code objects} = K four-vectors. */
  public LorentzLayer(int objects) {
    super(VERSION);
    if (objects < 1) {
      throw new IllegalArgumentException("objects must be >= 1, found " + objects);
    }
    this.objects = objects;
    this.energyWeights = addParameter(weight("energyWeights", objects));
    this.distanceWeights = addParameter(weight("distanceWeights", objects));
  }

  private static Parameter weight(String name, int k) {
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(k, k))
        .optInitializer(new NormalInitializer(0.1f)).build();
  }

  /** w^E (K, K): row j weights the energies of all objects for object j. */
  public Parameter energyWeights() {
    return energyWeights;
  }

  /** w^d (K, K): row j weights the squared Minkowski distances of object j to all objects. */
  public Parameter distanceWeights() {
    return distanceWeights;
  }

  /** The Minkowski metric diag(1, -1, -1, -1) as a libtorch-owned (4) array of {@code like}'s manager. */
  private static NDArray metric(NDArray like) {
    return Tensors.owned(like.getManager(), new float[] {1f, -1f, -1f, -1f}, new Shape(4));
  }

  /** m^2 = E^2 - |p|^2 of every four-vector of k (..., 4): shape (...). */
  public static NDArray massSquared(NDArray k) {
    try (NDArray g = metric(k)) {
      return k.square().mul(g).sum(new int[] {-1});
    }
  }

  /** pT = sqrt(px^2 + py^2 + 1e-12) of every four-vector of k (..., 4): shape (...). */
  public static NDArray transverseMomentum(NDArray k) {
    NDArray px = k.get(new NDIndex("..., 1"));
    NDArray py = k.get(new NDIndex("..., 2"));
    return px.square().add(py.square()).add(PT_EPSILON).sqrt();
  }

  /** The squared Minkowski distances d^2_jm = (k_j - k_m)^2 of the four-vectors k (B,K,4): (B,K,K). */
  public static NDArray minkowskiDistances(NDArray k) {
    NDArray m2 = massSquared(k);
    NDArray dot;
    try (NDArray g = metric(k)) {
      dot = k.mul(g).matMul(k.transpose(0, 2, 1)); // (B,K,K): k_j . k_m
    }
    return m2.expandDims(2).add(m2.expandDims(1)).sub(dot.add(dot));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray k = in.head();
    NDArray we = ps.getValue(energyWeights, k.getDevice(), training);
    NDArray wd = ps.getValue(distanceWeights, k.getDevice(), training);
    NDArray m2 = massSquared(k);
    NDArray pt = transverseMomentum(k);
    NDArray energy = k.get(new NDIndex("..., 0")); // (B,K)
    NDArray weightedEnergy = energy.matMul(we.transpose()); // (B,K): sum_m w^E_jm E_m
    NDArray weightedDistance = minkowskiDistances(k).mul(wd).sum(new int[] {2}); // (B,K)
    return new NDList(NDArrays.stack(new NDList(m2, pt, weightedEnergy, weightedDistance), 2));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), objects, FEATURES)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    if (s.dimension() != 3 || s.get(1) != objects || s.get(2) != 4) {
      throw new IllegalArgumentException("the Lorentz layer expects four-vectors (B," + objects + ",4), found " + s);
    }
  }
}
