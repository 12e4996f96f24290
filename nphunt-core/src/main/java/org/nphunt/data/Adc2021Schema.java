package org.nphunt.data;

import java.util.List;
import java.util.Locale;
import org.nphunt.NphuntException;

/**
 * The ADC2021 trigger-event schema (arXiv:2107.02157): tensor {@code Particles} (19, 4), 19 object
 * slots (0 MET, 1-4 electrons, 5-8 muons, 9-18 jets) by (pT [GeV], eta, phi [rad], class id); columns
 * {@code EvtId} (int64, black-box files), {@code ProcessId} (int32, nphunt's generator truth) and the
 * generator's optional truth for the high-level features ({@link Adc2021Truth}), all optional.
 *
 * <p>Rules of a valid event, checked on every block read: finite values; an empty slot is all zeros
 * with class id 0; a real slot has its type's class id (1 MET, 2 electron, 3 muon, 4 jet), pT in
 * [0, 14000] GeV, |eta| <= 10 and phi in [-pi, pi] (values stored in [0, 2 pi) are wrapped, and the
 * source notes it; a phi above pi in a file with negative phi values is refused as corrupt); MET is always present (slot 0, class 1) with eta exactly 0; truth columns, when
 * present, hold valid values ({@link Adc2021Truth}).
 *
 * <p><b>Order within a type.</b> The layout stores each type's objects by decreasing pT, empty slots
 * last, and the models read slots by position (the leading jet is slot 9). A block whose objects are not
 * in that order (an empty slot before a real one, or a pT above its predecessor's) is put in order as it
 * is read: the type's slots are sorted by decreasing pT, empty slots last, ties kept in stored order, the
 * {@code JetBTag} bits follow their jets, and the source notes the first such event and type
 * ({@code order:Particles}). Reading an unordered file silently would hand every model objects in slots
 * it never saw them in.
 */
public final class Adc2021Schema implements EventSchema {
  /** The one instance (the schema has no parameters). */
  public static final Adc2021Schema INSTANCE = new Adc2021Schema();
  public static final String NAME = "adc2021";

  private static final Feature PT = Feature.gev("Pt", "transverse momentum (MET: its magnitude)");
  private static final Feature ETA = Feature.eta("Eta", "pseudorapidity (MET: 0)");
  private static final Feature PHI = Feature.phi("Phi", "azimuth");
  private static final Feature CLASS = Feature.of("Class", "", 0, 4, "1 MET, 2 electron, 3 muon, 4 jet, 0 empty slot");

  private static final List<TensorSpec> TENSORS = List.of(new TensorSpec(Adc2021.PARTICLES,
      List.of(Adc2021.SLOTS, Adc2021.FEATURES), List.of(PT, ETA, PHI, CLASS), TensorSpec.Padding.ZERO_ROWS,
      "19 object slots: 0 MET, 1-4 electrons, 5-8 muons, 9-18 jets, pT-ordered within each type"));
  private static final List<ColumnSpec> COLUMNS = allColumns();

  private static List<ColumnSpec> allColumns() {
    java.util.ArrayList<ColumnSpec> c = new java.util.ArrayList<>(List.of(
        ColumnSpec.optional(Adc2021.EVT_ID, ColumnType.INT64, "", "event id (black-box files)"),
        ColumnSpec.optional(Adc2021.PROCESS_ID, ColumnType.INT32, "", "nphunt's generator truth label")));
    c.addAll(Adc2021Truth.COLUMNS);
    return List.copyOf(c);
  }

  private Adc2021Schema() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "ADC2021 trigger events: Particles (N,19,4) = MET, 4 electrons, 4 muons, 10 jets x (pT, eta, phi, class)";
  }

  @Override
  public List<TensorSpec> tensors() {
    return TENSORS;
  }

  @Override
  public List<ColumnSpec> columns() {
    return COLUMNS;
  }

  @Override
  public void validate(Events events, String source, long firstEvent, Notes notes) {
    double[] p = events.tensor(0);
    int size = events.size();
    // A phi above pi is wrapped only when the file stores phi in [0, 2 pi): then no object has a negative
    // phi. One found in this block (or after an earlier block was wrapped) makes such a value corrupt.
    long negativePhi = firstNegativePhi(p, size);
    if (negativePhi >= 0 && notes.has(WRAP_PHI)) {
      throw new NphuntException(String.format("%s: event %d has a negative Phi, but earlier events stored Phi in"
          + " [0, 2 pi) (%s): one file, two phi conventions", source, firstEvent + negativePhi, notes.byKind().get(WRAP_PHI)
          .replace(source + ": ", "")));
    }
    for (int e = 0; e < size; e++) {
      int base = e * Adc2021.VALUES_PER_EVENT;
      for (int s = 0; s < Adc2021.SLOTS; s++) {
        int q = base + s * Adc2021.FEATURES;
        for (int f = 0; f < Adc2021.FEATURES; f++) {
          double v = p[q + f];
          if (!Double.isFinite(v)) {
            throw new NphuntException(String.format("%s: event %d, slot %d, %s is %s (values must be finite)",
                source, firstEvent + e, s, Adc2021.FEATURE_NAMES.get(f), v));
          }
        }
        double cls = p[q + 3];
        if (cls == 0.0) {
          if (p[q] != 0.0 || p[q + 1] != 0.0 || p[q + 2] != 0.0) {
            throw new NphuntException(String.format(
                "%s: event %d, slot %d has class id 0 but non-zero kinematics (pT %s, eta %s, phi %s)",
                source, firstEvent + e, s, p[q], p[q + 1], p[q + 2]));
          }
          if (s == 0) {
            throw new NphuntException(String.format("%s: event %d has no MET (slot 0 is empty; every ADC2021 event has"
                + " its MET in slot 0 with class id 1: an all-zero event is a missing or unreadable event)",
                source, firstEvent + e));
          }
          continue;
        }
        if (cls != Adc2021.classIdOfSlot(s)) {
          throw new NphuntException(String.format("%s: event %d, slot %d has class id %s, expected %d (%s) or 0 (empty)",
              source, firstEvent + e, s, cls, Adc2021.classIdOfSlot(s), ObjectType.ofSlot(s).label()));
        }
        check(PT, p[q], source, firstEvent + e, s);
        check(ETA, p[q + 1], source, firstEvent + e, s);
        double phi = p[q + 2];
        if (phi > Math.PI + Feature.ANGLE_SLACK && phi < 2 * Math.PI + Feature.ANGLE_SLACK) {
          if (negativePhi >= 0) {
            throw new NphuntException(String.format("%s: event %d, slot %d, Phi is %s (must be in [-pi, pi]; not a"
                + " [0, 2 pi) convention: event %d has a negative Phi)", source, firstEvent + e, s, phi,
                firstEvent + negativePhi));
          }
          p[q + 2] = phi - 2 * Math.PI;
          notes.add(WRAP_PHI, String.format(
              "%s: Phi stored in [0, 2 pi): wrapped to [-pi, pi] (first at event %d)", source, firstEvent + e));
        } else {
          check(PHI, phi, source, firstEvent + e, s);
        }
        if (s == 0 && p[q + 1] != 0.0) {
          throw new NphuntException(String.format("%s: event %d, slot 0 (MET) has eta %s, expected 0",
              source, firstEvent + e, p[q + 1]));
        }
      }
    }
    Adc2021Truth.validate(events, p, source, firstEvent);
    putInOrder(events, p, source, firstEvent, notes);
  }

  /** The note kind of phi stored in [0, 2 pi) and wrapped. */
  private static final String WRAP_PHI = "wrap:Particles:Phi";

  /** The first event (block index) with a real object of negative phi, or -1. */
  private static long firstNegativePhi(double[] p, int size) {
    for (int e = 0; e < size; e++) {
      int base = e * Adc2021.VALUES_PER_EVENT;
      for (int s = 0; s < Adc2021.SLOTS; s++) {
        int q = base + s * Adc2021.FEATURES;
        if (p[q + 3] != 0.0 && p[q + 2] < 0.0) {
          return e;
        }
      }
    }
    return -1;
  }

  /** The types whose slots are pT-ordered (MET has one slot). */
  private static final ObjectType[] ORDERED = {ObjectType.ELECTRON, ObjectType.MUON, ObjectType.JET};

  /**
   * Sorts each type's slots by decreasing pT, empty slots last (stable), where they are not in that order
   * already, moving the {@code JetBTag} bits with their jets; notes the first event so fixed.
   */
  private static void putInOrder(Events events, double[] p, String source, long firstEvent, Notes notes) {
    int[] bTag = events.hasColumn(Adc2021Truth.JET_BTAG) ? (int[]) events.column(Adc2021Truth.JET_BTAG) : null;
    int size = events.size();
    double[] copy = new double[ObjectType.JET.slots() * Adc2021.FEATURES];
    Integer[] order = new Integer[ObjectType.JET.slots()];
    for (int e = 0; e < size; e++) {
      int base = e * Adc2021.VALUES_PER_EVENT;
      for (ObjectType t : ORDERED) {
        int first = base + t.firstSlot() * Adc2021.FEATURES;
        if (ordered(p, first, t.slots())) {
          continue;
        }
        int n = t.slots();
        for (int k = 0; k < n; k++) {
          order[k] = k;
        }
        java.util.Arrays.sort(order, 0, n, (a, b) -> {
          boolean ra = p[first + a * Adc2021.FEATURES + 3] != 0.0;
          boolean rb = p[first + b * Adc2021.FEATURES + 3] != 0.0;
          if (ra != rb) {
            return ra ? -1 : 1;
          }
          return Double.compare(p[first + b * Adc2021.FEATURES], p[first + a * Adc2021.FEATURES]);
        });
        System.arraycopy(p, first, copy, 0, n * Adc2021.FEATURES);
        for (int k = 0; k < n; k++) {
          System.arraycopy(copy, order[k] * Adc2021.FEATURES, p, first + k * Adc2021.FEATURES, Adc2021.FEATURES);
        }
        if (t == ObjectType.JET && bTag != null) {
          int bits = 0;
          for (int k = 0; k < n; k++) {
            bits |= (bTag[e] >>> order[k] & 1) << k;
          }
          bTag[e] = bits;
        }
        notes.add("order:" + Adc2021.PARTICLES, String.format(Locale.ROOT,
            "%s: %ss not in decreasing pT with empty slots last (first at event %d): sorted as the ADC2021 layout"
                + " defines%s", source, t.label(), firstEvent + e, bTag != null ? " (JetBTag bits follow their jets)" : ""));
      }
    }
  }

  /** Whether n slots from offset first are real slots by non-increasing pT, then empty slots. */
  static boolean ordered(double[] p, int first, int n) {
    boolean empty = false;
    double previous = Double.POSITIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      int q = first + k * Adc2021.FEATURES;
      if (p[q + 3] == 0.0) {
        empty = true;
      } else if (empty || p[q] > previous) {
        return false;
      } else {
        previous = p[q];
      }
    }
    return true;
  }

  private static void check(Feature f, double v, String source, long event, int slot) {
    if (!f.allows(v)) {
      throw new NphuntException(String.format("%s: event %d, slot %d (%s), %s is %s (must be in %s)",
          source, event, slot, ObjectType.ofSlot(slot).label(), f.name(), v, f.range()));
    }
  }
}
