package org.nphunt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.deploy.ApFixed;
import org.nphunt.deploy.FixedPointNet;
import org.nphunt.deploy.ModelCost;
import org.nphunt.deploy.PrecisionConfig;
import org.nphunt.deploy.QuantizationStudy;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.io.AtomicOutput;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nphunt quantize}: what a dense AE or VAE-encoder score costs and loses in ap_fixed<W,I> (issue 17). */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {"Emulate a trained dense AE (mse score) or VAE encoder (mu^2 score) in hls4ml's fixed point",
        "ap_fixed<W,I>: for each width of --bits (or the one --precision, or a --precision-config file), AUC per",
        "signal, TPR at each --fpr with its interval, correlation and median / largest relative deviation from the",
        "float score, and the fraction of trigger decisions flipped at --decision-fpr; the float network's value",
        "ranges per layer; and the model's cost",
        "(parameters, multiply-accumulates per event, weight memory, the CPU latency recorded in model.json).",
        "Prints markdown (and writes it to --out)."})
public final class QuantizeCommand implements Callable<Integer> {
  /** The first line of the report starts with this (how --force recognises an earlier report). */
  static final String TITLE_PREFIX = "# Fixed-point emulation of ";

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model folder written by 'nphunt train' (dense or vae).")
  Path model;

  @Option(names = "--in", required = true, description = "Background events (HDF5).")
  Path in;

  @Option(names = "--signal", required = true, paramLabel = "NAME=FILE", description = "Signal events (repeatable).")
  List<String> signals;

  @Option(names = "--bits", split = ",", defaultValue = "8,10,12,16", description = "Widths W (2.."
      + FixedPointNet.MAX_WIDTH + ", the widest the emulation computes exactly), one row each: every quantity not"
      + " given by --input-precision / --layer-precision is of type ap_fixed<W,--int-bits> (default: ${DEFAULT-VALUE}).")
  int[] bits;

  @Option(names = "--int-bits", defaultValue = "auto", paramLabel = "I", description = "Integer bits I incl. sign"
      + " of the --bits rows (1..W), or 'auto': per layer and quantity from the float network's ranges on the"
      + " background (hls4ml-style profiling); types given by --input-precision / --layer-precision keep their own"
      + " I (default: ${DEFAULT-VALUE}).")
  String integerBits;

  @Option(names = "--coverage", defaultValue = "0.9999", description = "Automatic integer bits: each type holds the"
      + " largest |value| of this fraction of the background events (1 = of all; the others saturate or wrap)"
      + " (default: ${DEFAULT-VALUE}).")
  double coverage;

  @Option(names = "--precision", paramLabel = "TYPE", description = "One configuration instead of the --bits rows: the"
      + " model-level type, e.g. 'ap_fixed<16,6>' or 'ap_fixed<16,6,AP_RND,AP_SAT>' (modes not given come from"
      + " --rounding and --overflow).")
  String precision;

  @Option(names = "--input-precision", paramLabel = "TYPE", description = "Type of the standardised inputs (default:"
      + " the model-level type).")
  String inputPrecision;

  /** Commas outside ap_fixed<...> separate the entries of --layer-precision. */
  static final String OUTSIDE_BRACKETS = ",(?![^<]*>)";

  @Option(names = "--layer-precision", split = OUTSIDE_BRACKETS, splitSynopsisLabel = ",", paramLabel = "L=TYPE",
      description = "Per-layer type overrides"
      + " (weights, biases, accumulator, result, activation of dense layer L, 0 = first), e.g."
      + " 0=ap_fixed<18,8>,5=ap_fixed<18,10>; applies to every row.")
  List<String> layerPrecision;

  @Option(names = "--precision-config", paramLabel = "FILE.json", description = "One configuration from a JSON file"
      + " (PrecisionConfig: model, input, layers with weight/bias/accum/result/activation, autoInteger); excludes"
      + " --precision, --input-precision, --layer-precision, --bits and --int-bits.")
  Path precisionConfig;

  @Option(names = "--rounding", defaultValue = "RND", paramLabel = "RND|TRN", converter = RoundingConverter.class,
      description = "RND or AP_RND (to nearest), TRN or AP_TRN (hls4ml's default; truncating every partial sum biases"
      + " the accumulator downward) (default: ${DEFAULT-VALUE}).")
  ApFixed.Rounding rounding;

  @Option(names = "--overflow", defaultValue = "SAT", paramLabel = "SAT|WRAP", converter = OverflowConverter.class,
      description = "SAT or AP_SAT (saturate), WRAP or AP_WRAP (hls4ml's default; standardised tails beyond the integer"
      + " range then wrap around) (default: ${DEFAULT-VALUE}).")
  ApFixed.Overflow overflow;

  /** Reads an ap_fixed mode (RND/TRN, SAT/WRAP) with or without the ap_fixed spelling's AP_ prefix. */
  static <E extends Enum<E>> E apMode(Class<E> type, String v) {
    String t = v.startsWith("AP_") ? v.substring(3) : v;
    StringBuilder expected = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(t)) {
        return e;
      }
      expected.append(expected.length() == 0 ? "" : ", ").append(e.name()).append(" or AP_").append(e.name());
    }
    throw new TypeConversionException("expected " + expected + ", found '" + v + "'");
  }

  /** --rounding: RND, AP_RND, TRN or AP_TRN. */
  static final class RoundingConverter implements ITypeConverter<ApFixed.Rounding> {
    @Override
    public ApFixed.Rounding convert(String v) {
      return apMode(ApFixed.Rounding.class, v);
    }
  }

  /** --overflow: SAT, AP_SAT, WRAP or AP_WRAP. */
  static final class OverflowConverter implements ITypeConverter<ApFixed.Overflow> {
    @Override
    public ApFixed.Overflow convert(String v) {
      return apMode(ApFixed.Overflow.class, v);
    }
  }

  @Option(names = "--fpr", split = ",", defaultValue = "1e-5,1e-3", description = "Background efficiencies of the TPR"
      + " columns; an FPR needs >= 10/FPR background events (default: ${DEFAULT-VALUE}).")
  double[] fprs;

  @Option(names = "--decision-fpr", defaultValue = "1e-3", description = "Operating point of the decision flips"
      + " (default: ${DEFAULT-VALUE}).")
  double decisionFpr;

  @Option(names = "--events", defaultValue = "200000", description = "Events read per file at most (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--out", paramLabel = "FILE.md", description = "Markdown file to write.")
  Path out;

  @Option(names = "--force", description = "Replace --out.")
  boolean force;

  @Override
  public Integer call() {
    java.util.Set<Double> seen = new java.util.HashSet<>();
    for (double f : fprs) {
      if (!(f > 0 && f < 1)) {
        throw new ParameterException(spec.commandLine(), "--fpr must be in (0, 1), found " + f);
      }
      if (!seen.add(f)) {
        throw new ParameterException(spec.commandLine(), "--fpr lists " + f + " twice");
      }
    }
    if (!(decisionFpr > 0 && decisionFpr < 1)) {
      throw new ParameterException(spec.commandLine(), "--decision-fpr must be in (0, 1), found " + decisionFpr);
    }
    if (!(coverage > 0 && coverage <= 1)) {
      throw new ParameterException(spec.commandLine(), "--coverage must be in (0, 1], found " + coverage);
    }
    if (events < 1) {
      throw new ParameterException(spec.commandLine(), "--events must be > 0, found " + events);
    }
    List<PrecisionConfig> configs = configs();
    Map<String, Path> sig = new LinkedHashMap<>();
    for (String s : signals) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new ParameterException(spec.commandLine(), "--signal must be NAME=FILE, found " + s);
      }
      sig.put(s.substring(0, eq), Path.of(s.substring(eq + 1)));
    }
    if (out != null) {
      // --force replaces only an earlier quantize report, never an input or someone's data
      List<Path> inputs = new ArrayList<>(List.of(in, model.resolve(ModelFile.FILE_NAME),
          model.resolve(ModelFile.WEIGHTS_NAME)));
      inputs.addAll(sig.values());
      new org.nphunt.io.OutputRules("a report written by nphunt quantize", OutputChecks::isQuantizationReport, inputs)
          .check(out, force, false);
    }
    try (LoadedModel m = LoadedModel.load(model)) {
      checkLayers(m);
      EventBatch bkg = read(in);
      Map<String, EventBatch> s = new LinkedHashMap<>();
      sig.forEach((name, file) -> s.put(name, read(file)));
      List<Double> fprList = new ArrayList<>();
      for (double f : fprs) {
        fprList.add(f);
      }
      QuantizationStudy.Result r;
      try {
        r = QuantizationStudy.run(m, bkg, s, configs, fprList, decisionFpr, coverage);
      } catch (IllegalArgumentException e) {
        throw new NphuntException((precisionConfig != null ? precisionConfig : model) + ": " + e.getMessage(), e);
      }
      ModelCost c = m.cost() != null ? m.cost() : ModelCost.of(m.block(), null);
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, TITLE_PREFIX + "%s (%s)%n%n", model.getFileName(),
          r.kind() == FixedPointNet.Kind.AUTOENCODER ? "dense autoencoder, mse score" : "VAE encoder, vae_mu2 score"));
      sb.append(String.format(Locale.ROOT, "Background: %s (%d events).%n%n", in.getFileName(), bkg.size()));
      sb.append(c.describe()).append("\n\n");
      sb.append(r.table("Fixed point vs float").markdown());
      for (int i = 1; i < r.rows().size(); i++) {
        PrecisionConfig.Resolved t = r.rows().get(i).types();
        sb.append(String.format(Locale.ROOT, "- %s: %s%n", r.rows().get(i).label(), t.describe()));
        if (!t.belowOneIntegerBit().isEmpty()) {
          sb.append(String.format(Locale.ROOT, "  - below one integer bit, as hls4ml's configuration writes them: %s%n",
              String.join("; ", t.belowOneIntegerBit())));
        }
      }
      sb.append('\n').append(PrecisionConfig.INTEGER_BITS_LEGEND).append('\n');
      sb.append('\n').append(QuantizationStudy.profileTable("Float ranges per layer", r.profile(), r.coverage()).markdown());
      spec.commandLine().getOut().print(sb);
      spec.commandLine().getOut().flush();
      if (out != null) {
        AtomicOutput.writeString(out, sb.toString(), force);
      }
    }
    return 0;
  }

  /** True when the option was given on the command line (not its default). */
  private boolean given(String option) {
    return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Layer overrides of --layer-precision must name layers the model has: a usage error naming the valid range. */
  private void checkLayers(LoadedModel m) {
    if (layerPrecision == null) {
      return;
    }
    int n;
    try {
      n = FixedPointNet.of(m.block()).layers().size();
    } catch (IllegalArgumentException e) {
      return; // not a dense stack: QuantizationStudy says so in one line
    }
    for (int l : configs().get(0).layers().keySet()) {
      if (l >= n) {
        throw new ParameterException(spec.commandLine(), "--layer-precision names layer " + l + ", the model has " + n
            + " dense layers (0.." + (n - 1) + ")");
      }
    }
  }

  /** The configurations of the rows from the options. */
  List<PrecisionConfig> configs() {
    try {
      if (precisionConfig != null) {
        for (String o : List.of("--precision", "--input-precision", "--layer-precision", "--bits", "--int-bits")) {
          if (given(o)) {
            throw new ParameterException(spec.commandLine(), "--precision-config excludes " + o + " (the file gives"
                + " every type and autoInteger)");
          }
        }
        String json;
        try {
          json = Files.readString(precisionConfig);
        } catch (java.io.IOException e) {
          throw new NphuntException(precisionConfig + ": cannot read: " + e.getMessage(), e);
        }
        PrecisionConfig c;
        try {
          c = PrecisionConfig.fromJson(json, precisionConfig.toString());
        } catch (IllegalArgumentException e) {
          throw new NphuntException(precisionConfig + ": " + e.getMessage(), e);
        }
        if (given("--coverage") && !c.autoInteger()) {
          throw new ParameterException(spec.commandLine(), "--coverage applies to automatic integer bits only, and "
              + precisionConfig + " has autoInteger false");
        }
        return List.of(c);
      }
      if (precision != null) {
        for (String o : List.of("--bits", "--int-bits", "--coverage")) {
          if (given(o)) {
            throw new ParameterException(spec.commandLine(), "--precision excludes " + o + " (--precision is one"
                + " configuration with the integer bits it spells; --bits/--int-bits/--coverage make the rows)");
          }
        }
      }
      boolean auto = integerBits.equals("auto");
      int fixedI = 0;
      if (!auto) {
        try {
          fixedI = Integer.parseInt(integerBits);
        } catch (NumberFormatException e) {
          throw new ParameterException(spec.commandLine(), "--int-bits must be an integer or 'auto', found " + integerBits);
        }
        if (given("--coverage")) {
          throw new ParameterException(spec.commandLine(), "--coverage applies to --int-bits auto only, found --int-bits "
              + integerBits);
        }
      }
      ApFixed input = inputPrecision == null ? null : ApFixed.parse(inputPrecision, rounding, overflow);
      Map<Integer, PrecisionConfig.LayerPrecision> layers = new LinkedHashMap<>();
      for (String lp : layerPrecision == null ? List.<String>of() : layerPrecision) {
        int eq = lp.indexOf('=');
        if (eq <= 0) {
          throw new ParameterException(spec.commandLine(), "--layer-precision must be L=TYPE, found " + lp);
        }
        int l;
        try {
          l = Integer.parseInt(lp.substring(0, eq).trim());
        } catch (NumberFormatException e) {
          throw new ParameterException(spec.commandLine(), "--layer-precision: layer must be an integer, found " + lp);
        }
        if (l < 0) {
          throw new ParameterException(spec.commandLine(), "--layer-precision: layer must be >= 0, found " + lp);
        }
        if (layers.put(l, PrecisionConfig.LayerPrecision.uniform(ApFixed.parse(lp.substring(eq + 1), rounding, overflow)))
            != null) {
          throw new ParameterException(spec.commandLine(), "--layer-precision gives layer " + l + " twice");
        }
      }
      if (precision != null) {
        return List.of(new PrecisionConfig(ApFixed.parse(precision, rounding, overflow), input, layers, false));
      }
      List<PrecisionConfig> out = new ArrayList<>();
      java.util.Set<Integer> widths = new java.util.HashSet<>();
      for (int b : bits) {
        if (b < 2 || b > FixedPointNet.MAX_WIDTH) {
          throw new ParameterException(spec.commandLine(), "--bits must be in 2.." + FixedPointNet.MAX_WIDTH
              + " (the emulation is exact up to " + FixedPointNet.MAX_WIDTH + " bits: a product of two such values fits"
              + " a double's 53-bit significand), found " + b);
        }
        if (!widths.add(b)) {
          throw new ParameterException(spec.commandLine(), "--bits lists " + b + " twice");
        }
        if (!auto && (fixedI < 1 || fixedI > b)) {
          throw new ParameterException(spec.commandLine(), "--int-bits must be in 1..W for every width of --bits (here"
              + " 1.." + b + "), found " + fixedI);
        }
        out.add(new PrecisionConfig(new ApFixed(b, auto ? 1 : fixedI, rounding, overflow), input, layers, auto));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private EventBatch read(Path file) {
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      return r.read(0, (int) Math.min(events, r.size()));
    }
  }
}
