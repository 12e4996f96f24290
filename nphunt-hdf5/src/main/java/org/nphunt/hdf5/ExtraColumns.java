package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.data.ColumnSpec;
import org.nphunt.data.ColumnType;
import org.nphunt.data.EventSchema;
import org.nphunt.data.Events;

/**
 * The optional per-event columns of an ADC2021 file beyond {@code EvtId} and {@code ProcessId}: the
 * generator's truth for the high-level features ({@link org.nphunt.data.Adc2021Truth}), each a 1-D
 * dataset (N,) of its column type (float32, float64, int32, int64), chunked along events and
 * gzip-compressed. {@link Writer} appends those a block carries; {@link Reader} reads those a file has.
 */
final class ExtraColumns {
  /** Columns before this index (EvtId, ProcessId) are handled by the reader and writer themselves. */
  static final int FIRST = 2;
  /** Events per chunk of a column. */
  static final int CHUNK = 1 << 14;

  private ExtraColumns() {}

  private static long fileType(ColumnType t) {
    return switch (t) {
      case INT32 -> H5T_STD_I32LE_g();
      case INT64 -> H5T_STD_I64LE_g();
      case FLOAT32 -> H5T_IEEE_F32LE_g();
      case FLOAT64 -> H5T_IEEE_F64LE_g();
    };
  }

  /** Appends the extra columns a file's first block carries; every later block must carry the same. */
  static final class Writer {
    private final EventSchema schema;
    private final Path target;
    private final int gzip;
    private DatasetAppender[] columns;
    private boolean[] present;

    Writer(EventSchema schema, Path target, int gzip) {
      this.schema = schema;
      this.target = target;
      this.gzip = gzip;
    }

    /** Appends the block's extra columns ({@code written}: events already in the file, for messages). */
    void append(long fileId, Events block, long written) {
      List<ColumnSpec> cs = schema.columns();
      boolean[] has = new boolean[cs.size()];
      for (int c = FIRST; c < has.length; c++) {
        has[c] = block.column(c) != null;
      }
      if (present == null) {
        present = has;
        columns = new DatasetAppender[has.length];
        for (int c = FIRST; c < has.length; c++) {
          if (has[c]) {
            ColumnSpec spec = cs.get(c);
            columns[c] = new DatasetAppender(fileId, spec.name(), fileType(spec.type()), new long[0], CHUNK, gzip, false,
                target + ":/" + spec.name());
          }
        }
      } else if (!Arrays.equals(present, has)) {
        throw new IllegalArgumentException(target + ": block at event " + written + " carries the columns "
            + names(has) + ", unlike the first block " + names(present));
      }
      int n = block.size();
      for (int c = FIRST; c < has.length; c++) {
        if (columns[c] == null) {
          continue;
        }
        Object a = block.column(c);
        if (a instanceof double[] d) {
          columns[c].append(d, 0, n);
        } else if (a instanceof int[] i) {
          columns[c].append(i, 0, n);
        } else {
          columns[c].append((long[]) a, 0, n);
        }
      }
    }

    private List<String> names(boolean[] has) {
      List<ColumnSpec> cs = schema.columns();
      return java.util.stream.IntStream.range(FIRST, has.length).filter(c -> has[c]).mapToObj(c -> cs.get(c).name())
          .toList();
    }

    /** Closes the datasets (lock taken by each). */
    void close() {
      if (columns != null) {
        for (DatasetAppender a : columns) {
          if (a != null) {
            a.close();
          }
        }
        columns = null;
      }
    }
  }

  /** Reads the extra columns present in a file. */
  static final class Reader implements AutoCloseable {
    private final EventSchema schema;
    private final ChunkedDataset[] columns;

    /** Opens the columns {@code h5} has; a misshapen or non-numeric one is a one-line NphuntException. */
    Reader(Hdf5File h5, EventSchema schema, long size, String name) {
      this.schema = schema;
      List<ColumnSpec> cs = schema.columns();
      this.columns = new ChunkedDataset[cs.size()];
      try {
        for (int c = FIRST; c < cs.size(); c++) {
          String col = cs.get(c).name();
          if (h5.kind(col) == Hdf5File.Kind.MISSING) {
            continue;
          }
          ChunkedDataset d = h5.dataset(col, "a (" + size + ",) column");
          columns[c] = d;
          String w = name + ":/" + col;
          if (d.elementKind() == ChunkedDataset.ElementKind.OTHER) {
            throw new NphuntException(w + " has dtype " + d.layout().dtype() + ", expected numbers");
          }
          long[] dims = d.dims();
          if (dims.length != 1 || dims[0] != size) {
            throw new NphuntException(w + " has shape " + DatasetLayout.tuple(dims) + ", expected (" + size
                + ",) like /Particles");
          }
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    boolean has(String column) {
      int c = schema.columnIndex(column);
      return c >= FIRST && columns[c] != null;
    }

    /** Sets the columns of events [start, start + count) on {@code block}. */
    void readInto(Events block, long start, int count) {
      List<ColumnSpec> cs = schema.columns();
      for (int c = FIRST; c < columns.length; c++) {
        if (columns[c] == null) {
          continue;
        }
        ColumnSpec spec = cs.get(c);
        Object values = switch (spec.type()) {
          case FLOAT32, FLOAT64 -> columns[c].readDoubles(start, count);
          case INT64 -> columns[c].readLongs(start, count);
          case INT32 -> {
            long[] l = columns[c].readLongs(start, count);
            int[] v = new int[count];
            for (int i = 0; i < count; i++) {
              v[i] = (int) l[i];
            }
            yield v;
          }
        };
        block.setColumn(spec.name(), values);
      }
    }

    @Override
    public void close() {
      for (int c = 0; c < columns.length; c++) {
        if (columns[c] != null) {
          columns[c].close();
          columns[c] = null;
        }
      }
    }
  }
}
