package org.nphunt.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.nphunt.NphuntException;

/**
 * What an output is allowed to replace: {@code --force} replaces an earlier output of the same kind
 * (one that {@link #recognises()} accepts, or an empty folder), never an input of the same command,
 * never a folder holding one of the inputs, and never something else (a model folder, someone's data).
 *
 * @param description what the output is, for messages, e.g. "an nphunt evaluation folder"
 * @param recognises whether an existing path is an earlier output of this kind
 * @param inputs the command's input files and folders
 */
public record OutputRules(String description, Predicate<Path> recognises, List<Path> inputs) {
  public OutputRules {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /** No restriction beyond {@code --force} (for outputs whose kind cannot be mistaken). */
  public static OutputRules any() {
    return new OutputRules("an output", p -> true, List.of());
  }

  /** Rules with these inputs. */
  public OutputRules withInputs(List<Path> files) {
    return new OutputRules(description, recognises, files);
  }

  /**
   * Throws a one-line NphuntException when {@code target} may not be written: it is (or, for a folder,
   * holds) an input; it exists and {@code force} is false; it exists, is not empty, and is not an earlier
   * output of this kind.
   */
  public void check(Path target, boolean force, boolean directory) {
    Path t = target.toAbsolutePath().normalize();
    for (Path in : inputs) {
      Path i = in.toAbsolutePath().normalize();
      if (sameFile(t, i)) {
        throw new NphuntException(target + " is also an input of this command: write the output elsewhere");
      }
      if (directory && i.startsWith(t) && !i.equals(t)) {
        throw new NphuntException(target + " holds the input " + in + ": write the output into another folder");
      }
    }
    if (!Files.exists(t)) {
      return;
    }
    if (directory != Files.isDirectory(t)) {
      throw new NphuntException(target + (directory ? " exists and is not a directory" : " is a directory, expected a file name"));
    }
    if (directory && isEmpty(t)) {
      return;
    }
    if (!force) {
      throw new NphuntException(target + (directory ? " exists and is not empty" : " already exists")
          + " (use --force to replace it)");
    }
    if (!recognises.test(t)) {
      throw new NphuntException(target + " is not " + description + "; --force replaces only " + description
          + ", so it is left alone (remove it yourself if you mean to)");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    } catch (IOException e) {
      throw new NphuntException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }
}
