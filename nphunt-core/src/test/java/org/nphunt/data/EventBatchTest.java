package org.nphunt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

class EventBatchTest {

  /** Event 0: MET 50 at phi 1; one electron; two jets. Event 1: MET only. */
  static EventBatch sample() {
    EventBatch b = new EventBatch(2);
    put(b, 0, 0, 50, 0, 1.0, 1);
    put(b, 0, 1, 30, -0.5, 2.0, 2);
    put(b, 0, 9, 80, 1.5, -1.0, 4);
    put(b, 0, 10, 40, -2.5, 3.0, 4);
    put(b, 1, 0, 12, 0, -3.0, 1);
    return b;
  }

  static void put(EventBatch b, int e, int s, double pt, double eta, double phi, int cls) {
    b.set(e, s, 0, pt);
    b.set(e, s, 1, eta);
    b.set(e, s, 2, phi);
    b.set(e, s, 3, cls);
  }

  @Test
  void layoutConstantsMatchAdc2021() {
    assertEquals(19, Adc2021.SLOTS);
    assertEquals(57, Adc2021.INPUTS);
    assertEquals(ObjectType.MET, ObjectType.ofSlot(0));
    assertEquals(ObjectType.ELECTRON, ObjectType.ofSlot(1));
    assertEquals(ObjectType.ELECTRON, ObjectType.ofSlot(4));
    assertEquals(ObjectType.MUON, ObjectType.ofSlot(5));
    assertEquals(ObjectType.MUON, ObjectType.ofSlot(8));
    assertEquals(ObjectType.JET, ObjectType.ofSlot(9));
    assertEquals(ObjectType.JET, ObjectType.ofSlot(18));
    assertEquals(4, Adc2021.classIdOfSlot(18));
    assertEquals(ObjectType.MUON, ObjectType.ofClassId(3));
  }

  @Test
  void accessorsIndexRowMajor() {
    EventBatch b = sample();
    assertEquals(30, b.pt(0, 1));
    assertEquals(-0.5, b.eta(0, 1));
    assertEquals(2, b.classId(0, 1));
    assertEquals(b.particles()[(0 * 19 + 9) * 4], 80);
    assertTrue(b.isEmpty(0, 2));
    assertEquals(2, b.count(0, ObjectType.JET));
    assertEquals(1, b.count(0, ObjectType.ELECTRON));
    assertEquals(0, b.count(1, ObjectType.JET));
  }

  @Test
  void inputsAreThe57KinematicColumns() {
    float[] in = sample().inputs();
    assertEquals(2 * 57, in.length);
    assertArrayEquals(new float[] {50, 0, 1, 30, -0.5f, 2}, java.util.Arrays.copyOfRange(in, 0, 6));
    assertEquals(80f, in[9 * 3]);
    assertEquals(12f, in[57]);
    assertEquals(-3f, in[57 + 2]);
    assertEquals(0f, in[57 + 3]);
  }

  @Test
  void slotMaskMarksRealObjects() {
    float[] m = new float[38];
    sample().slotMask(0, 2, m, 0);
    assertEquals(1f, m[0]);
    assertEquals(1f, m[1]);
    assertEquals(0f, m[2]);
    assertEquals(1f, m[9]);
    assertEquals(1f, m[19]);
    assertEquals(0f, m[20]);
  }

  @Test
  void sliceAndConcatRoundTrip() {
    EventBatch b = sample();
    b.setProcessId(new int[] {3, 7});
    EventBatch joined = EventBatch.concat(List.of(b.slice(0, 1), b.slice(1, 1)));
    assertArrayEquals(b.particles(), joined.particles());
    assertArrayEquals(new int[] {3, 7}, joined.processId());
    assertNull(joined.evtId());
  }

  @Test
  void validAcceptsWellFormedEvents() {
    sample().validate("x.h5:/Particles", 0);
  }

  @Test
  void validateNamesSourceEventAndSlotForNonFinite() {
    EventBatch b = sample();
    b.set(1, 0, 0, Double.NaN);
    NphuntException e = assertThrows(NphuntException.class, () -> b.validate("bkg.h5:/Particles", 1000));
    assertEquals("bkg.h5:/Particles: event 1001, slot 0, Pt is NaN (values must be finite)", e.getMessage());
  }

  @Test
  void validateRejectsClassIdInWrongSlot() {
    EventBatch b = sample();
    b.set(0, 5, 3, 2); // electron class in a muon slot
    b.set(0, 5, 0, 10);
    NphuntException e = assertThrows(NphuntException.class, () -> b.validate("f.h5:/Particles", 0));
    assertTrue(e.getMessage().contains("event 0, slot 5 has class id 2.0, expected 3 (muon)"), e.getMessage());
  }

  @Test
  void validateRejectsKinematicsInEmptySlot() {
    EventBatch b = sample();
    b.set(1, 9, 0, 25);
    NphuntException e = assertThrows(NphuntException.class, () -> b.validate("f.h5:/Particles", 0));
    assertTrue(e.getMessage().contains("event 1, slot 9 has class id 0 but non-zero kinematics"), e.getMessage());
  }

  @Test
  void aPhiAbovePiIsWrappedOnlyWhenNoPhiIsNegative() {
    // [0, 2 pi) storage: wrapped and noted
    EventBatch b = new EventBatch(2);
    put(b, 0, 0, 50, 0, 4.0, 1);
    put(b, 1, 0, 30, 0, 1.0, 1);
    Notes notes = new Notes();
    b.validate("w.h5:/Particles", 0, notes);
    assertEquals(4.0 - 2 * Math.PI, b.phi(0, 0), 1e-12);
    assertTrue(notes.has("wrap:Particles:Phi"), notes.all().toString());
    // a later block of the same file with a negative phi: two conventions in one file
    EventBatch later = new EventBatch(1);
    put(later, 0, 0, 50, 0, -1.0, 1);
    NphuntException mixed = assertThrows(NphuntException.class, () -> later.validate("w.h5:/Particles", 2, notes));
    assertEquals("w.h5:/Particles: event 2 has a negative Phi, but earlier events stored Phi in [0, 2 pi) (Phi stored in"
        + " [0, 2 pi): wrapped to [-pi, pi] (first at event 0)): one file, two phi conventions", mixed.getMessage());
    // [-pi, pi] storage with one corrupt value: refused, not wrapped
    EventBatch c = new EventBatch(3);
    put(c, 0, 0, 50, 0, 1.0, 1);
    put(c, 1, 0, 50, 0, -2.0, 1);
    put(c, 2, 0, 50, 0, 1.0, 1);
    put(c, 2, 1, 30, 0.5, 4.0, 2);
    NphuntException corrupt = assertThrows(NphuntException.class, () -> c.validate("c.h5:/Particles", 10, new Notes()));
    assertEquals("c.h5:/Particles: event 12, slot 1, Phi is 4.0 (must be in [-pi, pi]; not a [0, 2 pi) convention:"
        + " event 11 has a negative Phi)", corrupt.getMessage());
  }

  @Test
  void objectsOutOfPtOrderAreSortedWithinTheirTypeAndNoted() {
    EventBatch b = new EventBatch(2);
    put(b, 0, 0, 50, 0, 1.0, 1);
    put(b, 0, 9, 40, -2.5, 3.0, 4); // jets stored 40, (empty), 80, 60: out of order and a gap
    put(b, 0, 11, 80, 1.5, -1.0, 4);
    put(b, 0, 12, 60, 0.5, 0.5, 4);
    put(b, 0, 5, 20, 1.0, 1.0, 3); // muons 20, 35
    put(b, 0, 6, 35, -1.0, -1.0, 3);
    put(b, 1, 0, 12, 0, -3.0, 1);
    put(b, 1, 9, 70, 0.1, 0.2, 4); // already in order: untouched
    put(b, 1, 10, 70, 0.3, 0.4, 4);
    b.setColumn(Adc2021Truth.JET_BTAG, new int[] {0b1000, 0b10}); // event 0: the 60 GeV jet; event 1: slot 10
    Notes notes = new Notes();
    b.validate("u.h5:/Particles", 100, notes);
    assertArrayEquals(new double[] {80, 1.5, -1.0, 4, 60, 0.5, 0.5, 4, 40, -2.5, 3.0, 4, 0, 0, 0, 0},
        java.util.Arrays.copyOfRange(b.particles(), 9 * 4, 13 * 4));
    assertArrayEquals(new double[] {35, -1.0, -1.0, 3, 20, 1.0, 1.0, 3},
        java.util.Arrays.copyOfRange(b.particles(), 5 * 4, 7 * 4));
    assertArrayEquals(new int[] {0b10, 0b10}, (int[]) b.column(Adc2021Truth.JET_BTAG));
    assertEquals(0.3, b.eta(1, 10)); // a tie keeps the stored order
    String note = notes.byKind().get("order:Particles");
    assertTrue(note.startsWith("u.h5:/Particles: muons not in decreasing pT with empty slots last (first at event 100)"),
        note);
    EventBatch ordered = sample();
    Notes none = new Notes();
    ordered.validate("x.h5:/Particles", 0, none);
    assertTrue(none.all().isEmpty(), none.all().toString());
  }

  @Test
  void constructorChecksArrayLengths() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EventBatch(new double[75], 1, null, null));
    assertEquals("particles must hold size*76 = 76 values, found 75", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EventBatch(-3));
  }
}
