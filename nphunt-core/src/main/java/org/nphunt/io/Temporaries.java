package org.nphunt.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary outputs ({@code .NAME.PID-N.partial}) of this process, removed when the JVM stops on
 * SIGINT or SIGTERM (a shutdown hook), and those of processes that no longer exist (after kill -9 or
 * a crash), removed when a later command writes beside them.
 */
public final class Temporaries {
  private static final Set<Path> LIVE = new LinkedHashSet<>();
  private static final Pattern PARTIAL = Pattern.compile("\\.(.+)\\.(\\d+)-(\\d+)\\.partial");
  private static boolean hooked;

  private Temporaries() {}

  /** Registers a temporary of this process (deleted on shutdown unless released). */
  static synchronized void register(Path temporary) {
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(Temporaries::deleteAll, "nphunt-cleanup"));
      hooked = true;
    }
    LIVE.add(temporary);
  }

  /** Forgets a temporary (committed or already deleted). */
  static synchronized void release(Path temporary) {
    LIVE.remove(temporary);
  }

  /** A file-system step that may fail. */
  interface IoAction {
    void run() throws IOException;
  }

  /**
   * Commits a registered temporary: runs {@code rename} (which moves it to its target, replacing an old
   * output if allowed) and forgets it, all under the lock the shutdown hook takes. On SIGINT/SIGTERM the
   * JVM runs the hook while the command's own thread goes on, so without the lock a commit could move a
   * temporary the hook is deleting (a half-deleted folder under the final name) or the hook could stop the
   * JVM between removing an old output and renaming the new one. With it, a commit either completes before
   * the hook starts (the output is whole and the hook leaves it) or is refused once the hook has started.
   *
   * @throws NphuntException when the process is stopping
   */
  static synchronized void commit(Path temporary, IoAction rename) throws IOException {
    if (stopping) {
      throw new org.nphunt.NphuntException("interrupted (SIGINT or SIGTERM): " + temporary + " is not committed");
    }
    rename.run();
    LIVE.remove(temporary);
  }

  private static boolean stopping;

  /** The shutdown hook: refuses commits from now on and deletes the registered temporaries. */
  static void deleteAll() {
    List<Path> all;
    synchronized (Temporaries.class) {
      stopping = true;
      all = List.copyOf(LIVE);
      LIVE.clear();
    }
    for (Path p : all) {
      // the command's thread may still be writing into a temporary folder while it is deleted (a new file
      // makes the folder's deletion fail): a few tries, then the stale-output sweep of a later run removes it
      for (int attempt = 0; attempt < 5; attempt++) {
        try {
          deleteTree(p);
          break;
        } catch (IOException e) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
  }

  /**
   * Removes the temporaries in {@code dir} that processes no longer running left behind (their PID is
   * in the name) and returns them. Temporaries of live processes (another nphunt writing now) stay.
   */
  public static List<Path> removeStale(Path dir) {
    List<Path> removed = new java.util.ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return removed;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.partial")) {
      for (Path p : s) {
        Matcher m = PARTIAL.matcher(p.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        long pid = Long.parseLong(m.group(2));
        if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        try {
          deleteTree(p);
          removed.add(p);
        } catch (IOException ignored) {
          // not ours to insist on (permissions): leave it
        }
      }
    } catch (IOException ignored) {
      // an unreadable folder: the output's own creation reports the real problem
    }
    return removed;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
