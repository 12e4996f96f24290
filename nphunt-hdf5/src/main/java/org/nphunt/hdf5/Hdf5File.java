package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.hdf5.H5G_info_t;
import org.bytedeco.hdf5.H5L_info2_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.javacpp.BytePointer;
import org.nphunt.NphuntException;

/**
 * An HDF5 file opened read-only, with what the format readers need to look around in it: whether a
 * path is a dataset, a group, a dangling soft link or an external link to a missing file, each told
 * apart in one line; root and object attributes; the datasets of a group. Every method takes the
 * global library lock itself.
 */
public final class Hdf5File implements AutoCloseable {
  private final Path path;
  private final String name;
  private long id;

  private Hdf5File(Path path) {
    this.path = path;
    this.name = path.toString();
    H5.init();
    this.id = H5.openFile(path);
  }

  /** Opens a file read-only; every way it can fail is a one-line NphuntException naming the file. */
  public static Hdf5File open(Path path) {
    return new Hdf5File(path);
  }

  public Path path() {
    return path;
  }

  /** The path as given, for messages. */
  public String name() {
    return name;
  }

  long id() {
    checkOpen();
    return id;
  }

  /** What an object path holds. */
  public enum Kind {
    MISSING, DATASET, GROUP, DANGLING_SOFT_LINK, EXTERNAL_LINK_MISSING_FILE, OTHER
  }

  /** What {@code object} (e.g. "Particles", "df/block0_values") is in this file. */
  public Kind kind(String object) {
    return H5.locked(() -> kindLocked(object));
  }

  // Lock held.
  Kind kindLocked(String object) {
    checkOpen();
    // Check every prefix: H5Lexists fails on a path whose intermediate group is missing.
    String[] parts = object.split("/");
    StringBuilder prefix = new StringBuilder();
    for (String p : parts) {
      if (p.isEmpty()) {
        continue;
      }
      prefix.append(prefix.length() == 0 ? "" : "/").append(p);
      if (H5Lexists(id, prefix.toString(), H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return Kind.MISSING;
      }
    }
    H5O_info2_t info = new H5O_info2_t();
    try {
      if (H5Oget_info_by_name3(id, object, info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        int type = linkType(object);
        if (type == H5L_TYPE_SOFT) {
          return Kind.DANGLING_SOFT_LINK;
        }
        if (type == H5L_TYPE_EXTERNAL) {
          return Kind.EXTERNAL_LINK_MISSING_FILE;
        }
        return Kind.OTHER;
      }
      return info.type() == H5O_TYPE_DATASET ? Kind.DATASET : info.type() == H5O_TYPE_GROUP ? Kind.GROUP : Kind.OTHER;
    } finally {
      info.close();
    }
  }

  // Lock held.
  private int linkType(String object) {
    H5L_info2_t li = new H5L_info2_t();
    try {
      return H5Lget_info2(id, object, li, H5P_DEFAULT) < 0 ? -1 : li.type();
    } finally {
      li.close();
    }
  }

  /** Whether {@code object} is a dataset. */
  public boolean isDataset(String object) {
    return kind(object) == Kind.DATASET;
  }

  /** Whether {@code object} is a group. */
  public boolean isGroup(String object) {
    return kind(object) == Kind.GROUP;
  }

  /**
   * Checks that {@code object} is a dataset, else one line saying what it is instead: missing, a
   * group (a pandas/PyTables key?), a dangling soft link or an external link to a missing file.
   *
   * @param expected what the format expects there, e.g. "(N,19,4) float dataset"
   */
  public void requireDataset(String object, String expected) {
    H5.run(() -> requireDatasetLocked(object, expected));
  }

  // Lock held.
  void requireDatasetLocked(String object, String expected) {
    String where = name + ":/" + object;
    switch (kindLocked(object)) {
      case DATASET -> { }
      case MISSING -> throw new NphuntException(name + ": dataset /" + object + " is missing (expected " + expected + ")");
      case GROUP -> {
        String hint = pandasHint(object);
        throw new NphuntException(where + " is a group, not a dataset (expected " + expected + ")" + hint);
      }
      case DANGLING_SOFT_LINK -> throw new NphuntException(where + " is a soft link to " + softTarget(object)
          + ", which does not exist (dangling link)");
      case EXTERNAL_LINK_MISSING_FILE -> throw new NphuntException(where + " is an external link to "
          + externalTarget(object) + ", which cannot be opened (missing file?)");
      default -> throw new NphuntException(where + " is not a dataset (expected " + expected + ")");
    }
  }

  // Lock held.
  private String pandasHint(String group) {
    Map<String, String> a = attributesLocked(group);
    String pandasType = a.get("pandas_type");
    if (pandasType != null) {
      return ": a pandas group (pandas_type '" + pandasType + "', written by DataFrame.to_hdf), not this format";
    }
    if (a.containsKey("CLASS") || a.containsKey("PYTABLES_FORMAT_VERSION")) {
      return ": a PyTables group (CLASS '" + a.get("CLASS") + "'), not this format";
    }
    return "";
  }

  // Lock held.
  private String softTarget(String object) {
    H5L_info2_t li = new H5L_info2_t();
    try {
      if (H5Lget_info2(id, object, li, H5P_DEFAULT) < 0) {
        return "?";
      }
      long n = li.u_val_size();
      try (BytePointer buf = new BytePointer(Math.max(1, n))) {
        if (H5Lget_val(id, object, buf, n, H5P_DEFAULT) < 0) {
          return "?";
        }
        byte[] b = new byte[(int) n];
        buf.get(b);
        return H5.cString(b);
      }
    } finally {
      li.close();
      H5Eclear2(H5E_DEFAULT);
    }
  }

  // Lock held.
  private String externalTarget(String object) {
    H5L_info2_t li = new H5L_info2_t();
    try {
      if (H5Lget_info2(id, object, li, H5P_DEFAULT) < 0) {
        return "?";
      }
      long n = li.u_val_size();
      try (BytePointer buf = new BytePointer(Math.max(1, n))) {
        if (H5Lget_val(id, object, buf, n, H5P_DEFAULT) < 0) {
          return "?";
        }
        // Packed value: one flags byte, then the file name and the object path, NUL-terminated.
        byte[] b = new byte[(int) n];
        buf.get(b);
        int i = 1;
        int start = i;
        while (i < b.length && b[i] != 0) {
          i++;
        }
        String file = new String(b, start, i - start, StandardCharsets.UTF_8);
        int s2 = ++i;
        while (i < b.length && b[i] != 0) {
          i++;
        }
        String obj = s2 <= b.length ? new String(b, s2, Math.max(0, i - s2), StandardCharsets.UTF_8) : "";
        Path resolved = path.toAbsolutePath().getParent().resolve(file);
        return file + ":" + obj + (Files.exists(resolved) ? "" : " (" + resolved + " does not exist)");
      }
    } finally {
      li.close();
      H5Eclear2(H5E_DEFAULT);
    }
  }

  /** Attributes of the root group as text. */
  public Map<String, String> attributes() {
    return attributes("/");
  }

  /** Attributes of an object as text (strings as they are, scalars in decimal). */
  public Map<String, String> attributes(String object) {
    return H5.locked(() -> attributesLocked(object));
  }

  // Lock held.
  Map<String, String> attributesLocked(String object) {
    checkOpen();
    long obj = H5Oopen(id, object, H5P_DEFAULT);
    if (obj < 0) {
      H5Eclear2(H5E_DEFAULT);
      return Map.of();
    }
    try {
      return H5.readAttributes(obj);
    } finally {
      H5Oclose(obj);
    }
  }

  /** Names of the links of a group, by name. */
  public List<String> members(String group) {
    return H5.locked(() -> {
      checkOpen();
      List<String> out = new ArrayList<>();
      long g = H5Gopen2(id, group, H5P_DEFAULT);
      if (g < 0) {
        H5Eclear2(H5E_DEFAULT);
        return out;
      }
      H5G_info_t info = new H5G_info_t();
      try {
        if (H5Gget_info(g, info) < 0) {
          return out;
        }
        for (long i = 0; i < info.nlinks(); i++) {
          long len = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, (byte[]) null, 0, H5P_DEFAULT);
          if (len < 0) {
            break;
          }
          byte[] b = new byte[(int) len + 1];
          H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, b, b.length, H5P_DEFAULT);
          out.add(H5.cString(b));
        }
        return out;
      } finally {
        info.close();
        H5Gclose(g);
      }
    });
  }

  /** Opens a dataset through the generic chunk decoder (see {@link ChunkedDataset#open}). */
  public ChunkedDataset dataset(String object, String expected) {
    return ChunkedDataset.open(this, object, expected);
  }

  /** A 1-D string dataset (fixed or variable length), or null when absent or not strings. */
  public List<String> strings(String object) {
    return H5.locked(() -> {
      checkOpen();
      return H5.readStrings(id, object);
    });
  }

  private void checkOpen() {
    if (id < 0) {
      throw new IllegalStateException(name + ": file is closed");
    }
  }

  @Override
  public void close() {
    H5.run(() -> {
      if (id >= 0) {
        H5Fclose(id);
        id = -1;
      }
    });
  }
}
