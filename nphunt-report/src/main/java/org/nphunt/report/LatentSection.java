package org.nphunt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two leading latent dimensions of variational models, per process. */
final class LatentSection implements ReportSection {
  @Override
  public String id() {
    return "latent";
  }

  @Override
  public String title() {
    return "Latent space";
  }

  @Override
  public boolean hasContent(ReportInput in) {
    return in.latent().stream().anyMatch(l -> l.z0().length > 0);
  }

  @Override
  public void render(ReportInput in, ReportPage page) {
    page.openGrid(2);
    Map<String, List<LatentSample>> byModel = new LinkedHashMap<>();
    for (LatentSample s : in.latent()) {
      if (s.z0().length > 0) {
        byModel.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s);
      }
    }
    for (Map.Entry<String, List<LatentSample>> e : byModel.entrySet()) {
      page.figure("latent_" + e.getKey(), Plots.latent(e.getKey(), e.getValue(), page.signals(),
          page.options().maxLatentPoints(), page.options().seed()));
    }
    page.closeGrid();
  }
}
