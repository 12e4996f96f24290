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
    page.note("Training loss: the mean over the epoch's batches while the weights change; validation loss: at the end"
        + " of the epoch, with the weights as they are then. A variational autoencoder trains on a sampled latent point"
        + " z = mu + sigma * eps and is validated (and scored) at z = mu, without that noise: its validation loss can"
        + " therefore sit below its training loss without any leak between the samples.");
    page.openGrid(2);
    for (Map.Entry<String, TrainingHistory> e : histories(in)) {
      page.figure("loss_" + e.getKey(), Plots.loss(e.getKey(), e.getValue()));
    }
    page.closeGrid();
  }
}
