package org.nphunt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Recognisers of nphunt's own outputs, for {@link org.nphunt.io.OutputRules}: {@code --force} replaces
 * an earlier output of the same kind and nothing else.
 */
public final class OutputChecks {
  private OutputChecks() {}

  /**
   * An HDF5 event file with the generator's attributes, in any layout the generators write (ADC2021, and the jet
   * generator's LHC Olympics and dijet files: through the ADC2021 reader, these were never recognised, so
   * {@code generate --process wprime-xy --dijet-out f.h5 --force} refused to replace its own earlier output).
   */
  public static boolean isGeneratedEventFile(Path p) {
    try (org.nphunt.hdf5.Hdf5File f = org.nphunt.hdf5.Hdf5File.open(p)) {
      return f.attributes().containsKey("generator_version");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A dijet file written by {@code nphunt cluster} (its {@code cluster_config} root attribute). */
  public static boolean isClusteredDijetFile(Path p) {
    try (org.nphunt.hdf5.DijetReader r = org.nphunt.hdf5.DijetReader.open(p)) {
      return r.attributes().containsKey("cluster_config");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A folder holding only what {@code nphunt evaluate} writes, with its results.json. */
  public static boolean isEvaluationFolder(Path dir) {
    Set<String> allowed = Set.of("results.json", "results.md", "report.html", "plots");
    try (var s = Files.list(dir)) {
      return Files.isRegularFile(dir.resolve("results.json"))
          && s.allMatch(p -> allowed.contains(p.getFileName().toString()));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * An ONNX file written by {@code nphunt export}: a protobuf ModelProto whose producer_name (field 2)
   * is "nphunt" among its leading fields.
   */
  public static boolean isExportedOnnx(Path p) {
    try (java.io.InputStream in = Files.newInputStream(p)) {
      com.google.protobuf.CodedInputStream c = com.google.protobuf.CodedInputStream.newInstance(in);
      for (int i = 0; i < 8; i++) {
        int tag = c.readTag();
        if (tag == 0) {
          return false;
        }
        if (tag == ((2 << 3) | 2)) {
          return "nphunt".equals(c.readString());
        }
        if ((tag >>> 3) == 7 || !c.skipField(tag)) {
          return false;
        }
      }
      return false;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** A Markdown report written by {@code nphunt quantize} (its first line). */
  public static boolean isQuantizationReport(Path p) {
    try (java.io.BufferedReader r = Files.newBufferedReader(p, java.nio.charset.StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.startsWith(QuantizeCommand.TITLE_PREFIX);
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
