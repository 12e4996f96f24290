package org.nphunt.hdf5;

/** Floating-point type of the {@code Particles} dataset on disk. */
public enum Dtype {
  FLOAT32,
  FLOAT64
}
