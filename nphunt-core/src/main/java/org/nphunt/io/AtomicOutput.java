package org.nphunt.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.nphunt.NphuntException;

/**
 * Writes a file under a temporary name beside its target and renames it on success, so that a crash
 * never leaves a half-written file that looks complete. Refuses to replace an existing target unless
 * {@code force} is set.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.create(target, force)) {
 *   Files.writeString(out.temporary(), text);
 *   out.commit();
 * }
 * }</pre>
 */
public final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private final Path temporary;
  private final boolean force;
  private boolean committed;

  private AtomicOutput(Path target, Path temporary, boolean force) {
    this.target = target;
    this.temporary = temporary;
    this.force = force;
  }

  /**
   * Prepares a temporary file beside {@code target} (same directory, so the rename is atomic).
   *
   * @throws NphuntException when the target exists and {@code force} is false, or the directory is
   *     missing or not writable
   */
  public static AtomicOutput create(Path target, boolean force) {
    return create(target, force, OutputRules.any());
  }

  /**
   * As {@link #create(Path, boolean)}, with {@code rules} deciding what {@code --force} may replace
   * (never an input of the command). Temporaries that dead processes left beside the target are
   * removed first; this process's temporary is removed on SIGINT/SIGTERM.
   */
  public static AtomicOutput create(Path target, boolean force, OutputRules rules) {
    Path abs = target.toAbsolutePath();
    rules.check(abs, force, false);
    Path dir = abs.getParent();
    try {
      Files.createDirectories(dir);
      Temporaries.removeStale(dir);
      Path tmp = createTemporary(abs);
      Temporaries.register(tmp);
      return new AtomicOutput(abs, tmp, force);
    } catch (IOException e) {
      throw cannotWriteIn(dir, e);
    }
  }

  /**
   * The one-line error for a folder that could not be created or written in: when the folder or one of its
   * parents is a file ({@code --out sm.h5/x.h5}), says so ("it is a file, not a folder") rather than the bare
   * path the I/O exception carries; else the cause in words ({@link #reason}).
   */
  public static NphuntException cannotWriteIn(Path dir, IOException e) {
    Path abs = dir.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return new NphuntException("cannot write in " + dir + ": " + (existing.equals(abs) ? "it" : existing.toString())
          + " is a file, not a folder", e);
    }
    return new NphuntException("cannot write in " + dir + ": " + reason(e), e);
  }

  /** An I/O exception's cause in words ("no space left on device", "permission denied"...). */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Creates {@code .NAME.PID-N.partial} beside the target. Unlike {@link Files#createTempFile}, the file
   * gets the process's ordinary permissions (umask), so the renamed output is readable like any other.
   */
  private static Path createTemporary(Path target) throws IOException {
    String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + "-";
    for (int i = 0; ; i++) {
      try {
        return Files.createFile(target.resolveSibling(prefix + i + ".partial"));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // taken by an earlier or concurrent writer: try the next number
      }
    }
  }

  /** Throws a user error when {@code target} exists and may not be replaced. */
  public static void checkTarget(Path target, boolean force) {
    if (Files.isDirectory(target)) {
      throw new NphuntException(target + " is a directory, expected a file name");
    }
    if (!force && Files.exists(target)) {
      throw new NphuntException(target + " already exists (use --force to replace it)");
    }
  }

  /** The temporary file to write to. */
  public Path temporary() {
    return temporary;
  }

  /** The final name. */
  public Path target() {
    return target;
  }

  /** Renames the temporary file to the target. */
  public void commit() {
    checkTarget(target, force);
    try {
      Temporaries.commit(temporary, () -> {
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      });
      committed = true;
    } catch (IOException e) {
      throw new NphuntException("cannot rename " + temporary + " to " + target + ": " + reason(e), e);
    }
  }

  public boolean committed() {
    return committed;
  }

  /** Deletes the temporary file unless committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        Files.deleteIfExists(temporary);
        Temporaries.release(temporary);
      } catch (IOException ignored) {
        // best effort: a leftover *.partial name never looks complete, and a later run removes it
      }
    }
  }

  /** Writes a whole text file atomically. */
  public static void writeString(Path target, String text, boolean force) {
    try (AtomicOutput out = create(target, force)) {
      Files.writeString(out.temporary(), text);
      out.commit();
    } catch (IOException e) {
      throw new NphuntException("cannot write " + target + ": " + reason(e), e);
    }
  }

  /** Writes a whole binary file atomically. */
  public static void writeBytes(Path target, byte[] bytes, boolean force) {
    try (AtomicOutput out = create(target, force)) {
      Files.write(out.temporary(), bytes);
      out.commit();
    } catch (IOException e) {
      throw new NphuntException("cannot write " + target + ": " + reason(e), e);
    }
  }
}
