package org.nphunt.data;

import java.util.List;

/**
 * Constants of the ADC2021 file layout (arXiv:2107.02157): dataset names, slot and feature counts.
 *
 * <p>Each event is a 19 x 4 matrix: 19 object slots (MET, 4 electrons, 4 muons, 10 jets) by 4 features
 * (pT in GeV, eta, phi in [-pi, pi], class id). MET is stored as (pT, 0, phi, 1); an empty slot is all
 * zeros; objects are pT-ordered within each type.
 */
public final class Adc2021 {
  /** Object slots per event. */
  public static final int SLOTS = 19;
  /** Features per slot: pT, eta, phi, class id. */
  public static final int FEATURES = 4;
  /** Values per event in the file: 19 x 4. */
  public static final int VALUES_PER_EVENT = SLOTS * FEATURES;
  /** Kinematic features per slot used as model inputs: pT, eta, phi. */
  public static final int KINEMATIC = 3;
  /** Model inputs per event: 19 x 3 = 57. */
  public static final int INPUTS = SLOTS * KINEMATIC;

  public static final int PT = 0;
  public static final int ETA = 1;
  public static final int PHI = 2;
  public static final int CLASS_ID = 3;

  public static final String PARTICLES = "Particles";
  public static final String PARTICLES_NAMES = "Particles_Names";
  public static final String PARTICLES_CLASSES = "Particles_Classes";
  public static final String EVT_ID = "EvtId";
  /** nphunt's own per-event truth label, written by the generator (int32). */
  public static final String PROCESS_ID = "ProcessId";

  /** Feature names as the real files store them in {@code Particles_Names}. */
  public static final List<String> FEATURE_NAMES = List.of("Pt", "Eta", "Phi", "Class");
  /** Class names as the real files store them in {@code Particles_Classes}. */
  public static final List<String> CLASS_NAMES = List.of("MET_class_1", "Four_Ele_class_2", "Four_Mu_class_3", "Ten_Jet_class_4");

  private Adc2021() {}

  /** The class id expected in a non-empty slot. */
  public static int classIdOfSlot(int slot) {
    return ObjectType.ofSlot(slot).classId();
  }
}
