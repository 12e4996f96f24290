package org.nphunt.report;

import java.util.List;
import org.nphunt.eval.Table;

/**
 * The trigger deployment view of one model (issue 17): what it costs per event and what its score loses
 * in the fixed-point arithmetic of an FPGA firmware, as text the report shows without knowing the models
 * (the tables are computed by nphunt-torch's {@code org.nphunt.deploy}).
 *
 * @param model the model's name in the run
 * @param notes paragraphs: the cost (parameters, multiply-accumulates, weight memory, CPU latency) and how
 *     the tables were made
 * @param tables the quantisation table (precision vs AUC, TPR, agreement with float) and the float ranges
 */
public record DeploymentView(String model, List<String> notes, List<Table> tables) {
  public DeploymentView {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must be named, found '" + model + "'");
    }
    notes = notes == null ? List.of() : List.copyOf(notes);
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
