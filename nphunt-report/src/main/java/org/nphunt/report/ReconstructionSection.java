package org.nphunt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input vs reconstructed distributions of each feature, per model and process. */
final class ReconstructionSection implements ReportSection {
  @Override
  public String id() {
    return "reconstruction";
  }

  @Override
  public String title() {
    return "Input vs reconstructed";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return !in.reconstructions().isEmpty();
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    page.note("Solid: input; dashed: the autoencoder's reconstruction (real objects only). Every process and model"
        + " draws a feature on the same x range; values beyond it are markers at the edge (their share in the legend),"
        + " not part of the last bin.");
    Map<String, List<FeatureComparison>> groups = new LinkedHashMap<>();
    Map<String, List<FeatureComparison>> byFeature = new LinkedHashMap<>();
    for (FeatureComparison f : in.reconstructions()) {
      groups.computeIfAbsent(f.model() + "\u0000" + f.process(), k -> new ArrayList<>()).add(f);
      byFeature.computeIfAbsent(f.axisTitle(), k -> new ArrayList<>()).add(f);
    }
    Map<String, double[]> ranges = new LinkedHashMap<>();
    byFeature.forEach((k, v) -> ranges.put(k, Plots.featureRange(v)));
    for (List<FeatureComparison> g : groups.values()) {
      page.heading(g.get(0).model() + ": " + g.get(0).process());
      page.openGrid(3);
      for (FeatureComparison f : g) {
        page.figure("reco_" + f.model() + "_" + f.process() + "_" + f.object() + "_" + f.feature(),
            Plots.feature(f, page.options().histogramBins(), ranges.get(f.axisTitle())));
      }
      page.closeGrid();
    }
  }
}
