package org.nphunt.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nphunt.NphuntException;

/**
 * The published ADC2021 files (arXiv:2107.02157; Zenodo records 5046389, 5055454, 5061633, 5061688)
 * that {@code nphunt run --data DIR} looks for, by their published names.
 */
public final class RealDataset {
  /** The Standard-Model background file. */
  public static final String BACKGROUND = "background_for_training.h5";

  /** Signal display name to published file name; signals whose file is absent are skipped. */
  public static final Map<String, String> SIGNALS = signals();

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
      if (Files.isRegularFile(p)) {
        found.put(name, p);
      }
    });
    if (found.isEmpty()) {
      throw new NphuntException(dir + ": none of the signal files " + SIGNALS.values() + " found");
    }
    return found;
  }
}
