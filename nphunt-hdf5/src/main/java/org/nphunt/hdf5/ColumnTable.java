package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.hdf5.H5G_info_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.nphunt.NphuntException;
import org.nphunt.io.AtomicOutput;

/**
 * A table of per-event columns in one HDF5 file: 1-D datasets of the root group, float64 or int32, of
 * one length, each with its own string attributes (units, codings, provenance), plus attributes of the
 * file. Why not {@link ScoreFileWriter}: that one streams float64 score columns only; a table of mixed
 * types whose integer codes (labels, categories) must say what they mean needs integer datasets and
 * per-dataset attributes. Written at once and committed by rename ({@link AtomicOutput}): a failed write
 * leaves no file. The root tracks link creation order, so {@link #read} returns the columns in the order
 * written. h5py: {@code f["label"][:]}, {@code f["label"].attrs["coding"]}.
 *
 * @param columns the columns in file order
 * @param attributes the root group's attributes
 */
public record ColumnTable(List<Column> columns, Map<String, String> attributes) {

  /**
   * One column.
   *
   * @param name dataset name: non-empty, without '/', not starting with '.'
   * @param values a {@code double[]} (float64) or an {@code int[]} (int32)
   * @param attributes the dataset's string attributes (e.g. "unit" -&gt; "GeV")
   */
  public record Column(String name, Object values, Map<String, String> attributes) {
    public Column {
      if (name == null || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
        throw new IllegalArgumentException("column name must be non-empty, without '/', found '" + name + "'");
      }
      if (!(values instanceof double[]) && !(values instanceof int[])) {
        throw new IllegalArgumentException("column " + name + ": values must be double[] or int[], found "
            + (values == null ? "null" : values.getClass().getSimpleName()));
      }
      attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The number of values. */
    public int size() {
      return values instanceof double[] d ? d.length : ((int[]) values).length;
    }

    /** The values as float64 (an int32 column is converted; the doubles themselves otherwise). */
    public double[] doubles() {
      if (values instanceof double[] d) {
        return d;
      }
      int[] v = (int[]) values;
      double[] out = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i];
      }
      return out;
    }

    /** The int32 values; a one-line error for a float64 column. */
    public int[] ints() {
      if (values instanceof int[] v) {
        return v;
      }
      throw new NphuntException("column " + name + " is float64, not int32");
    }
  }

  public ColumnTable {
    columns = List.copyOf(columns);
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("column names must be unique, found '" + c.name() + "' twice");
      }
      if (c.size() != columns.get(0).size()) {
        throw new IllegalArgumentException("columns must have one length: " + columns.get(0).name() + " has "
            + columns.get(0).size() + " values, " + c.name() + " " + c.size());
      }
    }
  }

  /** The column of that name, or a one-line error naming the available ones. */
  public Column column(String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new NphuntException("no column '" + name + "' (available: " + names() + ")");
  }

  /** Column names in file order. */
  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** Rows (the common column length; 0 for no columns). */
  public int size() {
    return columns.isEmpty() ? 0 : columns.get(0).size();
  }

  /** Writes the table to {@code file} atomically; refuses an existing file unless {@code force}. */
  public void write(Path file, boolean force) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(file + ": a column table needs at least one column");
    }
    H5.init();
    try (AtomicOutput out = AtomicOutput.create(file, force)) {
      boolean ok = H5.locked(() -> {
        long fcpl = H5Pcreate(H5P_CLS_FILE_CREATE_ID_g());
        long fapl = H5.newFileAccess();
        long fid = -1;
        try {
          H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
          fid = H5.check(H5Fcreate(out.temporary().toString(), H5F_ACC_TRUNC, fcpl, fapl), file
              + ": cannot create HDF5 file " + out.temporary());
          for (Column c : columns) {
            writeColumn(fid, c, file);
          }
          for (Map.Entry<String, String> a : attributes.entrySet()) {
            H5.writeStringAttribute(fid, a.getKey(), a.getValue(), file.toString());
          }
          if (!H5.flushForCommit(fid, out.temporary())) {
            return false;
          }
          boolean closed = H5Fclose(fid) >= 0;
          fid = -1;
          return closed;
        } catch (RuntimeException e) {
          H5.emptyForDiscard(out.temporary());
          throw e;
        } finally {
          H5.closeQuietly(fid, 'F');
          H5Pclose(fapl);
          H5Pclose(fcpl);
        }
      });
      if (!ok) {
        throw new NphuntException(file + ": cannot finish the HDF5 file: " + H5.writeFailure(file));
      }
      out.commit();
    }
  }

  // Lock held.
  private static void writeColumn(long fid, Column c, Path file) {
    String where = file + ":/" + c.name();
    int n = c.size();
    boolean ints = c.values() instanceof int[];
    long space = H5Screate_simple(1, new long[] {n}, (long[]) null);
    long ds = -1;
    try {
      ds = H5.check(H5Dcreate2(fid, c.name(), ints ? H5T_STD_I32LE_g() : H5T_IEEE_F64LE_g(), space, H5P_DEFAULT,
          H5P_DEFAULT, H5P_DEFAULT), where + ": cannot create dataset");
      if (n > 0) {
        if (ints) {
          try (IntPointer p = new IntPointer(n)) {
            p.put((int[]) c.values(), 0, n);
            H5.check(H5Dwrite(ds, H5T_NATIVE_INT32_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p), where + ": cannot write: "
                + H5.writeFailure(file));
          }
        } else {
          try (DoublePointer p = new DoublePointer(n)) {
            p.put((double[]) c.values(), 0, n);
            H5.check(H5Dwrite(ds, H5T_NATIVE_DOUBLE_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p), where + ": cannot write: "
                + H5.writeFailure(file));
          }
        }
      }
      for (Map.Entry<String, String> a : c.attributes().entrySet()) {
        H5.writeStringAttribute(ds, a.getKey(), a.getValue(), where);
      }
    } finally {
      H5.closeQuietly(ds, 'D');
      H5Sclose(space);
    }
  }

  /**
   * Reads every 1-D integer or floating-point dataset of the root group (integers as int32, floats as
   * float64) with its attributes, in creation order; one-line errors name the file and dataset.
   */
  public static ColumnTable read(Path file) {
    H5.init();
    long fid = H5.openFile(file);
    try {
      return H5.locked(() -> {
        List<Column> cols = new ArrayList<>();
        for (String link : links(fid, file)) {
          Column c = readColumn(fid, link, file);
          if (c != null) {
            if (!cols.isEmpty() && c.size() != cols.get(0).size()) {
              throw new NphuntException(file + ":/" + link + " has " + c.size() + " values, expected "
                  + cols.get(0).size() + " like " + cols.get(0).name());
            }
            cols.add(c);
          }
        }
        return new ColumnTable(cols, H5.readAttributes(fid));
      });
    } finally {
      H5.run(() -> H5.closeQuietly(fid, 'F'));
    }
  }

  // Lock held. Root links in creation order (by name when the file does not track it).
  private static List<String> links(long fid, Path file) {
    H5G_info_t g = new H5G_info_t();
    try {
      if (H5Gget_info(fid, g) < 0) {
        throw new NphuntException(file + ": cannot list the root group (file corrupt?)");
      }
      for (int index : new int[] {H5_INDEX_CRT_ORDER, H5_INDEX_NAME}) {
        List<String> out = new ArrayList<>();
        for (long i = 0; i < g.nlinks(); i++) {
          long len = H5Lget_name_by_idx(fid, ".", index, H5_ITER_INC, i, (byte[]) null, 0, H5P_DEFAULT);
          if (len < 0) {
            out = null;
            break;
          }
          byte[] b = new byte[(int) len + 1];
          H5Lget_name_by_idx(fid, ".", index, H5_ITER_INC, i, b, b.length, H5P_DEFAULT);
          out.add(H5.cString(b));
        }
        if (out != null) {
          return out;
        }
      }
      throw new NphuntException(file + ": cannot list the root group (file corrupt?)");
    } finally {
      g.close();
    }
  }

  // Lock held. A 1-D numeric dataset as a column, null for anything else.
  private static Column readColumn(long fid, String link, Path file) {
    H5O_info2_t info = new H5O_info2_t();
    try {
      if (H5Oget_info_by_name3(fid, link, info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 || info.type() != H5O_TYPE_DATASET) {
        return null;
      }
    } finally {
      info.close();
    }
    String where = file + ":/" + link;
    long ds = H5.check(H5Dopen2(fid, link, H5P_DEFAULT), where + ": cannot open dataset (file corrupt?)");
    long type = H5Dget_type(ds);
    long space = H5Dget_space(ds);
    try {
      int cls = H5Tget_class(type);
      if (H5Sget_simple_extent_ndims(space) != 1 || cls != H5T_INTEGER && cls != H5T_FLOAT) {
        return null;
      }
      long n = H5Sget_simple_extent_npoints(space);
      if (n > Integer.MAX_VALUE - 8) {
        throw new NphuntException(where + ": " + n + " values do not fit one Java array");
      }
      int k = (int) n;
      Object values;
      if (cls == H5T_INTEGER) {
        int[] v = new int[k];
        if (k > 0) {
          try (IntPointer p = new IntPointer(k)) {
            H5.check(H5Dread(ds, H5T_NATIVE_INT32_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p), where
                + ": cannot read (file truncated or corrupt)");
            p.get(v);
          }
        }
        values = v;
      } else {
        double[] v = new double[k];
        if (k > 0) {
          try (DoublePointer p = new DoublePointer(k)) {
            H5.check(H5Dread(ds, H5T_NATIVE_DOUBLE_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p), where
                + ": cannot read (file truncated or corrupt)");
            p.get(v);
          }
        }
        values = v;
      }
      return new Column(link, values, H5.readAttributes(ds));
    } finally {
      H5Sclose(space);
      H5Tclose(type);
      H5Dclose(ds);
    }
  }
}
