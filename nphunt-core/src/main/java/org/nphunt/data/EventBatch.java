package org.nphunt.data;

import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import java.util.Arrays;
import java.util.Objects;
import org.nphunt.NphuntException;

/**
 * A block of events of the {@link Adc2021Schema}, backed by one primitive array (no per-object Java
 * objects): the {@link Events} of that schema with typed accessors.
 *
 * <p>{@link #particles()} holds {@code size * 19 * 4} doubles in row-major (event, slot, feature) order,
 * exactly as the HDF5 dataset {@code Particles}. Doubles keep float64 files exact; float32 files widen
 * losslessly. Optional per-event columns: {@code EvtId} (black-box files), {@code ProcessId}
 * (nphunt's generator truth) and the generator's {@link Adc2021Truth} columns; any may be {@code null}.
 *
 * <p>The batch is mutable for speed (generators fill it in place); readers hand out fresh batches.
 */
public final class EventBatch extends Events {
  private final double[] particles;

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
    this(particles, size, idColumns(evtId, processId));
  }

  /** Wraps existing arrays (not copied): one array (or null) per {@link Adc2021Schema} column. */
  private EventBatch(double[] particles, int size, Object[] columns) {
    super(Adc2021Schema.INSTANCE, checkedSize(particles, size), new double[][] {particles}, columns);
    this.particles = particles;
  }

  private static Object[] idColumns(long[] evtId, int[] processId) {
    Object[] c = new Object[Adc2021Schema.INSTANCE.columns().size()];
    c[0] = evtId;
    c[1] = processId;
    return c;
  }

  private static int checkedSize(double[] particles, int size) {
    Objects.requireNonNull(particles, "particles");
    if (size < 0 || particles.length < (long) size * VALUES_PER_EVENT) {
      throw new IllegalArgumentException(
          "particles must hold size*76 = " + (long) size * VALUES_PER_EVENT + " values, found " + particles.length);
    }
    return size;
  }

  /**
   * The ADC2021 view of a block: the block itself when it is an EventBatch, else a batch sharing its
   * arrays; a block of another schema is an IllegalArgumentException naming both schemas.
   */
  public static EventBatch of(Events events) {
    if (events instanceof EventBatch b) {
      return b;
    }
    if (!events.schema().name().equals(Adc2021Schema.NAME)) {
      throw new IllegalArgumentException("expected events of schema " + Adc2021Schema.NAME + ", found "
          + events.schema().name());
    }
    Object[] columns = new Object[events.schema().columns().size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = events.column(c);
    }
    return new EventBatch(events.tensor(0), events.size(), columns);
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

  /** The backing array, row-major (event, slot, feature); length at least {@code size * 76}. */
  public double[] particles() {
    return particles;
  }

  /** Per-event {@code EvtId}, or null when the source has none. */
  public long[] evtId() {
    return (long[]) column(0);
  }

  /** Per-event {@code ProcessId}, or null when the source has none. */
  public int[] processId() {
    return (int[]) column(1);
  }

  public void setEvtId(long[] evtId) {
    setColumn(Adc2021.EVT_ID, evtId);
  }

  public void setProcessId(int[] processId) {
    setColumn(Adc2021.PROCESS_ID, processId);
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
    float[] out = new float[size() * SLOTS * KINEMATIC];
    inputs(0, size(), out, 0);
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
  @Override
  public EventBatch slice(int from, int count) {
    checkRange(from, count);
    return new EventBatch(sliceTensors(from, count)[0], count, sliceColumns(from, count));
  }

  /** Concatenates batches; optional columns survive only when every batch has them. */
  public static EventBatch concat(java.util.List<EventBatch> batches) {
    if (batches.isEmpty()) {
      return new EventBatch(0);
    }
    return of(Events.join(batches));
  }

  /**
   * Checks the layout rules ({@link Adc2021Schema}) and throws a one-line {@link NphuntException}
   * naming the source and the global event index; normalisations (phi wrapped) go to a fresh
   * {@link Notes}: readers use {@link #validate(String, long, Notes)} to keep them.
   *
   * @param source file and dataset, e.g. "bkg.h5:/Particles"
   * @param firstEvent global index of event 0 of this batch
   */
  public void validate(String source, long firstEvent) {
    validate(source, firstEvent, new Notes());
  }
}
