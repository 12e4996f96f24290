package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventSink;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.Notes;

/**
 * Writes the high-level-feature table ({@link HlfSchema}): {@code HLF} float32 (N, F) chunked along
 * events with shuffle and gzip 4, {@code HLF_Names} (F,) fixed-length strings, and {@code EvtId}
 * (int64) / {@code ProcessId} (int32) when the blocks carry them, as the HLT study's files store the
 * table (h5py: {@code f["HLF"][:]}, {@code f["HLF_Names"][:]}). Written under a temporary name and
 * renamed on {@link #commit()}.
 */
public final class HlfWriter implements EventSink {
  /** Events per chunk. */
  public static final int CHUNK_EVENTS = 4096;

  private final Path target;
  private final HlfSchema schema;
  private final AtomicHdf5File file;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private long fileId = -1;
  private DatasetAppender table;
  private DatasetAppender processId;
  private DatasetAppender evtId;
  private boolean[] present;
  private long written;

  private HlfWriter(Path file, HlfSchema schema, boolean force) {
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
      });
      table = new DatasetAppender(fileId, HlfSchema.HLF, H5T_IEEE_F32LE_g(), new long[] {schema.width()}, CHUNK_EVENTS, 4,
          true, file + ":/" + HlfSchema.HLF);
      H5.run(() -> H5.writeFixedStrings(fileId, HlfSchema.HLF_NAMES, schema.features(), file.toString()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Creates the writer; refuses an existing file unless {@code force}. */
  public static HlfWriter create(Path file, HlfSchema schema, boolean force) {
    return new HlfWriter(file, schema, force);
  }

  public HlfSchema schema() {
    return schema;
  }

  @Override
  public void write(Events events) {
    checkWritable();
    if (!(events.schema() instanceof HlfSchema s) || !s.equals(schema)) {
      throw new IllegalArgumentException(target + ": expected blocks of " + schema.description() + ", found "
          + events.schema().description());
    }
    boolean[] has = {events.hasColumn(Adc2021.PROCESS_ID), events.hasColumn(Adc2021.EVT_ID)};
    if (present == null) {
      present = has;
      String t = target.toString();
      if (has[0]) {
        processId = new DatasetAppender(fileId, Adc2021.PROCESS_ID, H5T_STD_I32LE_g(), new long[0], 1 << 14, 4, false,
            t + ":/" + Adc2021.PROCESS_ID);
      }
      if (has[1]) {
        evtId = new DatasetAppender(fileId, Adc2021.EVT_ID, H5T_STD_I64LE_g(), new long[0], 1 << 14, 4, false,
            t + ":/" + Adc2021.EVT_ID);
      }
    } else if (!java.util.Arrays.equals(present, has)) {
      throw new IllegalArgumentException(target + ": block at event " + written + " carries (ProcessId, EvtId) = "
          + java.util.Arrays.toString(has) + ", unlike the first block " + java.util.Arrays.toString(present));
    }
    events.validate(target + " (writing)", written, new Notes());
    int n = events.size();
    table.append(events.tensor(0), 0, n);
    if (processId != null) {
      processId.append((int[]) events.column(Adc2021.PROCESS_ID), 0, n);
    }
    if (evtId != null) {
      evtId.append((long[]) events.column(Adc2021.EVT_ID), 0, n);
    }
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
    file.commit(fileId, () -> { }, attributes, this::closeHandles);
  }

  // Lock held.
  private boolean closeHandles() {
    for (DatasetAppender a : new DatasetAppender[] {table, processId, evtId}) {
      if (a != null) {
        a.close();
      }
    }
    table = processId = evtId = null;
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
