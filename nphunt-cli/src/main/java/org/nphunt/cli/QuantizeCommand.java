package org.nphunt.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.data.EventBatch;
import org.nphunt.deploy.ApFixed;
import org.nphunt.deploy.FixedPointNet;
import org.nphunt.deploy.ModelCost;
import org.nphunt.deploy.QuantizationStudy;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.io.AtomicOutput;
import org.nphunt.score.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nphunt quantize}: what a dense AE or VAE-encoder score costs and loses in ap_fixed<W,I> (issue 17). */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {"Emulate a trained dense AE (mse score) or VAE encoder (mu^2 score) in hls4ml's fixed point",
        "ap_fixed<W,I> for several widths W: AUC per signal, TPR at --fpr, correlation with the float score and the",
        "fraction of trigger decisions flipped at --fpr; plus the model's cost (parameters, multiply-accumulates per",
        "event, weight memory). Prints a markdown table (and writes it to --out)."})
public final class QuantizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model folder written by 'nphunt train' (dense or vae).")
  Path model;

  @Option(names = "--in", required = true, description = "Background events (HDF5).")
  Path in;

  @Option(names = "--signal", required = true, paramLabel = "NAME=FILE", description = "Signal events (repeatable).")
  List<String> signals;

  @Option(names = "--bits", split = ",", defaultValue = "8,10,12,16", description = "Widths W (default: ${DEFAULT-VALUE}).")
  int[] bits;

  @Option(names = "--int-bits", defaultValue = "6", description = "Integer bits I incl. sign (default: ${DEFAULT-VALUE}).")
  int integerBits;

  @Option(names = "--rounding", defaultValue = "TRN", description = "TRN (hls4ml default) or RND (default: ${DEFAULT-VALUE}).")
  ApFixed.Rounding rounding;

  @Option(names = "--overflow", defaultValue = "WRAP", description = "WRAP (hls4ml default) or SAT (default: ${DEFAULT-VALUE}).")
  ApFixed.Overflow overflow;

  @Option(names = "--fpr", defaultValue = "1e-3", description = "Background efficiency of the TPR and the decision flips"
      + " (default: ${DEFAULT-VALUE}).")
  double fpr;

  @Option(names = "--events", defaultValue = "200000", description = "Events read per file at most (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--out", description = "Markdown file to write.")
  Path out;

  @Option(names = "--force", description = "Replace --out.")
  boolean force;

  @Override
  public Integer call() {
    if (!(fpr > 0 && fpr < 1)) {
      throw new ParameterException(spec.commandLine(), "--fpr must be in (0, 1), found " + fpr);
    }
    if (events < 1) {
      throw new ParameterException(spec.commandLine(), "--events must be > 0, found " + events);
    }
    for (int b : bits) {
      if (b < 2 || b > 26) {
        throw new ParameterException(spec.commandLine(), "--bits must be in 2..26 (exact emulation), found " + b);
      }
    }
    Map<String, Path> sig = new LinkedHashMap<>();
    for (String s : signals) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new ParameterException(spec.commandLine(), "--signal must be NAME=FILE, found " + s);
      }
      sig.put(s.substring(0, eq), Path.of(s.substring(eq + 1)));
    }
    if (out != null) {
      AtomicOutput.checkTarget(out, force);
    }
    try (LoadedModel m = LoadedModel.load(model)) {
      EventBatch bkg = read(in);
      Map<String, EventBatch> s = new LinkedHashMap<>();
      sig.forEach((name, file) -> s.put(name, read(file)));
      List<QuantizationStudy.Row> rows = QuantizationStudy.run(m, bkg, s, bits, integerBits, rounding, overflow, fpr);
      FixedPointNet net = FixedPointNet.of(m.block());
      ModelCost c = ModelCost.of(net.layers());
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "# Fixed-point emulation of %s (%s score)%n%n", model.getFileName(),
          net.kind() == FixedPointNet.Kind.AUTOENCODER ? "mse" : "vae_mu2, encoder only"));
      sb.append(String.format(Locale.ROOT, "%d background events (%s), %s; one ap_fixed<W,%d> (AP_%s, AP_%s) for inputs,"
          + " weights, biases, accumulators, results and activations.%n%n", bkg.size(), in.getFileName(),
          sizes(s), integerBits, rounding, overflow));
      sb.append(String.format(Locale.ROOT, "Cost: %,d parameters, %,d multiply-accumulates per event; weights %s.%n%n",
          c.parameters(), c.macs(), weightBytes(c)));
      sb.append(QuantizationStudy.markdown(rows, fpr));
      spec.commandLine().getOut().print(sb);
      if (out != null) {
        AtomicOutput.writeString(out, sb.toString(), force);
      }
    }
    return 0;
  }

  private String weightBytes(ModelCost c) {
    StringBuilder sb = new StringBuilder();
    for (int b : bits) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d B at %d bits", c.weightBytes(b), b));
    }
    return sb.toString();
  }

  private static String sizes(Map<String, EventBatch> s) {
    StringBuilder sb = new StringBuilder();
    s.forEach((n, b) -> sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %d events", n, b.size())));
    return sb.toString();
  }

  private EventBatch read(Path file) {
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      return r.read(0, (int) Math.min(events, r.size()));
    }
  }
}
