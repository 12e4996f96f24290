package org.nphunt.benchmark.hlt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.data.Events;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hlt.FeatureSeparation;

/**
 * Prints, for each signal file, the single-observable AUCs against the SM file
 * ({@link FeatureSeparation}): {@code java -cp nphunt.jar:nphunt-bench.jar
 * org.nphunt.benchmark.hlt.SignalSeparations SM.h5 NAME=SIGNAL.h5...} (at most 200,000 events per file).
 */
public final class SignalSeparations {
  private SignalSeparations() {}

  static Map<String, double[]> read(Path f) {
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      Events e = r.read(0, (int) Math.min(200_000, r.size()));
      return FeatureSeparation.observables(e);
    }
  }

  public static void main(String[] args) {
    Map<String, double[]> sm = read(Path.of(args[0]));
    Map<String, List<FeatureSeparation.Separation>> all = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      all.put(kv[0], FeatureSeparation.separations(sm, read(Path.of(kv[1]))));
    }
    List<String> names = new ArrayList<>(sm.keySet());
    StringBuilder md = new StringBuilder("| observable | SM mean |");
    all.keySet().forEach(s -> md.append(' ').append(s).append(" AUC (mean) |"));
    md.append("\n|---|---|").append("---|".repeat(all.size())).append('\n');
    for (String n : names) {
      FeatureSeparation.Separation first = all.values().iterator().next().stream().filter(x -> x.observable().equals(n))
          .findFirst().orElseThrow();
      md.append(String.format(Locale.ROOT, "| %s | %.3g |", n, first.meanBackground()));
      for (var list : all.values()) {
        var s = list.stream().filter(x -> x.observable().equals(n)).findFirst().orElseThrow();
        md.append(String.format(Locale.ROOT, " %.3f%s (%.3g) |", s.auc(), s.signalAbove() ? "" : "-", s.meanSignal()));
      }
      md.append('\n');
    }
    System.out.print(md);
  }
}
