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
    java.util.List<Table> all = ResultsTables.all(in.results());
    page.table(all.get(0)); // the summary: results first
    page.html("<details><summary>All scores and signals (AUC, TPR at every FPR, operating point)</summary>\n");
    for (Table t : all.subList(1, all.size())) {
      page.table(t);
    }
    page.html("</details>\n");
  }
}
