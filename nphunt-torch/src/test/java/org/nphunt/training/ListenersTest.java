package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.TrainingListener.Action;

class ListenersTest {
  @Test
  void learningRateHalvesAfterPatienceAndEarlyStoppingStops() {
    TrainingConfig cfg = TrainingConfig.defaults(DenseAeConfig.defaults()).withPatience(2, 5);
    TrainingState s = new TrainingState(cfg, 100, 10);
    TrainingListener lr = Listeners.reduceLrOnPlateau();
    TrainingListener stop = Listeners.earlyStopping();
    EpochRecord r = new EpochRecord(1, 1, 1, 1e-3, 1, 1);
    double[] expected = {1e-3, 5e-4, 5e-4, 2.5e-4, 2.5e-4};
    for (int epoch = 1; epoch <= 5; epoch++) {
      // an epoch without improvement, as the trainer counts it
      s.sinceBest++;
      s.sinceLrChange++;
      Action a = stop.onEpoch(s, r);
      lr.onEpoch(s, r);
      assertEquals(expected[epoch - 1], s.learningRate(), 1e-12, "epoch " + epoch);
      assertEquals(epoch < 5 ? Action.CONTINUE : Action.STOP, a, "epoch " + epoch);
    }
    assertEquals("early stopping (no improvement for 5 epochs)", s.stopReason());
  }

  @Test
  void guardStopsOnNaNAndInfinity() {
    TrainingState s = new TrainingState(TrainingConfig.defaults(DenseAeConfig.defaults()), 1, 0);
    s.epoch = 4;
    TrainingListener g = Listeners.nonFiniteGuard();
    assertEquals(Action.CONTINUE, g.onBatch(s, 1, 10, 0.5));
    assertEquals(Action.STOP, g.onBatch(s, 7, 10, Double.POSITIVE_INFINITY));
    assertEquals("non-finite loss (Infinity) at epoch 4, batch 7; try a lower --lr or check the inputs", s.stopReason());
  }
}
