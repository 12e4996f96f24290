package org.nphunt.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nphunt.NphuntException;

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

  /**
   * Concatenates blocks of one schema; a column survives only when every block has it.
   *
   * <p>Every block must have the first block's full schema, not only its name: schemas of one name can
   * differ in layout (a dijet schema with 50 or 100 constituents, HLF schemas with other features), and
   * joining those would misalign the events' values. The tensors must agree in name, per-event shape,
   * padding and per feature in name and unit; the columns in name, type and unit (see
   * {@link #schemaDifference}).
   *
   * @throws NphuntException one line naming the block and the first difference
   */
  public static Events join(List<? extends Events> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one block");
    }
    EventSchema schema = blocks.get(0).schema();
    long total = 0;
    for (int k = 0; k < blocks.size(); k++) {
      Events b = blocks.get(k);
      String d = schemaDifference(schema, b.schema());
      if (d != null) {
        throw new NphuntException("cannot join event blocks: block " + k + " differs from block 0 (schema "
            + schema.name() + "): " + d);
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

  /**
   * The first difference between two schemas' layouts, in one line ("tensor 'Particles' shape (19,4) vs
   * (19,3)"), or null when they agree in name, tensors (name, per-event shape, padding, feature names and
   * units, in order) and columns (name, type, unit, in order). Descriptions, value ranges and whether a
   * column is required do not change the stored values and are not compared. {@code a} is the reference,
   * so messages read "a's value vs b's value".
   */
  public static String schemaDifference(EventSchema a, EventSchema b) {
    if (a == b) {
      return null;
    }
    if (!a.name().equals(b.name())) {
      return "schema name " + a.name() + " vs " + b.name();
    }
    List<TensorSpec> ta = a.tensors();
    List<TensorSpec> tb = b.tensors();
    for (int t = 0; t < Math.min(ta.size(), tb.size()); t++) {
      TensorSpec x = ta.get(t);
      TensorSpec y = tb.get(t);
      if (!x.name().equals(y.name())) {
        return "tensor " + t + " name '" + x.name() + "' vs '" + y.name() + "'";
      }
      if (!x.shape().equals(y.shape())) {
        return "tensor '" + x.name() + "' shape " + x.shapeText() + " vs " + y.shapeText();
      }
      if (x.padding() != y.padding()) {
        return "tensor '" + x.name() + "' padding " + x.padding() + " vs " + y.padding();
      }
      for (int f = 0; f < x.features().size(); f++) {
        Feature fx = x.features().get(f);
        Feature fy = y.features().get(f);
        if (!fx.name().equals(fy.name())) {
          return "tensor '" + x.name() + "' feature " + f + " name '" + fx.name() + "' vs '" + fy.name() + "'";
        }
        if (!fx.unit().equals(fy.unit())) {
          return "tensor '" + x.name() + "' feature '" + fx.name() + "' unit '" + fx.unit() + "' vs '" + fy.unit() + "'";
        }
      }
    }
    if (ta.size() != tb.size()) {
      return ta.size() + " tensors vs " + tb.size() + " (first unmatched: '"
          + (ta.size() > tb.size() ? ta.get(tb.size()) : tb.get(ta.size())).name() + "')";
    }
    List<ColumnSpec> ca = a.columns();
    List<ColumnSpec> cb = b.columns();
    for (int c = 0; c < Math.min(ca.size(), cb.size()); c++) {
      ColumnSpec x = ca.get(c);
      ColumnSpec y = cb.get(c);
      if (!x.name().equals(y.name())) {
        return "column " + c + " name '" + x.name() + "' vs '" + y.name() + "'";
      }
      if (x.type() != y.type()) {
        return "column '" + x.name() + "' type " + x.type() + " vs " + y.type();
      }
      if (!x.unit().equals(y.unit())) {
        return "column '" + x.name() + "' unit '" + x.unit() + "' vs '" + y.unit() + "'";
      }
    }
    if (ca.size() != cb.size()) {
      return ca.size() + " columns vs " + cb.size() + " (first unmatched: '"
          + (ca.size() > cb.size() ? ca.get(cb.size()) : cb.get(ca.size())).name() + "')";
    }
    return null;
  }

  protected final void checkRange(int from, int count) {
    if (from < 0 || count < 0 || from + count > size) {
      throw new IndexOutOfBoundsException("events [" + from + ", " + (from + count) + ") of " + size);
    }
  }
}
