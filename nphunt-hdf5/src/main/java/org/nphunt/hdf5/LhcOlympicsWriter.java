package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSink;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;

/**
 * Writes particle-level events in the LHC Olympics 2020 layout, a pandas "fixed"-format frame under
 * key {@code df} that {@code pandas.read_hdf(file, "df")} reads: {@code /df/block0_values} float64
 * (N, 3P [+ 1]) = P particles x (pT, eta, phi), zero-padded, then the {@code label} column when the
 * blocks carry one; {@code /df/axis0} and {@code /df/block0_items} the integer column labels 0..3P,
 * {@code /df/axis1} the row index 0..N-1; and the PyTables/pandas metadata attributes as Debian's
 * pandas 1.5 / PyTables 3.7 write them ({@code pandas_type = "frame"}, {@code transposed}, ...).
 *
 * <p>Unlike the published files (Blosc, which needs a plugin outside PyTables), chunks are
 * shuffled and gzip-compressed (level 4) by the library, readable by every HDF5 tool. Written under a
 * temporary name and renamed on {@link #commit()}; never replaces a file without {@code force}.
 * Every block is validated first ({@link ParticleListSchema}); labels must be 0 or 1.
 */
public final class LhcOlympicsWriter implements EventSink {
  /** Rows per chunk (about 1 MB of float64 for P = 700). */
  public static final int CHUNK_ROWS = 64;

  private final Path target;
  private final ParticleListSchema schema;
  private final AtomicHdf5File file;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private long fileId = -1;
  private long group = -1;
  private DatasetAppender values;
  private Boolean labelled;
  private int columns;
  private long written;

  private LhcOlympicsWriter(Path file, ParticleListSchema schema, boolean force) {
    this.target = file;
    this.schema = schema;
    H5.init();
    this.file = new AtomicHdf5File(file, force);
    try {
      H5.run(() -> {
        long fapl = H5.newFileAccess();
        try {
          fileId = H5.check(H5Fcreate(this.file.temporary().toString(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl),
              file + ": cannot create HDF5 file " + this.file.temporary());
        } finally {
          H5Pclose(fapl);
        }
        group = H5.check(H5Gcreate2(fileId, "df", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), file + ": cannot create /df");
      });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Creates the writer; refuses an existing file unless {@code force}. */
  public static LhcOlympicsWriter create(Path file, ParticleListSchema schema, boolean force) {
    return new LhcOlympicsWriter(file, schema, force);
  }

  @Override
  public void write(Events events) {
    checkWritable();
    if (!(events.schema() instanceof ParticleListSchema s) || s.maxParticles() != schema.maxParticles()) {
      throw new IllegalArgumentException(target + ": expected blocks of " + schema.description() + ", found "
          + events.schema().description());
    }
    boolean has = events.hasColumn(ParticleListSchema.LABEL);
    if (labelled == null) {
      labelled = has;
      columns = schema.maxParticles() * 3 + (has ? 1 : 0);
      values = new DatasetAppender(group, "block0_values", H5T_IEEE_F64LE_g(), new long[] {columns}, CHUNK_ROWS, 4, true,
          target + ":/" + LhcOlympicsReader.VALUES);
    } else if (labelled != has) {
      throw new IllegalArgumentException(target + ": block at event " + written + (has ? " has" : " lacks")
          + " the label column, unlike the first block");
    }
    events.validate(target + " (writing)", written, new org.nphunt.data.Notes());
    int n = events.size();
    int p = schema.maxParticles() * 3;
    double[] src = events.tensor(0);
    double[] rows;
    if (has) {
      int[] label = (int[]) events.column(ParticleListSchema.LABEL);
      rows = new double[Math.multiplyExact(n, columns)];
      for (int e = 0; e < n; e++) {
        if (label[e] != 0 && label[e] != 1) {
          throw new NphuntException(target + " (writing): event " + (written + e) + ": label is " + label[e] + ", expected 0 or 1");
        }
        System.arraycopy(src, e * p, rows, e * columns, p);
        rows[e * columns + p] = label[e];
      }
    } else {
      rows = src;
    }
    values.append(rows, 0, n);
    written += n;
  }

  @Override
  public void attribute(String key, String value) {
    checkWritable();
    if (key == null || key.isEmpty() || key.contains("/")) {
      throw new IllegalArgumentException("attribute name must be non-empty without '/', found '" + key + "'");
    }
    attributes.put(key, value == null ? "" : value);
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void commit() {
    checkWritable();
    if (labelled == null) {
      labelled = false;
      columns = schema.maxParticles() * 3;
      values = new DatasetAppender(group, "block0_values", H5T_IEEE_F64LE_g(), new long[] {columns}, CHUNK_ROWS, 4, true,
          target + ":/" + LhcOlympicsReader.VALUES);
    }
    file.commit(fileId, () -> writeMetadata(), attributes, this::closeHandles);
  }

  // Lock held. What pandas.to_hdf(format="fixed") writes besides the values.
  private void writeMetadata() {
    DatasetAppender.stringAttribute(fileId, "CLASS", "GROUP", true);
    DatasetAppender.stringAttribute(fileId, "PYTABLES_FORMAT_VERSION", "2.1", true);
    DatasetAppender.stringAttribute(fileId, "TITLE", "", true);
    DatasetAppender.stringAttribute(fileId, "VERSION", "1.0", true);
    DatasetAppender.stringAttribute(group, "CLASS", "GROUP", true);
    DatasetAppender.stringAttribute(group, "TITLE", "", true);
    DatasetAppender.stringAttribute(group, "VERSION", "1.0", true);
    for (String a : new String[] {"axis0_variety", "axis1_variety", "block0_items_variety"}) {
      DatasetAppender.stringAttribute(group, a, "regular", true);
    }
    DatasetAppender.stringAttribute(group, "encoding", "UTF-8", true);
    DatasetAppender.stringAttribute(group, "errors", "strict", true);
    DatasetAppender.longAttribute(group, "nblocks", H5T_STD_I64LE_g(), 1);
    DatasetAppender.longAttribute(group, "ndim", H5T_STD_I64LE_g(), 2);
    DatasetAppender.stringAttribute(group, "pandas_type", "frame", true);
    DatasetAppender.stringAttribute(group, "pandas_version", "0.15.2", true);
    long[] labels = new long[columns];
    for (int i = 0; i < columns; i++) {
      labels[i] = i;
    }
    index("axis0", labels);
    index("block0_items", labels);
    long[] rows = new long[Math.toIntExact(written)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    index("axis1", rows);
    long v = values.id();
    // An extendable array is a PyTables EArray (extendable along axis EXTDIM).
    DatasetAppender.stringAttribute(v, "CLASS", "EARRAY", false);
    DatasetAppender.longAttribute(v, "EXTDIM", H5T_STD_I32LE_g(), 0);
    DatasetAppender.stringAttribute(v, "TITLE", "", false);
    DatasetAppender.stringAttribute(v, "VERSION", "1.1", false);
    DatasetAppender.boolAttribute(v, "transposed", true);
  }

  // Lock held. A 1-D int64 index array with pandas' attributes.
  private void index(String name, long[] values) {
    DatasetAppender a = new DatasetAppender(group, name, H5T_STD_I64LE_g(), new long[0], 8192, 4, true,
        target + ":/df/" + name);
    a.append(values, 0, values.length);
    long id = a.id();
    DatasetAppender.stringAttribute(id, "CLASS", "EARRAY", false);
    DatasetAppender.longAttribute(id, "EXTDIM", H5T_STD_I32LE_g(), 0);
    DatasetAppender.stringAttribute(id, "TITLE", "", false);
    DatasetAppender.stringAttribute(id, "VERSION", "1.1", false);
    DatasetAppender.stringAttribute(id, "kind", "integer", true);
    DatasetAppender.stringAttribute(id, "name", "N.", false);
    DatasetAppender.boolAttribute(id, "transposed", true);
    a.close();
  }

  // Lock held.
  private boolean closeHandles() {
    if (values != null) {
      values.close();
      values = null;
    }
    H5.closeQuietly(group, 'G');
    group = -1;
    boolean ok = fileId < 0 || H5Fclose(fileId) >= 0;
    fileId = -1;
    return ok;
  }

  private void checkWritable() {
    file.checkWritable();
  }

  public Path target() {
    return target;
  }

  @Override
  public void close() {
    file.close(this::closeHandles);
  }
}
