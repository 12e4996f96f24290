package org.nphunt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nphunt.score.Scorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nphunt score}: per-event anomaly scores of a file with a trained model. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Score every event of an ADC2021 (or, for jet models, dijet) file with a trained model; writes one dataset per score",
        "(mse, mae_pt_mse_angles, mse_met, mse_electron, mse_muon, mse_jet; VAE: vae_reco, vae_kl, vae_total, vae_rz,",
        "vae_mu2; jet models on dijet files: total/reco/kl or reco, per event min/max/sum/prod/j1/j2 of the two jets)",
        "plus EvtId/ProcessId when present, streamed with bounded memory."})
public final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model folder written by 'nphunt train'.")
  Path model;

  @Option(names = "--in", required = true, description = "Events to score (HDF5).")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "SCORES.h5", description = "Score file to write (HDF5).")
  Path out;

  @Option(names = "--batch", defaultValue = "1024", description = "Events per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads",
      description = "Scoring threads (default: all cores); the scores do not depend on it.")
  Integer threads;

  @Option(names = "--force", description = "Replace an existing score file.")
  boolean force;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be > 0, found " + t);
    }
    // what the reader converted (phi wrapped, absolute constituent coordinates made relative) is said, not done in silence
    long n = Scorer.scoreFile(model, in, out, batch, t, force, note -> spec.commandLine().getErr().println("nphunt: note: " + note));
    double s = (System.nanoTime() - t0) / 1e9;
    spec.commandLine().getOut().printf("scored %d events in %.1f s (%.0f events/s) into %s%n", n, s, n / s, out.toAbsolutePath());
    return 0;
  }
}
