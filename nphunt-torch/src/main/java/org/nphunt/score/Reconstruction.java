package org.nphunt.score;

import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;

/**
 * Inputs and reconstructions of a batch in physical units (pT in GeV, eta, phi), per slot, for the
 * report's input-vs-reconstruction plots. Reconstructions of empty slots are the network's output
 * mapped back through the statistics of that column; use {@link #isReal} to select real objects.
 *
 * @param size number of events
 * @param inputs size x 19 x 3 values, row-major (event, slot, pT/eta/phi); empty slots are 0
 * @param outputs the same layout for the reconstruction
 * @param real size x 19 flags, true for a real object
 */
public record Reconstruction(int size, double[] inputs, double[] outputs, boolean[] real) {
  public double input(int event, int slot, int feature) {
    return inputs[(event * SLOTS + slot) * KINEMATIC + feature];
  }

  public double output(int event, int slot, int feature) {
    return outputs[(event * SLOTS + slot) * KINEMATIC + feature];
  }

  public boolean isReal(int event, int slot) {
    return real[event * SLOTS + slot];
  }
}
