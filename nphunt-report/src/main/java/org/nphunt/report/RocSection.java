package org.nphunt.report;

import org.nphunt.eval.EvaluationResults;

/** ROC curves per model and score, log FPR axis. */
final class RocSection implements ReportSection {
  @Override
  public String id() {
    return "roc";
  }

  @Override
  public String title() {
    return "ROC curves";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return in.results() != null;
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    EvaluationResults res = in.results();
    page.html("<p class=\"note\">Signal efficiency against background efficiency, log FPR axis from the smallest FPR the"
        + " background resolves; thin lines of a curve's colour bound its 68% Clopper-Pearson band (signal statistics);"
        + " the shaded region is where fewer than " + Plots.RESOLVED_EVENTS + " background events pass the threshold, so"
        + " that the threshold itself is uncertain (the tables' intervals include it); the dashed line marks"
        + " FPR = 10<sup>-5</sup>, the ADC2021 working point (arXiv:2107.02157). The summary's scores come first, also"
        + " on a log TPR axis.</p>\n");
    page.openGrid(2);
    // the summary's scores first, also with a log TPR axis (the region of FPR 1e-5..1e-3 where TPRs are ~1e-3)
    if (!page.options().tprLogScale()) {
      res.primaryScores().forEach((model, score) -> page.figure("roc_logtpr_" + model + "_" + score,
          Plots.roc(model, score, res.of(model, score), page.signals(), true)));
    }
    for (String model : res.models()) {
      for (String score : res.scores(model)) {
        page.figure("roc_" + model + "_" + score,
            Plots.roc(model, score, res.of(model, score), page.signals(), page.options().tprLogScale()));
      }
    }
    page.closeGrid();
  }
}
