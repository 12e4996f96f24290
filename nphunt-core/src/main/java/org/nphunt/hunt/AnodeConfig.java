package org.nphunt.hunt;

import org.nphunt.flow.FlowConfig;

/**
 * The settings of {@link Anode}.
 *
 * @param sideband the flow p_BG(x | mJJ) trained on the sidebands (default {@link FlowConfig#defaults()})
 * @param signalRegion the flow p_SR(x | mJJ) trained on the signal region (default: the same with 60
 *     epochs, the signal region holding several times fewer events)
 * @param folds k of the k-fold signal-region density (every signal-region event is scored by a density
 *     that did not see it), in [2, 20] (default 5)
 */
public record AnodeConfig(FlowConfig sideband, FlowConfig signalRegion, int folds) {
  public AnodeConfig {
    sideband = sideband == null ? FlowConfig.defaults() : sideband;
    signalRegion = signalRegion == null ? FlowConfig.defaults().withEpochs(60) : signalRegion;
    if (folds < 2 || folds > 20) {
      throw new IllegalArgumentException("folds must be in [2, 20], found " + folds);
    }
  }

  public static AnodeConfig defaults() {
    return new AnodeConfig(null, null, 5);
  }

  /** The same with both flows trained for these numbers of epochs. */
  public AnodeConfig withEpochs(int sidebandEpochs, int signalRegionEpochs) {
    return new AnodeConfig(sideband.withEpochs(sidebandEpochs), signalRegion.withEpochs(signalRegionEpochs), folds);
  }
}
