package org.nphunt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.history.TrainingHistory;
import org.nphunt.training.Listeners;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingJob;
import org.nphunt.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nphunt train}: trains an autoencoder on an ADC2021 file (or a jet model on a dijet file) and writes a model folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train an autoencoder on Standard-Model events (ADC2021 HDF5) and write a model folder",
        "(model.json + weights.params). Jet models (chamfer-vae, jet-image-ae, lola-ae, decorrelated) train on background dijet",
        "events (dijet HDF5). Checkpoints every epoch; --resume continues after a crash."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", defaultValue = "dense", description = "Architecture: dense, vae, conv, transformer, rnn-attention (ADC2021 events); hlf-vae, hlf-classifier"
      + " (an HLF table from nphunt features; hlf-classifier needs ProcessId); chamfer-vae, jet-image-ae, lola-ae, decorrelated (dijet events, e.g. from"
      + " nphunt generate --dijet-out or nphunt cluster) (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--train", description = "Training file (SM events).")
  Path train;

  @Option(names = "--val", description = "Validation file, another file than --train (default: a seeded --val-fraction of --train).")
  Path val;

  @Option(names = "--out", description = "Output model folder (new or empty; see --force).")
  Path out;

  @Option(names = "--epochs", description = "Maximum epochs (default 100).")
  Integer epochs;

  @Option(names = "--batch", defaultValue = "1024", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seed", defaultValue = "1", description = "The seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "1e-4", description = "L2 penalty added to the gradient (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--val-fraction", defaultValue = "0.2", description = "Validation fraction of --train (default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(names = "--log-pt", description = "Use log(1+pT) before standardisation.")
  boolean logPt;

  @Option(names = "--masked-loss", description = "Exclude empty slots from the reconstruction loss.")
  boolean maskedLoss;

  @Option(names = "--bounded", description = "Bounded angles: eta = a*tanh (a = 3.0 e, 2.1 mu, 4.0 jets), phi = pi*tanh.")
  boolean bounded;

  @Option(names = "--latent", description = "Latent dimension (default: the architecture's).")
  Integer latent;

  @Option(names = "--beta", defaultValue = "" + TrainingConfig.DEFAULT_BETA, description = "VAE: loss = (1-beta) reco + beta KL (default: ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--batch-norm", description = "BatchNorm after hidden layers (dense, vae).")
  boolean batchNorm;

  @Option(names = "--dropout", description = "Dropout rate after hidden layers (dense, vae).")
  Double dropout;

  @Option(names = "--lr-patience", defaultValue = "5", description = "Epochs without improvement before the LR is halved (default: ${DEFAULT-VALUE}).")
  int lrPatience;

  @Option(names = "--patience", defaultValue = "10", description = "Epochs without improvement before stopping (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--threads", description = "Training threads of the dense AE, the VAE, conv, the transformer and rnn-attention (nphunt's fused"
      + " kernels; the weights do not depend on it; default: all cores); other models train on one libtorch thread.")
  Integer threads;

  @Option(names = "--chunk", defaultValue = "65536", description = "Events read per block (default: ${DEFAULT-VALUE}).")
  int chunk;

  @Option(names = "--resume", description = "Continue the interrupted run whose output folder is DIR (its configuration is reused).")
  Path resume;

  @Option(names = "--force", description = "Replace a model folder nphunt wrote in --out (a folder of other files is"
      + " left alone).")
  boolean force;

  /** The TrainingConfig fields this command sets from options, for usage errors naming the option. */
  static final java.util.Map<String, String> CONFIG_OPTIONS = java.util.Map.of("epochs", "--epochs", "batchSize", "--batch",
      "learningRate", "--lr", "weightDecay", "--weight-decay", "valFraction", "--val-fraction", "lrPatience", "--lr-patience",
      "earlyStopPatience", "--patience", "beta", "--beta", "chunkEvents", "--chunk", "threads", "--threads");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (train == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--train=FILE'");
    }
    if (resume == null && this.out == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
    }
    if (val != null && java.nio.file.Files.isRegularFile(val) && java.nio.file.Files.isRegularFile(train)
        && EvaluateCommand.sameFile(val, train)) {
      // as evaluate refuses a signal that is the background: validating on the training events measures nothing
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--val " + val + " is the same file as --train "
          + train + "; the validation sample must be other events than the training sample");
    }
    TrainingConfig cfg = null;
    if (resume == null) {
      cfg = OptionNames.translated(CONFIG_OPTIONS, () -> {
        TrainingConfig c = TrainingConfig.defaults(architecture())
            .withSeed(seed).withEpochs(epochs == null ? 100 : epochs).withBatchSize(batch).withLearningRate(lr)
            .withValFraction(valFraction).withPatience(lrPatience, patience).withPreprocessing(logPt, maskedLoss, bounded)
            .withBeta(beta).withChunkEvents(chunk)
            .withThreads(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        return new TrainingConfig(c.architecture(), c.seed(), c.epochs(), c.batchSize(), c.learningRate(),
            weightDecay, c.valFraction(), c.lrPatience(), c.lrFactor(), c.earlyStopPatience(), c.logPt(),
            c.maskedLoss(), c.boundedOutputs(), c.beta(), c.chunkEvents(), c.threads());
      });
    }
    Path dir = resume != null ? resume : this.out;
    try (TrainingResult r = TrainingJob.trainFiles(cfg, train, val, dir, force, resume, epochs, List.of(Listeners.progress(), Listeners.epochLog(line -> {
          out.println(line);
          out.flush();
        })), note -> spec.commandLine().getErr().println("nphunt: note: " + note))) {
      TrainingHistory h = r.history();
      EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
      EpochRecord last = h.epochs().get(h.epochs().size() - 1);
      out.printf("trained %s for %s (%s); best epoch %d: train loss %.5g, val loss %.5g; %.0f events/s%n",
          r.model().architecture().architecture(), org.nphunt.progress.Counts.of(h.epochs().size(), "epoch"), h.stopReason(), h.bestEpoch(),
          best.trainLoss(), best.valLoss(), last.eventsPerSecond());
      out.println("model written to " + dir.toAbsolutePath());
      if (h.stopReason().startsWith("non-finite")) {
        spec.commandLine().getErr().println("nphunt: warning: " + h.stopReason());
      }
    }
    return 0;
  }

  /** The chosen architecture's defaults with --latent/--batch-norm/--dropout applied where it has them. */
  ArchitectureConfig architecture() {
    ArchitectureConfig base = Architectures.defaults(model);
    if (latent == null && !batchNorm && dropout == null) {
      return base;
    }
    var mapper = Architectures.mapper();
    ObjectNode node = mapper.valueToTree(base);
    set(node, "latentDim", latent == null ? null : mapper.valueToTree(latent), "--latent");
    set(node, "batchNorm", batchNorm ? mapper.valueToTree(true) : null, "--batch-norm");
    set(node, "dropout", dropout == null ? null : mapper.valueToTree(dropout), "--dropout");
    try {
      return mapper.treeToValue(node, ArchitectureConfig.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      throw new IllegalArgumentException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  private void set(ObjectNode node, String field, JsonNode value, String option) {
    if (value == null) {
      return;
    }
    if (!node.has(field)) {
      throw new IllegalArgumentException(option + " does not apply to model " + model);
    }
    node.set(field, value);
  }
}
