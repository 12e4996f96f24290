package org.nphunt.hdf5;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.Notes;
import org.nphunt.data.TopTaggingSchema;

/**
 * Reads the top-tagging reference data (Kasieczka, Plehn et al., arXiv:1902.09914: {@code train.h5},
 * {@code val.h5}, {@code test.h5}), written by pandas {@code to_hdf(key="table", format="table")}:
 * one compound dataset {@code /table/table} with fields {@code index} (int64), {@code values_block_0}
 * (float32[4C + 4] = C constituents x (E, PX, PY, PZ), pT-ordered, zero-padded, then the truth top
 * four-vector; C = 200 in the published files) and {@code values_block_1} (int64[2] = ttv,
 * is_signal_new). The column names pandas pickles into the {@code values_block_*_kind} attributes
 * (protocol 0, plain text) are checked when present: {@code E_0, PX_0, PY_0, PZ_0, ..., truthE, ...}
 * and {@code ttv}, {@code is_signal_new} in either order.
 *
 * <p>Blocks are {@link TopTaggingSchema} events. Any storage the generic decoder reads works
 * (uncompressed as published, or gzip/Blosc chunks); validation as the schema says (finite values,
 * energies in [0, 14 TeV], momenta within +-14 TeV; zero rows are padding, wherever they sit). The
 * constituent order is read as stored, not checked (see {@link TopTaggingSchema}: nothing downstream
 * relies on it).
 */
public final class TopTaggingReader implements EventSource {
  /** The pandas table dataset. */
  public static final String TABLE = "table/table";
  private static final Pattern PICKLED_NAME = Pattern.compile("(?:\\n|a)V([^\\n]*)\\n");

  private final Path file;
  private final String name;
  private final String where;
  private final Hdf5File h5;
  private ChunkedDataset table;
  private final TopTaggingSchema schema;
  private final int rowBytes;
  private final ChunkedDataset.Member index;
  private final ChunkedDataset.Member floats;
  private final ChunkedDataset.Member ints;
  private final int ttvAt;
  private final int signalAt;
  private final Notes notes = new Notes();
  private boolean closed;

  private TopTaggingReader(Path file) {
    this.file = file;
    this.name = file.toString();
    this.where = name + ":/" + TABLE;
    this.h5 = Hdf5File.open(file);
    try {
      table = h5.dataset(TABLE, "the pandas table compound (index, values_block_0, values_block_1)");
      List<ChunkedDataset.Member> members = table.members();
      index = member(members, "index");
      floats = member(members, "values_block_0");
      ints = member(members, "values_block_1");
      if (table.dims().length != 1) {
        throw new NphuntException(where + " has shape " + DatasetLayout.tuple(table.dims()) + ", expected (N,)");
      }
      if (floats.kind() != ChunkedDataset.ElementKind.FLOAT || floats.count() < 8 || floats.count() % 4 != 0) {
        throw new NphuntException(where + ": values_block_0 is " + floats.typeName() + "[" + floats.count()
            + "], expected float32[4C + 4] (C constituents x (E, PX, PY, PZ), then the truth four-vector)");
      }
      if (ints.kind() == ChunkedDataset.ElementKind.FLOAT || ints.kind() == ChunkedDataset.ElementKind.OTHER || ints.count() != 2) {
        throw new NphuntException(where + ": values_block_1 is " + ints.typeName() + "[" + ints.count()
            + "], expected int64[2] (ttv, is_signal_new)");
      }
      schema = new TopTaggingSchema(floats.count() / 4 - 1);
      rowBytes = table.elementSize();
      Map<String, String> attrs = h5.attributes(TABLE);
      checkFloatNames(attrs.get("values_block_0_kind"));
      int[] order = intOrder(attrs.get("values_block_1_kind"));
      ttvAt = order[0];
      signalAt = order[1];
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens a top-tagging file; layout problems are one-line NphuntExceptions. */
  public static TopTaggingReader open(Path file) {
    return new TopTaggingReader(file);
  }

  private ChunkedDataset.Member member(List<ChunkedDataset.Member> members, String field) {
    for (ChunkedDataset.Member m : members) {
      if (m.name().equals(field)) {
        return m;
      }
    }
    List<String> names = new ArrayList<>();
    members.forEach(m -> names.add(m.name()));
    throw new NphuntException(where + " has no field '" + field + "' (fields: " + names
        + "), expected the pandas table of the top-tagging data (index, values_block_0, values_block_1)");
  }

  private static List<String> pickledNames(String pickled) {
    List<String> out = new ArrayList<>();
    if (pickled == null) {
      return out;
    }
    Matcher m = PICKLED_NAME.matcher(pickled);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private void checkFloatNames(String pickled) {
    List<String> names = pickledNames(pickled);
    if (names.isEmpty()) {
      return;
    }
    int c = schema.maxConstituents();
    String[] comp = {"E", "PX", "PY", "PZ"};
    for (int i = 0; i < names.size(); i++) {
      String want = i < 4 * c ? comp[i % 4] + "_" + (i / 4) : "truth" + comp[i - 4 * c];
      if (!names.get(i).equals(want)) {
        throw new NphuntException(where + ": column " + i + " of values_block_0 is '" + names.get(i) + "', expected '" + want
            + "' (the published order E_0, PX_0, PY_0, PZ_0, ..., truthE, truthPX, truthPY, truthPZ)");
      }
    }
  }

  private int[] intOrder(String pickled) {
    List<String> names = pickledNames(pickled);
    if (names.isEmpty()) {
      notes.add("columns", where + ": no values_block_1_kind attribute: values_block_1 taken as (ttv, is_signal_new)");
      return new int[] {0, 1};
    }
    int t = names.indexOf(TopTaggingSchema.TTV);
    int s = names.indexOf(TopTaggingSchema.IS_SIGNAL);
    if (names.size() != 2 || t < 0 || s < 0) {
      throw new NphuntException(where + ": values_block_1 holds " + names + ", expected ttv and is_signal_new");
    }
    return new int[] {t, s};
  }

  @Override
  public EventSchema schema() {
    return schema;
  }

  public TopTaggingSchema topTaggingSchema() {
    return schema;
  }

  @Override
  public long size() {
    return table.rows();
  }

  @Override
  public boolean hasColumn(String column) {
    return column.equals(TopTaggingSchema.IS_SIGNAL) || column.equals(TopTaggingSchema.TTV)
        || column.equals(TopTaggingSchema.INDEX);
  }

  public DatasetLayout layout() {
    return table.layout();
  }

  public Map<String, String> attributes() {
    return h5.attributes("table");
  }

  @Override
  public Events read(long start, int count) {
    if (closed) {
      throw new IllegalStateException(name + ": reader is closed");
    }
    if (start < 0 || count < 0 || start + count > size()) {
      throw new IndexOutOfBoundsException(name + ": events [" + start + ", " + (start + count) + ") outside [0, " + size() + ")");
    }
    ByteBuffer raw = ByteBuffer.wrap(table.readRaw(start, count));
    int c = schema.maxConstituents();
    double[] cons = new double[Math.multiplyExact(count, 4 * c)];
    double[] truth = new double[count * 4];
    int[] signal = new int[count];
    int[] ttv = new int[count];
    long[] idx = new long[count];
    for (int e = 0; e < count; e++) {
      int row = e * rowBytes;
      for (int i = 0; i < 4 * c; i++) {
        cons[e * 4 * c + i] = floats.get(raw, row, i);
      }
      for (int i = 0; i < 4; i++) {
        truth[e * 4 + i] = floats.get(raw, row, 4 * c + i);
      }
      idx[e] = index.getLong(raw, row, 0);
      long t = ints.getLong(raw, row, ttvAt);
      long s = ints.getLong(raw, row, signalAt);
      if (s != 0 && s != 1) {
        throw new NphuntException(where + ": event " + (start + e) + ": is_signal_new is " + s + ", expected 0 or 1");
      }
      ttv[e] = (int) t;
      signal[e] = (int) s;
    }
    Events events = new Events(schema, count, new double[][] {cons, truth}, new Object[] {signal, ttv, idx});
    events.validate(where, start, notes);
    return events;
  }

  @Override
  public List<String> notes() {
    return notes.all();
  }

  @Override
  public Map<String, String> notesByKind() {
    return notes.byKind();
  }

  @Override
  public String name() {
    return name;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (table != null) {
      table.close();
    }
    h5.close();
  }
}
