package org.nphunt.training;

import org.nphunt.progress.Progress;
import org.nphunt.training.history.EpochRecord;

/** The standard listeners of a training run. */
public final class Listeners {
  private Listeners() {}

  /** Halves (by lrFactor) the learning rate after lrPatience epochs without improvement. */
  public static TrainingListener reduceLrOnPlateau() {
    return new TrainingListener() {
      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        if (s.epochsSinceLrChange() >= s.config().lrPatience()) {
          s.setLearningRate(s.learningRate() * s.config().lrFactor());
          s.resetLrCounter();
        }
        return Action.CONTINUE;
      }
    };
  }

  /** Stops after earlyStopPatience epochs without improvement. */
  public static TrainingListener earlyStopping() {
    return new TrainingListener() {
      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        if (s.epochsSinceBest() >= s.config().earlyStopPatience()) {
          s.stop("early stopping (no improvement for " + org.nphunt.progress.Counts.of(s.epochsSinceBest(), "epoch") + ")");
          return Action.STOP;
        }
        return Action.CONTINUE;
      }
    };
  }

  /** Stops at the first NaN or infinite batch loss, with a message naming epoch and batch. */
  public static TrainingListener nonFiniteGuard() {
    return new TrainingListener() {
      @Override
      public Action onBatch(TrainingState s, int batch, int events, double loss) {
        if (!Double.isFinite(loss)) {
          s.stop("non-finite loss (" + loss + ") at epoch " + s.epoch() + ", batch " + batch
              + "; try a lower --lr or check the inputs");
          return Action.STOP;
        }
        return Action.CONTINUE;
      }
    };
  }

  /** One line per epoch (Keras-like) to {@code sink}, e.g. the command's standard output. */
  public static TrainingListener epochLog(java.util.function.Consumer<String> sink) {
    return new TrainingListener() {
      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        sink.accept(String.format("epoch %d/%d: loss %.5g, val loss %.5g, lr %.3g, %.1f s, %.0f events/s%s", r.epoch(),
            s.config().epochs(), r.trainLoss(), r.valLoss(), r.learningRate(), r.seconds(), r.eventsPerSecond(),
            s.bestEpoch() == r.epoch() ? " (best)" : ""));
        return Action.CONTINUE;
      }
    };
  }

  /** A progress bar per epoch (events/s, ETA, current loss) on a terminal; silent in CI and pipes. */
  public static TrainingListener progress() {
    return new TrainingListener() {
      private Progress bar;
      private double sum;
      private long n;

      @Override
      public Action onBatch(TrainingState s, int batch, int events, double loss) {
        if (bar == null) {
          bar = Progress.start("epoch " + s.epoch() + "/" + s.config().epochs(), s.trainEvents(), "ev");
          sum = 0;
          n = 0;
        }
        sum += loss * events;
        n += events;
        // events counts examples (two jets per dijet event); the bar's total is in events
        bar.step(events / s.examplesPerEvent());
        if (batch % 16 == 0) {
          bar.extra(String.format("loss %.4g", sum / n));
        }
        return Action.CONTINUE;
      }

      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        if (bar != null) {
          bar.extra(String.format("loss %.4g val %.4g", r.trainLoss(), r.valLoss()));
          bar.close();
          bar = null;
        }
        return Action.CONTINUE;
      }

      @Override
      public void onEnd(TrainingState s) {
        if (bar != null) {
          bar.close();
          bar = null;
        }
      }
    };
  }
}
