package org.nphunt.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nphunt.NphuntException;

/** Checks that an output fits on its file system before the work starts. */
public final class DiskSpace {
  private DiskSpace() {}

  /**
   * Throws a one-line NphuntException when the file system holding {@code dir} (or its nearest existing
   * parent) has less than {@code bytes} (plus 5%) usable.
   *
   * @param what the output, for the message, e.g. "3,000,000,000 events"
   */
  public static void require(Path dir, long bytes, String what) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return;
    }
    long free;
    try {
      free = Files.getFileStore(p).getUsableSpace();
    } catch (IOException e) {
      return; // cannot tell: the write itself will report a full disk
    }
    if (free < bytes + bytes / 20) {
      throw new NphuntException(String.format(Locale.ROOT, "%s needs about %s in %s, but only %s are free",
          what, human(bytes), p, human(free)));
    }
  }

  /** Bytes as "1.2 GB". */
  public static String human(long bytes) {
    String[] u = {"B", "kB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int i = 0;
    while (v >= 1000 && i < u.length - 1) {
      v /= 1000;
      i++;
    }
    return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, u[i]);
  }
}
