package org.nphunt.report;

import java.util.List;
import java.util.Map;
import org.nphunt.training.history.TrainingHistory;

/** Training and validation loss per epoch, per model. */
final class TrainingSection implements ReportSection {
  @Override
  public String id() {
    return "training";
  }

  @Override
  public String title() {
    return "Training";
  }

  private static List<Map.Entry<String, TrainingHistory>> histories(ReportInput in) {
    return in.training().entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().epochs().isEmpty()).toList();
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return !histories(in).isEmpty();
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    page.openGrid(2);
    for (Map.Entry<String, TrainingHistory> e : histories(in)) {
      page.figure("loss_" + e.getKey(), Plots.loss(e.getKey(), e.getValue()));
    }
    page.closeGrid();
  }
}
