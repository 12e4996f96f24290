package org.nphunt.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.data.ColumnSpec;
import org.nphunt.data.EventSource;
import org.nphunt.hdf5.DatasetLayout;
import org.nphunt.hdf5.DijetReader;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hdf5.LhcOlympicsReader;
import org.nphunt.hdf5.TopTaggingReader;
import org.nphunt.io.Hashing;
import org.nphunt.manifest.Manifest;

/**
 * What the planning stage learns of one event file, on an executor: its format and schema, its number
 * of events, the events per HDF5 chunk of its main dataset (0 when not chunked), the per-event columns
 * it carries (e.g. EvtId, ProcessId, label), and its size and SHA-256 for the manifests.
 *
 * @param path the file as given (a local path or a URI)
 * @param format {@link EventFiles.Format} name
 * @param schema name of the schema of its events
 * @param events number of events
 * @param chunkRows events per chunk of the main dataset, 0 when contiguous
 * @param columns the schema's per-event columns the file has, in schema order
 * @param bytes file size
 * @param sha256 content hash, or null when not computed
 */
public record EventFile(String path, String format, String schema, long events, long chunkRows, List<String> columns,
    long bytes, String sha256) implements Serializable {
  private static final long serialVersionUID = 1L;

  public EventFile {
    columns = List.copyOf(columns);
  }

  /**
   * Opens {@code path} (on an executor) with nphunt's readers and describes it; a file nphunt cannot read
   * is the reader's one-line NphuntException, naming {@code path}.
   */
  static EventFile examine(String path, HadoopConf conf, boolean hash) {
    Path local = Storage.local(path, conf);
    try {
      EventFiles.Format format = EventFiles.detect(local);
      try (EventSource s = EventFiles.open(local, format)) {
        List<String> cols = new ArrayList<>();
        for (ColumnSpec c : s.schema().columns()) {
          if (s.hasColumn(c.name())) {
            cols.add(c.name());
          }
        }
        DatasetLayout layout = layout(s);
        long chunk = layout == null || layout.chunk() == null ? 0 : layout.chunk()[0];
        return new EventFile(path, format.name(), s.schema().name(), s.size(), chunk, cols, Files.size(local),
            hash ? Hashing.sha256(local) : null);
      }
    } catch (NphuntException e) {
      throw Storage.renamed(e, local, path);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new NphuntException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The storage of the dataset events are read from (the one chunk ranges refer to). */
  private static DatasetLayout layout(EventSource s) {
    if (s instanceof Hdf5EventReader r) {
      return r.layout();
    }
    if (s instanceof DijetReader r) {
      return r.layout();
    }
    if (s instanceof LhcOlympicsReader r) {
      return r.layout();
    }
    if (s instanceof TopTaggingReader r) {
      return r.layout();
    }
    return null;
  }

  /** The manifest's record of this file. */
  Manifest.InputFile input() {
    return new Manifest.InputFile(Storage.isUri(path) ? path : Storage.localPath(path).toAbsolutePath().toString(), bytes, sha256);
  }
}
