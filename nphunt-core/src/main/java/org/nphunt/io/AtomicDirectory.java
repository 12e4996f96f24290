package org.nphunt.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.nphunt.NphuntException;

/**
 * An output directory written under a temporary name beside its target ({@code .NAME.PID-N.partial})
 * and renamed on {@link #commit()}, so an interrupted run never leaves a complete-looking folder.
 * Refuses an existing non-empty target unless {@code force}; with force the old folder is replaced only
 * at commit time.
 */
public final class AtomicDirectory implements AutoCloseable {
  private final Path target;
  private final Path temporary;
  private boolean committed;

  private AtomicDirectory(Path target, Path temporary) {
    this.target = target;
    this.temporary = temporary;
  }

  /** Creates the temporary directory; fails early when the target may not be replaced. */
  public static AtomicDirectory create(Path target, boolean force) {
    return create(target, force, OutputRules.any());
  }

  /**
   * As {@link #create(Path, boolean)}, with {@code rules} deciding what {@code --force} may replace:
   * never a folder that holds an input of the command, nor one that is not an earlier output of this
   * kind. Temporaries that dead processes left beside the target are removed first; this process's
   * temporary is removed on SIGINT/SIGTERM.
   */
  public static AtomicDirectory create(Path target, boolean force, OutputRules rules) {
    Path abs = target.toAbsolutePath().normalize();
    rules.check(abs, force, true);
    try {
      Files.createDirectories(abs.getParent());
      Temporaries.removeStale(abs.getParent());
      Path tmp = temporarySibling(abs);
      Temporaries.register(tmp);
      return new AtomicDirectory(abs, tmp);
    } catch (IOException e) {
      throw AtomicOutput.cannotWriteIn(abs.getParent(), e);
    }
  }

  /** A new directory {@code .NAME.PID-N.partial} beside the target (same file system: rename is atomic). */
  private static Path temporarySibling(Path target) throws IOException {
    for (int i = 0; ; i++) {
      Path p = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-" + i + ".partial");
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        // taken by an earlier or concurrent run: try the next number
      }
    }
  }

  /** Where to write the files. */
  public Path temporary() {
    return temporary;
  }

  public Path target() {
    return target;
  }

  /** Moves the finished directory to its target (replacing an old one only if allowed at creation). */
  public void commit() {
    try {
      Temporaries.commit(temporary, () -> {
        if (Files.exists(target)) {
          deleteTree(target);
        }
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target);
        }
      });
      committed = true;
    } catch (IOException e) {
      throw new NphuntException("cannot rename " + temporary + " to " + target + ": " + AtomicOutput.reason(e), e);
    }
  }

  /** Deletes the temporary directory unless committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        deleteTree(temporary);
        Temporaries.release(temporary);
      } catch (IOException ignored) {
        // best effort: a *.partial name never looks complete
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
