package org.nphunt.data;

/**
 * The four object types of the ADC2021 layout, with their class id and slot range.
 *
 * <p>Slot 0 holds MET, 1-4 electrons, 5-8 muons, 9-18 jets (arXiv:2107.02157).
 */
public enum ObjectType {
  MET(1, 0, 1, "MET"),
  ELECTRON(2, 1, 4, "electron"),
  MUON(3, 5, 4, "muon"),
  JET(4, 9, 10, "jet");

  private final int classId;
  private final int firstSlot;
  private final int slots;
  private final String label;

  ObjectType(int classId, int firstSlot, int slots, String label) {
    this.classId = classId;
    this.firstSlot = firstSlot;
    this.slots = slots;
    this.label = label;
  }

  /** The class id stored in feature 3: 1 MET, 2 electron, 3 muon, 4 jet. */
  public int classId() {
    return classId;
  }

  /** The first slot (0-based) of this type. */
  public int firstSlot() {
    return firstSlot;
  }

  /** Number of slots reserved for this type. */
  public int slots() {
    return slots;
  }

  /** One past the last slot of this type. */
  public int endSlot() {
    return firstSlot + slots;
  }

  /** Human-readable name, e.g. "electron". */
  public String label() {
    return label;
  }

  private static final ObjectType[] BY_SLOT = new ObjectType[Adc2021.SLOTS];

  static {
    for (ObjectType t : values()) {
      for (int s = t.firstSlot; s < t.endSlot(); s++) {
        BY_SLOT[s] = t;
      }
    }
  }

  /** The type that owns a slot (0..18). */
  public static ObjectType ofSlot(int slot) {
    return BY_SLOT[slot];
  }

  /** The type with the given class id (1..4). */
  public static ObjectType ofClassId(int classId) {
    for (ObjectType t : values()) {
      if (t.classId == classId) {
        return t;
      }
    }
    throw new IllegalArgumentException("class id must be 1..4, found " + classId);
  }
}
