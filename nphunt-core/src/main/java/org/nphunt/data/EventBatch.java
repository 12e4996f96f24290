package org.nphunt.data;

import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import java.util.Arrays;
import java.util.Objects;
import org.nphunt.NphuntException;

/**
 * A block of events in the ADC2021 layout, backed by one primitive array (no per-object Java objects).
 *
 * <p>{@link #particles()} holds {@code size * 19 * 4} doubles in row-major (event, slot, feature) order,
 * exactly as the HDF5 dataset {@code Particles}. Doubles keep float64 files exact; float32 files widen
 * losslessly. Optional per-event columns: {@code EvtId} (black-box files) and {@code ProcessId}
 * (nphunt's generator truth); either may be {@code null}.
 *
 * <p>The batch is mutable for speed (generators fill it in place); readers hand out fresh batches.
 */
public final class EventBatch {
  private final double[] particles;
  private final int size;
  private long[] evtId;
  private int[] processId;

  /** A batch of {@code size} empty events. */
  public EventBatch(int size) {
    this(new double[checkedLength(size)], size, null, null);
  }

  /**
   * Wraps existing arrays (not copied).
   *
   * @param particles {@code size * 76} values, row-major (event, slot, feature)
   * @param evtId per-event ids or null
   * @param processId per-event process ids or null
   */
  public EventBatch(double[] particles, int size, long[] evtId, int[] processId) {
    Objects.requireNonNull(particles, "particles");
    if (size < 0 || particles.length < (long) size * VALUES_PER_EVENT) {
      throw new IllegalArgumentException(
          "particles must hold size*76 = " + (long) size * VALUES_PER_EVENT + " values, found " + particles.length);
    }
    if (evtId != null && evtId.length < size) {
      throw new IllegalArgumentException("evtId must hold " + size + " values, found " + evtId.length);
    }
    if (processId != null && processId.length < size) {
      throw new IllegalArgumentException("processId must hold " + size + " values, found " + processId.length);
    }
    this.particles = particles;
    this.size = size;
    this.evtId = evtId;
    this.processId = processId;
  }

  private static int checkedLength(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, found " + size);
    }
    long n = (long) size * VALUES_PER_EVENT;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("batch too large: " + size + " events");
    }
    return (int) n;
  }

  /** Number of events. */
  public int size() {
    return size;
  }

  /** The backing array, row-major (event, slot, feature); length at least {@code size * 76}. */
  public double[] particles() {
    return particles;
  }

  /** Per-event {@code EvtId}, or null when the source has none. */
  public long[] evtId() {
    return evtId;
  }

  /** Per-event {@code ProcessId}, or null when the source has none. */
  public int[] processId() {
    return processId;
  }

  public void setEvtId(long[] evtId) {
    if (evtId != null && evtId.length < size) {
      throw new IllegalArgumentException("evtId must hold " + size + " values, found " + evtId.length);
    }
    this.evtId = evtId;
  }

  public void setProcessId(int[] processId) {
    if (processId != null && processId.length < size) {
      throw new IllegalArgumentException("processId must hold " + size + " values, found " + processId.length);
    }
    this.processId = processId;
  }

  /** Index of (event, slot, feature) in {@link #particles()}. */
  public static int index(int event, int slot, int feature) {
    return (event * SLOTS + slot) * FEATURES + feature;
  }

  public double get(int event, int slot, int feature) {
    return particles[index(event, slot, feature)];
  }

  public void set(int event, int slot, int feature, double value) {
    particles[index(event, slot, feature)] = value;
  }

  public double pt(int event, int slot) {
    return particles[index(event, slot, Adc2021.PT)];
  }

  public double eta(int event, int slot) {
    return particles[index(event, slot, Adc2021.ETA)];
  }

  public double phi(int event, int slot) {
    return particles[index(event, slot, Adc2021.PHI)];
  }

  public int classId(int event, int slot) {
    return (int) particles[index(event, slot, Adc2021.CLASS_ID)];
  }

  /** True when the slot holds no object (class id 0). */
  public boolean isEmpty(int event, int slot) {
    return particles[index(event, slot, Adc2021.CLASS_ID)] == 0.0;
  }

  /** Number of non-empty slots of a type in one event. */
  public int count(int event, ObjectType type) {
    int n = 0;
    for (int s = type.firstSlot(); s < type.endSlot(); s++) {
      if (!isEmpty(event, s)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Copies the 57 model inputs (pT, eta, phi of the 19 slots) of events [from, from+count) into
   * {@code out} starting at {@code offset}, as float32, row-major (event, slot, kinematic feature).
   */
  public void inputs(int from, int count, float[] out, int offset) {
    checkRange(from, count);
    int o = offset;
    for (int e = from; e < from + count; e++) {
      int base = e * VALUES_PER_EVENT;
      for (int s = 0; s < SLOTS; s++) {
        int p = base + s * FEATURES;
        out[o++] = (float) particles[p];
        out[o++] = (float) particles[p + 1];
        out[o++] = (float) particles[p + 2];
      }
    }
  }

  /** The 57 inputs of all events, {@code size * 57} floats. */
  public float[] inputs() {
    float[] out = new float[size * SLOTS * KINEMATIC];
    inputs(0, size, out, 0);
    return out;
  }

  /**
   * Per-slot occupancy of events [from, from+count): 1 for a real object, 0 for an empty slot, into
   * {@code out} ({@code count * 19} values) starting at {@code offset}.
   */
  public void slotMask(int from, int count, float[] out, int offset) {
    checkRange(from, count);
    int o = offset;
    for (int e = from; e < from + count; e++) {
      for (int s = 0; s < SLOTS; s++) {
        out[o++] = isEmpty(e, s) ? 0f : 1f;
      }
    }
  }

  /** A new batch holding a copy of events [from, from+count). */
  public EventBatch slice(int from, int count) {
    checkRange(from, count);
    double[] p = Arrays.copyOfRange(particles, from * VALUES_PER_EVENT, (from + count) * VALUES_PER_EVENT);
    long[] ids = evtId == null ? null : Arrays.copyOfRange(evtId, from, from + count);
    int[] pids = processId == null ? null : Arrays.copyOfRange(processId, from, from + count);
    return new EventBatch(p, count, ids, pids);
  }

  /** Concatenates batches; optional columns survive only when every batch has them. */
  public static EventBatch concat(java.util.List<EventBatch> batches) {
    long total = 0;
    boolean ids = true;
    boolean pids = true;
    for (EventBatch b : batches) {
      total += b.size;
      ids &= b.evtId != null;
      pids &= b.processId != null;
    }
    EventBatch out = new EventBatch(Math.toIntExact(total));
    long[] outIds = ids ? new long[(int) total] : null;
    int[] outPids = pids ? new int[(int) total] : null;
    int at = 0;
    for (EventBatch b : batches) {
      System.arraycopy(b.particles, 0, out.particles, at * VALUES_PER_EVENT, b.size * VALUES_PER_EVENT);
      if (ids) {
        System.arraycopy(b.evtId, 0, outIds, at, b.size);
      }
      if (pids) {
        System.arraycopy(b.processId, 0, outPids, at, b.size);
      }
      at += b.size;
    }
    out.evtId = outIds;
    out.processId = outPids;
    return out;
  }

  /**
   * Checks the layout rules and throws a one-line {@link NphuntException} naming the source and the
   * global event index: finite values; class id 0 (with all four values zero) or the class id of the
   * slot; MET eta exactly 0.
   *
   * @param source file and dataset, e.g. "bkg.h5:/Particles"
   * @param firstEvent global index of event 0 of this batch
   */
  public void validate(String source, long firstEvent) {
    for (int e = 0; e < size; e++) {
      int base = e * VALUES_PER_EVENT;
      for (int s = 0; s < SLOTS; s++) {
        int p = base + s * FEATURES;
        for (int f = 0; f < FEATURES; f++) {
          double v = particles[p + f];
          if (!Double.isFinite(v)) {
            throw new NphuntException(String.format(
                "%s: event %d, slot %d, %s is %s (values must be finite)",
                source, firstEvent + e, s, Adc2021.FEATURE_NAMES.get(f), v));
          }
        }
        double cls = particles[p + 3];
        if (cls == 0.0) {
          if (particles[p] != 0.0 || particles[p + 1] != 0.0 || particles[p + 2] != 0.0) {
            throw new NphuntException(String.format(
                "%s: event %d, slot %d has class id 0 but non-zero kinematics (pT %s, eta %s, phi %s)",
                source, firstEvent + e, s, particles[p], particles[p + 1], particles[p + 2]));
          }
        } else if (cls != Adc2021.classIdOfSlot(s)) {
          throw new NphuntException(String.format(
              "%s: event %d, slot %d has class id %s, expected %d (%s) or 0 (empty)",
              source, firstEvent + e, s, cls, Adc2021.classIdOfSlot(s), ObjectType.ofSlot(s).label()));
        }
      }
    }
  }

  private void checkRange(int from, int count) {
    if (from < 0 || count < 0 || from + count > size) {
      throw new IndexOutOfBoundsException("events [" + from + ", " + (from + count) + ") of " + size);
    }
  }
}
