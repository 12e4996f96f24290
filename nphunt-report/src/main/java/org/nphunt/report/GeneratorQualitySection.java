package org.nphunt.report;

/**
 * The generator-quality page (issue 14; Cerri et al., arXiv:1811.10276, the VAE "as a suboptimal event
 * generator"): for each {@link GeneratorQuality} of the input, the per-feature distances as a table,
 * worst first, then one figure per feature in the same order: generated and real distributions over a
 * ratio panel.
 */
final class GeneratorQualitySection implements ReportSection {
  @Override
  public String id() {
    return "generator";
  }

  @Override
  public String title() {
    return "Generated vs real";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return !in.generators().isEmpty();
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    page.note("Events drawn from a generative model (latent prior, decoded) against real events, feature by feature."
        + " Top: fractions of events per bin (solid: real; dashed: generated); bottom: generated / real per bin with"
        + " its statistical error, ratios above " + GeneratorPlots.RATIO_MAX + " drawn as triangles at the top. Axes"
        + " cover the pooled samples' " + 100 * GeneratorPlots.TAIL + "%.." + 100 * (1 - GeneratorPlots.TAIL)
        + "% quantiles (shares outside in the legend). Figures in the table's order, worst first.");
    for (GeneratorQuality q : in.generators()) {
      page.table(q.table());
      page.openGrid(3);
      for (int k : q.worstFirst()) {
        org.knowm.xchart.XYChart[] panels = GeneratorPlots.feature(q, k, page.options().histogramBins());
        page.figure("generated_" + q.features().get(k), panels[0], panels[1]);
      }
      page.closeGrid();
    }
  }
}
