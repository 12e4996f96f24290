package org.nphunt.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.nphunt.NphuntException;

/**
 * Files where Spark jobs find them: local paths (a shared POSIX file system on a cluster: NFS, EOS,
 * CVMFS, Lustre, or the one disk of local mode) through {@code java.nio}, and URIs with a scheme
 * ({@code hdfs://}, {@code s3a://}, {@code gs://}, {@code abfs://}, ...) through Hadoop's
 * {@link FileSystem}, whose connectors Spark ships or the cluster provides.
 *
 * <p>HDF5 files are read by the HDF5 C library, which needs a local file: an executor copies a file that
 * lives behind a URI into its local directory once (kept for the executor's life, keyed by URI, size and
 * modification time) and reads the copy; messages name the URI, not the copy.
 */
final class Storage {
  /** File names a directory argument contributes. */
  private static final Pattern HDF5_NAME = Pattern.compile(".*\\.(h5|hdf5|he5|hdf)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");
  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  private Storage() {}

  /** Whether {@code location} is a URI with a scheme (Hadoop) rather than a local path. */
  static boolean isUri(String location) {
    return URI.matcher(location).matches() && !location.startsWith("file:");
  }

  /** A local path for a location that is not a URI ({@code file:} URIs included). */
  static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(java.net.URI.create(location.startsWith("file://") ? location : "file://" + location.substring(5)));
    }
    return Path.of(location);
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  /**
   * The event files of {@code --in} arguments, in order: a file as given, a directory's HDF5 files
   * ({@code *.h5}, {@code *.hdf5}, {@code *.he5}, {@code *.hdf}, sorted by name, not recursive), or a glob
   * (sorted). Nothing matching is a one-line error ("PATH: no such file"); a file given twice is used
   * once.
   */
  static List<String> expand(List<String> specs, Configuration conf) {
    List<String> out = new ArrayList<>();
    for (String spec : specs) {
      List<String> found = isUri(spec) ? expandUri(spec, conf) : expandLocal(spec);
      if (found.isEmpty()) {
        throw new NphuntException(spec + (hasGlob(spec) ? ": no file matches" : ": no HDF5 files (*.h5, *.hdf5) in this folder"));
      }
      for (String f : found) {
        if (!out.contains(f)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static List<String> expandLocal(String spec) {
    Path p = localPath(spec);
    if (hasGlob(spec)) {
      Path parent = p.getParent() == null ? Path.of(".") : p.getParent();
      if (hasGlob(parent.toString())) {
        throw new IllegalArgumentException("--in " + spec + ": only the file name may hold wildcards");
      }
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
      return list(parent, f -> m.matches(f.getFileName()), spec);
    }
    if (Files.isDirectory(p)) {
      return list(p, f -> HDF5_NAME.matcher(f.getFileName().toString()).matches(), spec);
    }
    if (!Files.exists(p)) {
      throw new NphuntException(spec + ": no such file");
    }
    return List.of(spec);
  }

  private static List<String> list(Path dir, java.util.function.Predicate<Path> wanted, String spec) {
    if (!Files.isDirectory(dir)) {
      throw new NphuntException(dir + ": no such folder (from --in " + spec + ")");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(wanted).map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new NphuntException(dir + ": cannot list: " + e.getMessage(), e);
    }
  }

  private static List<String> expandUri(String spec, Configuration conf) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(spec);
      FileSystem fs = p.getFileSystem(conf);
      List<FileStatus> found = new ArrayList<>();
      if (hasGlob(spec)) {
        FileStatus[] g = fs.globStatus(p);
        if (g != null) {
          for (FileStatus s : g) {
            if (s.isFile()) {
              found.add(s);
            }
          }
        }
      } else if (!fs.exists(p)) {
        throw new NphuntException(spec + ": no such file");
      } else if (fs.getFileStatus(p).isDirectory()) {
        for (FileStatus s : fs.listStatus(p)) {
          if (s.isFile() && HDF5_NAME.matcher(s.getPath().getName()).matches()) {
            found.add(s);
          }
        }
      } else {
        return List.of(spec);
      }
      return found.stream().map(s -> s.getPath().toString()).sorted(Comparator.naturalOrder()).toList();
    } catch (IOException e) {
      throw new NphuntException(spec + ": cannot list: " + e.getMessage(), e);
    }
  }

  /**
   * A local file holding {@code location}'s bytes: the path itself, or (for a URI) this JVM's copy,
   * fetched once into {@code java.io.tmpdir} (the executor's local directory under YARN and Kubernetes).
   */
  static Path local(String location, HadoopConf conf) {
    if (!isUri(location)) {
      return localPath(location);
    }
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = p.getFileSystem(conf.get());
      FileStatus st = fs.getFileStatus(p);
      String key = location + "@" + st.getLen() + "@" + st.getModificationTime();
      return COPIES.computeIfAbsent(key, k -> fetch(fs, p, st.getLen(), location));
    } catch (java.io.FileNotFoundException e) {
      throw new NphuntException(location + ": no such file", e);
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Path fetch(FileSystem fs, org.apache.hadoop.fs.Path p, long length, String location) {
    try {
      Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "nphunt-spark-inputs"));
      Path tmp = Files.createTempFile(dir, "fetch-", ".part");
      try (InputStream in = fs.open(p); OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      if (Files.size(tmp) != length) {
        throw new NphuntException(location + ": copied " + Files.size(tmp) + " bytes of " + length);
      }
      Path target = dir.resolve(Integer.toHexString(location.hashCode()) + "-" + p.getName());
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      target.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot copy to local disk: " + e.getMessage(), e);
    }
  }

  /** Rewrites a message about a local copy to name the location instead. */
  static NphuntException renamed(NphuntException e, Path local, String location) {
    if (!isUri(location) || e.getMessage() == null || !e.getMessage().contains(local.toString())) {
      return e;
    }
    return new NphuntException(e.getMessage().replace(local.toString(), location), e);
  }

  // --- small files: manifests ---

  static boolean exists(String location, Configuration conf) {
    if (!isUri(location)) {
      return Files.exists(localPath(location));
    }
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Whether {@code location} is a folder with something in it. */
  static boolean nonEmptyFolder(String location, Configuration conf) {
    try {
      if (!isUri(location)) {
        Path p = localPath(location);
        if (!Files.isDirectory(p)) {
          return Files.exists(p);
        }
        try (Stream<Path> s = Files.list(p)) {
          return s.findAny().isPresent();
        }
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = p.getFileSystem(conf);
      return fs.exists(p) && (fs.getFileStatus(p).isFile() || fs.listStatus(p).length > 0);
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  static String readString(String location, Configuration conf) {
    try {
      if (!isUri(location)) {
        return Files.readString(localPath(location));
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      try (InputStream in = p.getFileSystem(conf).open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw new NphuntException(location + ": no such file", e);
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Writes a small file under a temporary name, then renames it. */
  static void writeString(String location, String text, Configuration conf) {
    try {
      if (!isUri(location)) {
        org.nphunt.io.AtomicOutput.writeString(localPath(location), text, true);
        return;
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(p.getParent(), "." + p.getName() + ".partial");
      FileSystem fs = p.getFileSystem(conf);
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(p, false);
      if (!fs.rename(tmp, p)) {
        throw new IOException("cannot rename " + tmp + " to " + p);
      }
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** Deletes a folder and its content. */
  static void deleteRecursively(String location, Configuration conf) {
    try {
      if (!isUri(location)) {
        Path p = localPath(location);
        if (Files.exists(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(f);
            }
          }
        }
        return;
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      p.getFileSystem(conf).delete(p, true);
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot delete: " + e.getMessage(), e);
    }
  }

  /** Copies a local file to {@code location} (a URI), replacing it. */
  static void upload(Path local, String location, Configuration conf) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      p.getFileSystem(conf).copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), p);
    } catch (IOException e) {
      throw new NphuntException(location + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** {@code parent/child} for a local path or a URI. */
  static String child(String parent, String child) {
    if (isUri(parent)) {
      return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }
    return localPath(parent).resolve(child).toString();
  }

  /** The last name of a location, e.g. {@code sm.h5}. */
  static String name(String location) {
    String s = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    int slash = s.lastIndexOf('/');
    return slash < 0 ? s : s.substring(slash + 1);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
