package org.nphunt.physics;

/**
 * Per-process bookkeeping of one generation, for cross-sections later: sigma_accepted = sigma *
 * efficiency.
 *
 * @param name process name
 * @param processId per-event ProcessId
 * @param fraction requested share of accepted events
 * @param accepted events that passed the trigger (and were written)
 * @param attempts events actually sampled
 * @param generated equivalent number of generated events: attempts / sampledFraction (QCD skips a
 *     region in which no event can be isolated)
 * @param efficiency accepted / generated (acceptance x trigger)
 */
public record ProcessStats(String name, int processId, double fraction, long accepted, long attempts,
    double generated, double efficiency) {

  static ProcessStats of(String name, int id, double fraction, long accepted, long attempts, double sampledFraction) {
    double generated = attempts / sampledFraction;
    return new ProcessStats(name, id, fraction, accepted, attempts, generated, generated > 0 ? accepted / generated : 0);
  }
}
