package org.nphunt.report;

/**
 * The trigger deployment view: per model its cost per event (parameters, multiply-accumulates, weight
 * memory at W bits, measured CPU latency) and the fixed-point table (ap_fixed precision vs AUC, TPR, score
 * correlation with float and flipped trigger decisions), from {@link ReportInput#deployment()}.
 */
final class DeploymentSection implements ReportSection {
  @Override
  public String id() {
    return "deployment";
  }

  @Override
  public String title() {
    return "Trigger deployment: cost and fixed point";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return !in.deployment().isEmpty();
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    page.note("What a trigger physicist needs before handing a model to hls4ml (arXiv:1804.06913): the model's cost per"
        + " event, and its anomaly score with every input, weight, bias, partial sum, layer result and activation an"
        + " ap_fixed<W,I> (Vivado/Vitis HLS types, emulated exactly), against the float model. The tables use a"
        + " subsample of the run's samples (see each note); 'nphunt quantize' runs the same study on any files and"
        + " precision, docs/quantization.md explains the columns.");
    for (DeploymentView v : in.deployment()) {
      page.heading(v.model());
      v.notes().forEach(page::note);
      v.tables().forEach(page::table);
    }
  }
}
