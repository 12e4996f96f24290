package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.Notes;

/**
 * Reads a high-level-feature table ({@link HlfSchema}, written by {@link HlfWriter}): {@code HLF}
 * (N, F) of any float or integer type, {@code HLF_Names} naming its columns (a subset of the study's
 * 21 in their order), optional {@code EvtId} and {@code ProcessId}. Every block is validated (finite
 * values in range, whole-number counts, charge +-1); a problem is one line naming the file, the event
 * and the feature.
 */
public final class HlfReader implements EventSource {
  private final Path file;
  private final String name;
  private final Hdf5File h5;
  private final HlfSchema schema;
  private final Notes notes = new Notes();
  private ChunkedDataset table;
  private ChunkedDataset processId;
  private ChunkedDataset evtId;
  private boolean closed;

  private HlfReader(Path file) {
    this.file = file;
    this.name = file.toString();
    this.h5 = Hdf5File.open(file);
    try {
      table = h5.dataset(HlfSchema.HLF, "(N, F) high-level features");
      List<String> names = h5.strings(HlfSchema.HLF_NAMES);
      if (names == null) {
        throw new NphuntException(name + ": dataset /" + HlfSchema.HLF_NAMES + " (the names of the HLF columns) is missing");
      }
      names = names.stream().map(String::strip).toList();
      try {
        schema = new HlfSchema(names);
      } catch (IllegalArgumentException e) {
        throw new NphuntException(name + ":/" + HlfSchema.HLF_NAMES + ": " + e.getMessage());
      }
      long[] dims = table.dims();
      if (table.elementKind() == ChunkedDataset.ElementKind.OTHER || dims.length != 2 || dims[1] != names.size()) {
        throw new NphuntException(name + ":/" + HlfSchema.HLF + " is " + table.layout().dtype() + " "
            + DatasetLayout.tuple(dims) + ", expected numbers (N, " + names.size() + ") like HLF_Names");
      }
      processId = column(Adc2021.PROCESS_ID);
      evtId = column(Adc2021.EVT_ID);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens a table; a missing or misshapen dataset or unknown feature names are a one-line NphuntException. */
  public static HlfReader open(Path file) {
    return new HlfReader(file);
  }

  private ChunkedDataset column(String column) {
    if (h5.kind(column) == Hdf5File.Kind.MISSING) {
      return null;
    }
    ChunkedDataset d = h5.dataset(column, "a per-event column");
    long[] dims = d.dims();
    if (dims.length != 1 || dims[0] != table.rows()) {
      d.close();
      throw new NphuntException(name + ":/" + column + " has shape " + DatasetLayout.tuple(dims) + ", expected ("
          + table.rows() + ",)");
    }
    return d;
  }

  @Override
  public EventSchema schema() {
    return schema;
  }

  /** The table's schema (its feature names). */
  public HlfSchema hlfSchema() {
    return schema;
  }

  @Override
  public long size() {
    return table.rows();
  }

  @Override
  public boolean hasColumn(String column) {
    return column.equals(Adc2021.PROCESS_ID) ? processId != null : column.equals(Adc2021.EVT_ID) && evtId != null;
  }

  @Override
  public List<String> notes() {
    return notes.all();
  }

  @Override
  public Map<String, String> notesByKind() {
    return notes.byKind();
  }

  /** Storage of {@code HLF}: dtype, shape, chunking, filters. */
  public DatasetLayout layout() {
    return table.layout();
  }

  /** String attributes of the root group. */
  public Map<String, String> attributes() {
    return h5.attributes();
  }

  @Override
  public Events read(long start, int count) {
    if (closed) {
      throw new IllegalStateException(name + ": reader is closed");
    }
    if (start < 0 || count < 0 || start + count > size()) {
      throw new IndexOutOfBoundsException(name + ": events [" + start + ", " + (start + count) + ") outside [0, " + size() + ")");
    }
    double[] v = table.readDoubles(start, count);
    Object[] cols = new Object[2];
    if (evtId != null) {
      cols[0] = evtId.readLongs(start, count);
    }
    if (processId != null) {
      long[] l = processId.readLongs(start, count);
      int[] p = new int[count];
      for (int i = 0; i < count; i++) {
        p[i] = (int) l[i];
      }
      cols[1] = p;
    }
    Events events = new Events(schema, count, new double[][] {v}, cols);
    events.validate(name + ":/" + HlfSchema.HLF, start, notes);
    return events;
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
    for (ChunkedDataset d : new ChunkedDataset[] {table, processId, evtId}) {
      if (d != null) {
        d.close();
      }
    }
    table = processId = evtId = null;
    h5.close();
  }
}
