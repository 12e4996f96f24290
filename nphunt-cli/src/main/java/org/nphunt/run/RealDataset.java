package org.nphunt.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.physics.Processes;

/**
 * The published ADC2021 files (arXiv:2107.02157; Zenodo records 5046389, 5055454, 5061633, 5061688)
 * that {@code nphunt run --data DIR} looks for, by their published names.
 */
public final class RealDataset {
  /** The Standard-Model background file. */
  public static final String BACKGROUND = "background_for_training.h5";

  /**
   * Signal display name to published file name; signals whose file is absent are skipped. The files
   * are also distributed with a {@code _filtered} suffix ({@code Ato4l_lepFilter_13TeV_filtered.h5}),
   * which is accepted as well.
   */
  public static final Map<String, String> SIGNALS = signals();
  /** The suffix of the other published spelling of the signal files. */
  public static final String FILTERED = "_filtered";

  private static Map<String, String> signals() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Ato4l", "Ato4l_lepFilter_13TeV.h5");
    m.put("LQ", "leptoquark_LOWMASS_lepFilter_13TeV.h5");
    m.put("h0tautau", "hToTauTau_13TeV_PU20.h5");
    m.put("hplustaunu", "hChToTauNu_13TeV_PU20.h5");
    return java.util.Collections.unmodifiableMap(m);
  }

  private RealDataset() {}

  /** The background file in {@code dir}; a one-line error when the folder or file is missing. */
  public static Path background(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new NphuntException(dir + ": no such directory (--data expects a folder of ADC2021 files)");
    }
    Path bkg = dir.resolve(BACKGROUND);
    if (!Files.isRegularFile(bkg)) {
      throw new NphuntException(dir + ": " + BACKGROUND + " not found (--data expects the published ADC2021 file names)");
    }
    return bkg;
  }

  /** The signal files present in {@code dir}, by display name; at least one is required. */
  public static Map<String, Path> signals(Path dir) {
    Map<String, Path> found = new LinkedHashMap<>();
    SIGNALS.forEach((name, file) -> {
      Path p = dir.resolve(file);
      Path filtered = dir.resolve(file.replace(".h5", FILTERED + ".h5"));
      if (Files.isRegularFile(p) && Files.isRegularFile(filtered)) {
        throw new NphuntException(dir + ": both " + file + " and " + filtered.getFileName() + " are there; keep one"
            + " (or name the signals with --signal NAME=FILE)");
      }
      if (Files.isRegularFile(p)) {
        found.put(name, p);
      } else if (Files.isRegularFile(filtered)) {
        found.put(name, filtered);
      }
    });
    return found;
  }

  /** Process ids of nphunt's built-in signals. */
  private static Set<Integer> signalIds() {
    Set<Integer> ids = new HashSet<>();
    for (String n : Processes.signalNames()) {
      Processes.builtIn(n).components().forEach(c -> ids.add(c.process().processId()));
    }
    return ids;
  }

  /**
   * Uses what a file says about itself: a background file whose {@code process} attribute or
   * {@code ProcessId}s name a signal (or a signal file that says it holds Standard-Model events) is a
   * one-line error instead of a silently wrong training or evaluation. Files without such metadata (the
   * published ones) pass.
   */
  public static void checkContent(Path file, boolean background) {
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      String process = r.attributes().get("process");
      boolean signalSaid = process != null && Processes.signalNames().contains(process);
      boolean smSaid = process != null && (process.equals(Processes.SM.name()) || !signalSaid && Processes.names()
          .contains(process));
      int n = (int) Math.min(r.size(), 10_000);
      int signalEvents = 0;
      int sm = 0;
      if (r.hasProcessId() && n > 0) {
        Set<Integer> ids = signalIds();
        int[] pid = EventBatch.of(r.read(0, n)).processId();
        for (int i = 0; i < n; i++) {
          if (ids.contains(pid[i])) {
            signalEvents++;
          } else {
            sm++;
          }
        }
      }
      if (background && (signalSaid || signalEvents > 0)) {
        throw new NphuntException(file + " is given as the Standard-Model background but says it holds signal events ("
            + (signalSaid ? "process attribute '" + process + "'" : signalEvents + " of its first " + n
                + " ProcessIds are signal ids") + "); give a background file");
      }
      if (!background && (smSaid || r.hasProcessId() && n > 0 && signalEvents == 0)) {
        throw new NphuntException(file + " is given as a signal but says it holds Standard-Model events ("
            + (smSaid ? "process attribute '" + process + "'" : "none of its first " + n + " ProcessIds is a signal id")
            + "); give a signal file");
      }
    }
  }
}
