package org.nphunt.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.NphuntException;

/**
 * One Spark task of {@code nphunt spark score}: events [start, start + count) of one file, a whole number
 * of HDF5 chunks of its main dataset (the file's last task ends with the file).
 *
 * @param file index of the file in the job's file list
 * @param path the file as given
 * @param format its {@link org.nphunt.hdf5.EventFiles.Format} name
 * @param start first event
 * @param count number of events
 */
public record ScoreTask(int file, String path, String format, long start, int count) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Cuts every file into tasks of about {@code taskEvents} events: whole chunks of its main dataset
   * (at least one), or, for a contiguous dataset, whole read blocks of {@code readBlock} events (the
   * blocks of {@code nphunt score}, so that a failed read names the same event range). A file with no
   * events is a one-line error, as for {@code nphunt score}.
   */
  static List<ScoreTask> plan(List<EventFile> files, long taskEvents, int readBlock) {
    if (taskEvents < 1) {
      throw new IllegalArgumentException("taskEvents must be > 0, found " + taskEvents);
    }
    List<ScoreTask> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      EventFile f = files.get(i);
      if (f.events() == 0) {
        throw new NphuntException(f.path() + ": no events to score");
      }
      long unit = f.chunkRows() > 0 ? f.chunkRows() : readBlock;
      long step = Math.max(1, Math.round((double) taskEvents / unit)) * unit;
      step = Math.max(unit, Math.min(step, Integer.MAX_VALUE - 8L) / unit * unit);
      for (long s = 0; s < f.events(); s += step) {
        out.add(new ScoreTask(i, f.path(), f.format(), s, (int) Math.min(step, f.events() - s)));
      }
    }
    return out;
  }
}
