package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.data.Adc2021;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSink;
import org.nphunt.data.Events;

/**
 * Writes nphunt's dijet layout ({@link DijetSchema}), compatible with the files of the published
 * dijet-VAE code (pofah/vande): {@code jetConstituentsList} float32 (N, 2, C, 3) of (eta, phi, pt)
 * with eta and phi <b>relative to the jet axis</b>, {@code particleFeatureNames} ["eta", "phi",
 * "pt"], {@code eventFeatures} float32 (N, F) with {@code eventFeatureNames}, and {@code ProcessId}
 * (int32), {@code truth_label} (int32), {@code EvtId} (int64) when the blocks carry them; the root
 * attribute {@value #COORDINATES_ATTRIBUTE} = {@value #RELATIVE} records the constituent convention
 * so that {@link DijetReader} never has to guess it for nphunt's files.
 *
 * <p>Chunks of {@value #CHUNK_EVENTS} events, shuffle + gzip 4, applied by the library. Written under
 * a temporary name and renamed on {@link #commit()}; an existing file is replaced only with
 * {@code force}. Every block is validated first ({@link DijetSchema#validate}).
 */
public final class DijetWriter implements EventSink {
  /** Root attribute naming the constituent coordinates. */
  public static final String COORDINATES_ATTRIBUTE = "constituent_coordinates";
  /** Its value for nphunt's files. */
  public static final String RELATIVE = "relative: eta - jet eta, phi - jet phi wrapped to [-pi, pi], pt in GeV";
  /** Events per chunk. */
  public static final int CHUNK_EVENTS = 1000;

  private final Path target;
  private final DijetSchema schema;
  private final AtomicHdf5File file;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private long fileId = -1;
  private DatasetAppender constituents;
  private DatasetAppender features;
  private DatasetAppender processId;
  private DatasetAppender truth;
  private DatasetAppender evtId;
  private boolean[] present;
  private long written;

  private DijetWriter(Path file, DijetSchema schema, boolean force) {
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
      int c = schema.constituents();
      constituents = new DatasetAppender(fileId, DijetSchema.CONSTITUENTS, H5T_IEEE_F32LE_g(), new long[] {2, c, 3},
          chunk(2L * c * 3 * 4), 4, true, file + ":/" + DijetSchema.CONSTITUENTS);
      features = new DatasetAppender(fileId, DijetSchema.EVENT_FEATURES, H5T_IEEE_F32LE_g(),
          new long[] {schema.eventFeatures().size()}, CHUNK_EVENTS * 4L, 4, true, file + ":/" + DijetSchema.EVENT_FEATURES);
      H5.run(() -> {
        H5.writeFixedStrings(fileId, "particleFeatureNames", List.of("eta", "phi", "pt"), file.toString());
        H5.writeFixedStrings(fileId, "eventFeatureNames", schema.eventFeatures(), file.toString());
      });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static long chunk(long bytesPerEvent) {
    return Math.max(1, Math.min(CHUNK_EVENTS, (4L << 20) / bytesPerEvent));
  }

  /** Creates the writer; refuses an existing file unless {@code force}. */
  public static DijetWriter create(Path file, DijetSchema schema, boolean force) {
    return new DijetWriter(file, schema, force);
  }

  public DijetSchema schema() {
    return schema;
  }

  @Override
  public void write(Events events) {
    checkWritable();
    if (!(events.schema() instanceof DijetSchema s) || !s.equals(schema)) {
      throw new IllegalArgumentException(target + ": expected blocks of " + schema.description() + ", found "
          + events.schema().description());
    }
    boolean[] has = {events.hasColumn(Adc2021.PROCESS_ID), events.hasColumn(DijetSchema.TRUTH_LABEL),
        events.hasColumn(Adc2021.EVT_ID)};
    if (present == null) {
      present = has;
      String t = target.toString();
      if (has[0]) {
        processId = new DatasetAppender(fileId, Adc2021.PROCESS_ID, H5T_STD_I32LE_g(), new long[0], 1 << 14, 4, false, t + ":/ProcessId");
      }
      if (has[1]) {
        truth = new DatasetAppender(fileId, DijetSchema.TRUTH_LABEL, H5T_STD_I32LE_g(), new long[0], 1 << 14, 4, false, t + ":/truth_label");
      }
      if (has[2]) {
        evtId = new DatasetAppender(fileId, Adc2021.EVT_ID, H5T_STD_I64LE_g(), new long[0], 1 << 14, 4, false, t + ":/EvtId");
      }
    } else if (!java.util.Arrays.equals(present, has)) {
      throw new IllegalArgumentException(target + ": block at event " + written + " carries columns (ProcessId, truth_label,"
          + " EvtId) = " + java.util.Arrays.toString(has) + ", unlike the first block " + java.util.Arrays.toString(present));
    }
    events.validate(target + " (writing)", written, new org.nphunt.data.Notes());
    int n = events.size();
    constituents.append(events.tensor(0), 0, n);
    features.append(events.tensor(1), 0, n);
    if (processId != null) {
      processId.append((int[]) events.column(Adc2021.PROCESS_ID), 0, n);
    }
    if (truth != null) {
      truth.append((int[]) events.column(DijetSchema.TRUTH_LABEL), 0, n);
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
    file.commit(fileId, () -> H5.writeStringAttribute(fileId, COORDINATES_ATTRIBUTE, RELATIVE, target.toString()), attributes, this::closeHandles);
  }

  // Lock held.
  private boolean closeHandles() {
    for (DatasetAppender a : new DatasetAppender[] {constituents, features, processId, truth, evtId}) {
      if (a != null) {
        a.close();
      }
    }
    constituents = features = processId = truth = evtId = null;
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
