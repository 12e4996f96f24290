package org.nphunt.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A block of events of one {@link EventSchema}, backed by one primitive array per tensor and per
 * column (no per-event or per-particle Java objects).
 *
 * <p>Tensor {@code t} holds {@code size * schema.tensors().get(t).valuesPerEvent()} doubles, row-major
 * (event, axes..., feature), exactly as the file's dataset; float32 files widen losslessly. Column
 * {@code c} is an {@code int[]} (INT32), {@code long[]} (INT64) or {@code double[]} (floats) of at least
 * {@code size} values, or null when the source has no such column.
 *
 * <p>Blocks are mutable for speed (generators fill them in place); readers hand out fresh blocks.
 */
public class Events {
  private final EventSchema schema;
  private final int size;
  private final double[][] tensors;
  private final Object[] columns;

  /**
   * Wraps existing arrays (not copied).
   *
   * @param tensors one array per schema tensor, each at least {@code size * valuesPerEvent} long
   * @param columns one array (or null) per schema column
   */
  public Events(EventSchema schema, int size, double[][] tensors, Object[] columns) {
    this.schema = Objects.requireNonNull(schema, "schema");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, found " + size);
    }
    List<TensorSpec> ts = schema.tensors();
    List<ColumnSpec> cs = schema.columns();
    if (tensors.length != ts.size()) {
      throw new IllegalArgumentException("schema " + schema.name() + " has " + ts.size() + " tensors, found " + tensors.length);
    }
    if (columns.length != cs.size()) {
      throw new IllegalArgumentException("schema " + schema.name() + " has " + cs.size() + " columns, found " + columns.length);
    }
    for (int t = 0; t < ts.size(); t++) {
      long need = (long) size * ts.get(t).valuesPerEvent();
      if (tensors[t] == null || tensors[t].length < need) {
        throw new IllegalArgumentException(ts.get(t).name() + " must hold size*" + ts.get(t).valuesPerEvent() + " = "
            + need + " values, found " + (tensors[t] == null ? "none" : tensors[t].length));
      }
    }
    for (int c = 0; c < cs.size(); c++) {
      checkColumn(cs.get(c), columns[c], size);
    }
    this.size = size;
    this.tensors = tensors;
    this.columns = columns;
  }

  /** A block of {@code size} all-zero events without columns. */
  public static Events zeros(EventSchema schema, int size) {
    List<TensorSpec> ts = schema.tensors();
    double[][] t = new double[ts.size()][];
    for (int i = 0; i < t.length; i++) {
      long n = (long) size * ts.get(i).valuesPerEvent();
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("block too large: " + size + " events of " + ts.get(i).name());
      }
      t[i] = new double[(int) n];
    }
    return new Events(schema, size, t, new Object[schema.columns().size()]);
  }

  private static void checkColumn(ColumnSpec spec, Object a, int size) {
    if (a == null) {
      return;
    }
    if (!spec.type().accepts(a)) {
      throw new IllegalArgumentException("column " + spec.name() + " (" + spec.type() + ") cannot hold a "
          + a.getClass().getSimpleName());
    }
    if (ColumnType.length(a) < size) {
      throw new IllegalArgumentException(spec.name() + " must hold " + size + " values, found " + ColumnType.length(a));
    }
  }

  public final EventSchema schema() {
    return schema;
  }

  /** Number of events. */
  public final int size() {
    return size;
  }

  /** Tensor {@code t} (schema order), row-major (event, axes..., feature). */
  public final double[] tensor(int t) {
    return tensors[t];
  }

  /** The tensor of that name. */
  public final double[] tensor(String name) {
    int t = schema.tensorIndex(name);
    if (t < 0) {
      schema.tensor(name); // throws with the list of names
    }
    return tensors[t];
  }

  /** Column {@code c} (schema order), or null when absent. */
  public final Object column(int c) {
    return columns[c];
  }

  /** The column of that name, or null when absent (or unknown to the schema). */
  public final Object column(String name) {
    int c = schema.columnIndex(name);
    return c < 0 ? null : columns[c];
  }

  /** Sets (or with null removes) a column. */
  public final void setColumn(String name, Object values) {
    int c = schema.columnIndex(name);
    if (c < 0) {
      throw new IllegalArgumentException("schema " + schema.name() + " has no column '" + name + "'");
    }
    checkColumn(schema.columns().get(c), values, size);
    columns[c] = values;
  }

  /** Whether the block has the column. */
  public final boolean hasColumn(String name) {
    return column(name) != null;
  }

  /** A column converted to doubles (for evaluation and histograms), or null when absent. */
  public final double[] columnAsDoubles(String name) {
    Object a = column(name);
    if (a == null) {
      return null;
    }
    double[] out = new double[size];
    if (a instanceof double[] d) {
      System.arraycopy(d, 0, out, 0, size);
    } else if (a instanceof int[] d) {
      for (int i = 0; i < size; i++) {
        out[i] = d[i];
      }
    } else {
      long[] d = (long[]) a;
      for (int i = 0; i < size; i++) {
        out[i] = d[i];
      }
    }
    return out;
  }

  /** Checks the block with the schema's rules (see {@link EventSchema#validate}). */
  public final void validate(String source, long firstEvent, Notes notes) {
    schema.validate(this, source, firstEvent, notes);
  }

  /** Copies of events [from, from+count) as a new block of the same schema. */
  public Events slice(int from, int count) {
    checkRange(from, count);
    return new Events(schema, count, sliceTensors(from, count), sliceColumns(from, count));
  }

  protected final double[][] sliceTensors(int from, int count) {
    List<TensorSpec> ts = schema.tensors();
    double[][] t = new double[ts.size()][];
    for (int i = 0; i < t.length; i++) {
      int v = ts.get(i).valuesPerEvent();
      t[i] = Arrays.copyOfRange(tensors[i], from * v, (from + count) * v);
    }
    return t;
  }

  protected final Object[] sliceColumns(int from, int count) {
    Object[] c = new Object[columns.length];
    for (int i = 0; i < c.length; i++) {
      Object a = columns[i];
      if (a instanceof int[] d) {
        c[i] = Arrays.copyOfRange(d, from, from + count);
      } else if (a instanceof long[] d) {
        c[i] = Arrays.copyOfRange(d, from, from + count);
      } else if (a instanceof double[] d) {
        c[i] = Arrays.copyOfRange(d, from, from + count);
      }
    }
    return c;
  }

  /** Concatenates blocks of one schema; a column survives only when every block has it. */
  public static Events join(List<? extends Events> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one block");
    }
    EventSchema schema = blocks.get(0).schema();
    long total = 0;
    for (Events b : blocks) {
      if (!b.schema().name().equals(schema.name())) {
        throw new IllegalArgumentException("cannot concatenate blocks of schemas " + schema.name() + " and " + b.schema().name());
      }
      total += b.size();
    }
    int n = Math.toIntExact(total);
    Events out = zeros(schema, n);
    List<ColumnSpec> cs = schema.columns();
    for (int c = 0; c < cs.size(); c++) {
      boolean all = true;
      for (Events b : blocks) {
        all &= b.column(c) != null;
      }
      if (all) {
        out.columns[c] = cs.get(c).type().newArray(n);
      }
    }
    int at = 0;
    for (Events b : blocks) {
      for (int t = 0; t < out.tensors.length; t++) {
        int v = schema.tensors().get(t).valuesPerEvent();
        System.arraycopy(b.tensor(t), 0, out.tensors[t], at * v, b.size() * v);
      }
      for (int c = 0; c < cs.size(); c++) {
        if (out.columns[c] != null) {
          System.arraycopy(b.column(c), 0, out.columns[c], at, b.size());
        }
      }
      at += b.size();
    }
    return out;
  }

  protected final void checkRange(int from, int count) {
    if (from < 0 || count < 0 || from + count > size) {
      throw new IndexOutOfBoundsException("events [" + from + ", " + (from + count) + ") of " + size);
    }
  }
}
