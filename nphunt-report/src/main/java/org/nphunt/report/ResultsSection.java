package org.nphunt.report;

import org.nphunt.eval.ResultsTables;
import org.nphunt.eval.Table;

/** The results tables (AUC, TPR at FPR, operating point, further evaluators). */
final class ResultsSection implements ReportSection {
  @Override
  public String id() {
    return "results";
  }

  @Override
  public String title() {
    return "Results";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return in.results() != null;
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    for (Table t : ResultsTables.all(in.results())) {
      page.table(t);
    }
  }
}
