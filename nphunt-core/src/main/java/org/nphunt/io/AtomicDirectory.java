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
    Path abs = target.toAbsolutePath().normalize();
    check(abs, force);
    try {
      Files.createDirectories(abs.getParent());
      return new AtomicDirectory(abs, temporarySibling(abs));
    } catch (IOException e) {
      throw new NphuntException("cannot write in " + abs.getParent() + ": " + e.getMessage(), e);
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

  private static void check(Path target, boolean force) {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new NphuntException(target + " exists and is not a directory");
    }
    if (!force && Files.isDirectory(target) && !isEmpty(target)) {
      throw new NphuntException(target + " exists and is not empty (use --force to replace it)");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    } catch (IOException e) {
      throw new NphuntException("cannot read " + dir + ": " + e.getMessage(), e);
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
      if (Files.exists(target)) {
        deleteTree(target);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target);
      }
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + temporary + " to " + target, e);
    }
  }

  /** Deletes the temporary directory unless committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        deleteTree(temporary);
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
