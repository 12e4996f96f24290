package org.nphunt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Score histograms per model and score, one curve per process, with the threshold lines. */
final class ScoreDistributionsSection implements ReportSection {
  @Override
  public String id() {
    return "scores";
  }

  @Override
  public String title() {
    return "Score distributions";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return in.scores().stream().anyMatch(d -> d.values().length > 0);
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    page.note("Normalised per process, log y; the last bin holds the overflow; dashed lines are the thresholds (events"
        + " with a score above a threshold are selected).");
    page.openGrid(2);
    Map<String, List<ScoreDistribution>> groups = new LinkedHashMap<>();
    for (ScoreDistribution d : in.scores()) {
      if (d.values().length > 0) {
        groups.computeIfAbsent(d.model() + "\u0000" + d.score(), k -> new ArrayList<>()).add(d);
      }
    }
    for (List<ScoreDistribution> g : groups.values()) {
      String model = g.get(0).model();
      String score = g.get(0).score();
      Map<String, Double> th = in.results() == null ? Map.of() : in.results().thresholds(model, score);
      page.figure("scores_" + model + "_" + score,
          Plots.scoreHistogram(model, score, g, page.signals(), th, page.options().histogramBins()));
    }
    page.closeGrid();
  }
}
