package org.nphunt.deploy.onnx;

import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.kernel.AutoencoderNet;
import org.nphunt.kernel.DenseLayer;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.ConvAutoencoder;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.objective.EventReconstruction;
import org.nphunt.preprocess.OutputBounds;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.DenseNetworks;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Scores;
import org.nphunt.training.TrainingConfig;

/**
 * Exports a trained ADC2021 event autoencoder ({@code dense}, {@code vae}, {@code conv}) as one ONNX
 * model (IR version {@value OnnxProto#IR_VERSION}, opset {@value OnnxProto#OPSET}) that takes the raw
 * events and gives the reconstruction and the per-event anomaly scores, so that a trigger physicist
 * gets nphunt's score from ONNX Runtime or hands the network to hls4ml (issue 17).
 *
 * <h2>Input</h2>
 * {@value #INPUT_NAME}: float32 [N, 19, 4], the ADC2021 {@code Particles} rows exactly as in the
 * HDF5 files: 19 slots (0 MET, 1-4 electrons, 5-8 muons, 9-18 jets) x (pT [GeV], eta, phi [rad],
 * class id: 0 empty, 1 MET, 2 electron, 3 muon, 4 jet). A slot is real when its class id is not 0.
 *
 * <h2>Preprocessing (ONNX nodes, the same as {@link Standardizer#applyEvent})</h2>
 * {@code x[n, 3s+f] = (t_f(events[n, s, f]) - mean[3s+f]) / std[3s+f]} for a real slot s, and exactly 0
 * for an empty slot whatever its values (Where on class id != 0, so NaN in empty slots does not leak);
 * {@code t} is log(1+pT) for pT when the model was trained with {@code logPt}, else the identity. The
 * standardised input is also a graph output ({@code x}, [N, 57], slot-major pT, eta, phi), the vector
 * an FPGA implementation without the preprocessing would receive.
 *
 * <h2>Network and scores</h2>
 * The layers as nphunt's scoring runs them (BatchNorm folded, dropout removed, LeakyReLU with the
 * model's slope, z = mu for the VAE), the optional bounded output head ({@link OutputBounds}), then the
 * scores with nphunt's names and definitions ({@link Scores}): {@code mse} (mean over the 57 inputs of
 * (x - recon)^2); for the VAE also {@code vae_kl}, {@code vae_total} and {@code vae_mu2}; {@code score}
 * repeats the model's primary score ({@code mse}, or {@code vae_total} for the VAE, or {@code vae_mu2}
 * for the encoder-only VAE, the AXOL1TL score of arXiv:2108.03986 computed from the encoder alone).
 *
 * <p>Numbers: float32 throughout (nphunt standardises in double and sums scores in double); measured
 * |onnx - nphunt| <= 7e-7 max(1, |nphunt|) for every output (docs/deployment.md), the export test checks
 * 1e-5 max(1, |nphunt|). Values near 0 ({@code vae_kl}, {@code vae_mu2} of typical events) agree in
 * absolute, not relative, terms.
 */
public final class OnnxExport {
  /** The graph's input name. */
  public static final String INPUT_NAME = "events";
  /** Architectures that can be exported. */
  public static final List<String> SUPPORTED = List.of(DenseAeConfig.NAME, VaeConfig.NAME, ConvAeConfig.NAME);
  /** The input definition written in the model doc and the metadata. */
  public static final String INPUT_DEFINITION = "events: float32 [N, 19, 4], the raw ADC2021 Particles rows as in the"
      + " HDF5 files: 19 slots (0 MET, 1-4 electrons, 5-8 muons, 9-18 jets) x (pT [GeV], eta, phi [rad], class id:"
      + " 0 empty, 1 MET, 2 electron, 3 muon, 4 jet); a slot is real when its class id != 0. Empty slots are masked"
      + " inside the graph (x = 0 there whatever their values).";

  /** What to export. */
  public enum Variant {
    /** The whole autoencoder: reconstruction and all scores. */
    FULL,
    /** The VAE encoder (trunk and mu head) only: mu and vae_mu2 (AXOL1TL). */
    ENCODER_ONLY
  }

  /**
   * An exported model.
   *
   * @param bytes the ONNX ModelProto
   * @param outputs the graph's output names, in order
   * @param scoreName the name of the primary score (also output {@code score})
   * @param metadata the metadata_props written
   */
  public record Result(byte[] bytes, List<String> outputs, String scoreName, Map<String, String> metadata) {
    public Result {
      outputs = List.copyOf(outputs);
      metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  private OnnxExport() {}

  /**
   * Exports a loaded model.
   *
   * @param modelName the model's name for the metadata (e.g. its folder name)
   * @param extra further metadata_props (e.g. the manifest), written after nphunt's own
   * @throws NphuntException (one line) when the architecture or variant cannot be exported
   */
  public static Result export(LoadedModel model, String modelName, Variant variant, Map<String, String> extra) {
    String arch = model.architecture().architecture();
    if (!SUPPORTED.contains(arch)) {
      throw new NphuntException("model '" + modelName + "' is a '" + arch + "' model; ONNX export supports "
          + String.join(", ", SUPPORTED));
    }
    if (variant == Variant.ENCODER_ONLY && !arch.equals(VaeConfig.NAME)) {
      throw new NphuntException("model '" + modelName + "' is a '" + arch + "' model; the encoder-only export"
          + " (vae_mu2) needs a 'vae' model");
    }
    if (!(model.preprocessing() instanceof Standardizer std)
        || !(model.objective() instanceof EventReconstruction er)) {
      throw new NphuntException("model '" + modelName + "' does not read standardised ADC2021 events; ONNX export"
          + " supports " + String.join(", ", SUPPORTED));
    }
    TrainingConfig cfg = model.config();
    OnnxGraph g = new OnnxGraph("nphunt_" + arch + (variant == Variant.ENCODER_ONLY ? "_encoder" : ""));
    g.input(INPUT_NAME, INPUT_DEFINITION, "N", SLOTS, Adc2021.FEATURES);
    Pre pre = preprocessing(g, std);
    g.output(pre.x, "standardised inputs [N, 57] (slot-major pT, eta, phi; 0 in empty slots)", "N", INPUTS);
    String scoreName;
    Block block = model.block();
    if (arch.equals(ConvAeConfig.NAME)) {
      String recon = bounds(g, conv(g, (ConvAutoencoder) block, pre.x), er.bounds(), std);
      g.output(g.node("Identity", "recon", List.of(), recon), "reconstruction [N, 57], standardised units", "N", INPUTS);
      mse(g, pre.x, "recon");
      scoreName = Scores.MSE;
    } else {
      AutoencoderNet net = DenseNetworks.of(block);
      String h = pre.x;
      for (DenseLayer l : net.encoder()) {
        h = dense(g, h, l.weight(), l.bias(), l.in(), l.out(), l.act(), l.slope());
      }
      if (!net.variational()) {
        String recon = decoder(g, net, h, er.bounds(), std);
        mse(g, pre.x, recon);
        scoreName = Scores.MSE;
      } else {
        DenseLayer head = net.head();
        int lat = net.latent();
        float[] w = head.weight();
        float[] b = head.bias();
        String mu = dense(g, h, java.util.Arrays.copyOfRange(w, 0, lat * head.in()), java.util.Arrays.copyOf(b, lat),
            head.in(), lat, false, 0f);
        mu = g.node("Identity", "mu", List.of(), mu);
        g.output(mu, "latent mean mu [N, L]", "N", lat);
        String mu2 = g.node("ReduceSum", Scores.VAE_MU2, List.of(OnnxGraph.attr("keepdims", 0L)), g.node("Mul", mu, mu),
            g.ints("axis1", 1));
        if (variant == Variant.ENCODER_ONLY) {
          scoreName = Scores.VAE_MU2;
        } else {
          String lv = dense(g, h, java.util.Arrays.copyOfRange(w, lat * head.in(), 2 * lat * head.in()),
              java.util.Arrays.copyOfRange(b, lat, 2 * lat), head.in(), lat, false, 0f);
          lv = g.node("Identity", "logVar", List.of(), lv);
          g.output(lv, "latent log-variance [N, L]", "N", lat);
          String recon = decoder(g, net, mu, er.bounds(), std);
          String sq = mse(g, pre.x, recon);
          // vae_reco: the per-event sum of squared errors (over real objects' inputs with the masked loss)
          String reco = cfg.maskedLoss() ? g.node("Mul", sq, pre.mask57) : sq;
          reco = g.node("ReduceSum", null, List.of(OnnxGraph.attr("keepdims", 0L)), reco, g.ints("axis1", 1));
          // vae_kl = -1/2 sum(1 + logVar - mu^2 - exp(logVar))
          String t = g.node("Sub", g.node("Sub", g.node("Add", g.scalar("one", 1f), lv), g.node("Mul", mu, mu)),
              g.node("Exp", lv));
          String kl = g.node("Mul", Scores.VAE_KL, List.of(), g.node("ReduceSum", null,
              List.of(OnnxGraph.attr("keepdims", 0L)), t, g.ints("axis1", 1)), g.scalar("minus_half", -0.5f));
          g.output(kl, "vae_kl = -1/2 sum_l (1 + logVar - mu^2 - exp(logVar)) [N]", "N");
          String total = g.node("Add", Scores.VAE_TOTAL, List.of(),
              g.node("Mul", reco, g.scalar("one_minus_beta", (float) (1 - cfg.beta()))),
              g.node("Mul", kl, g.scalar("beta", (float) cfg.beta())));
          g.output(total, "vae_total = (1 - beta) vae_reco + beta vae_kl [N], beta = " + cfg.beta()
              + (cfg.maskedLoss() ? ", reco over real objects" : ""), "N");
          scoreName = Scores.VAE_TOTAL;
        }
        g.output(mu2, "vae_mu2 = sum_l mu_l^2 [N] (AXOL1TL, encoder only)", "N");
      }
    }
    String score = g.node("Identity", "score", List.of(), scoreName);
    g.output(score, "the primary score, " + scoreName + " [N]", "N");

    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("nphunt.model_name", modelName);
    meta.put("nphunt.version", Manifest.nphuntVersion());
    meta.put("nphunt.architecture", arch);
    meta.put("nphunt.variant", variant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    meta.put("nphunt.input", INPUT_DEFINITION);
    meta.put("nphunt.preprocessing", preprocessingDoc(std));
    meta.put("nphunt.score", scoreName);
    meta.put("nphunt.outputs", String.join(",", g.outputNames()));
    meta.put("nphunt.output_bounds", Boolean.toString(er.bounds().enabled()));
    if (extra != null) {
      extra.forEach(meta::put);
    }
    String doc = "nphunt " + arch + " autoencoder" + (variant == Variant.ENCODER_ONLY ? " (encoder only)" : "")
        + ". Input " + INPUT_DEFINITION + " Preprocessing: " + preprocessingDoc(std) + " Primary score: " + scoreName
        + ".";
    byte[] bytes = OnnxProto.model(g.toProto(doc), Manifest.nphuntVersion(), doc, meta);
    return new Result(bytes, g.outputNames(), scoreName, meta);
  }

  /** The preprocessing as one line: the formula and the 57 means and standard deviations. */
  static String preprocessingDoc(Standardizer std) {
    StringBuilder sb = new StringBuilder();
    sb.append("x[n, 3s+f] = (t_f(events[n, s, f]) - mean[3s+f]) / std[3s+f] for real slots (class id != 0), 0 for")
        .append(" empty slots; t = ").append(std.logPt() ? "log(1+pT) for pT" : "identity")
        .append(", identity for eta and phi; f = 0 pT, 1 eta, 2 phi. mean = [");
    join(sb, std.mean());
    sb.append("], std = [");
    join(sb, std.std());
    return sb.append("].").toString();
  }

  private static void join(StringBuilder sb, double[] v) {
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(v[i]);
    }
  }

  /** Names of the preprocessing's values: standardised x (N, 57) and the input mask repeated per input (N, 57). */
  private record Pre(String x, String mask57) {}

  private static Pre preprocessing(OnnxGraph g, Standardizer std) {
    String ev = INPUT_NAME;
    String axis2 = g.ints("axis2", 2);
    String kin = g.node("Slice", ev, g.ints("start", 0), g.ints("end", KINEMATIC), axis2);
    String cls = g.node("Slice", ev, g.ints("start", KINEMATIC), g.ints("end", KINEMATIC + 1), axis2);
    String real = g.node("Not", g.node("Equal", cls, g.scalar("zero", 0f)));
    String t = kin;
    if (std.logPt()) {
      String pt = g.node("Slice", kin, g.ints("start", 0), g.ints("end", 1), axis2);
      String ang = g.node("Slice", kin, g.ints("start", 1), g.ints("end", KINEMATIC), axis2);
      String lpt = g.node("Log", g.node("Add", pt, g.scalar("one", 1f)));
      t = g.node("Concat", null, List.of(OnnxGraph.attr("axis", 2L)), lpt, ang);
    }
    float[] mean = new float[INPUTS];
    float[] sd = new float[INPUTS];
    for (int c = 0; c < INPUTS; c++) {
      mean[c] = (float) std.mean()[c];
      sd[c] = (float) std.std()[c];
    }
    String z = g.node("Div", g.node("Sub", t, g.constant("mean", mean, SLOTS, KINEMATIC)),
        g.constant("std", sd, SLOTS, KINEMATIC));
    String realAll = g.node("Expand", real, g.ints("shape", 1, 1, KINEMATIC));
    String masked = g.node("Where", realAll, z, g.scalar("zero", 0f));
    String flat = g.ints("shape", -1, INPUTS);
    String x = g.node("Reshape", "x", List.of(), masked, flat);
    String mask57 = g.node("Reshape", g.node("Cast", null, List.of(OnnxGraph.attr("to", (long) OnnxProto.FLOAT)),
        realAll), flat);
    return new Pre(x, mask57);
  }

  /** Gemm y = h W^T + b (W: out x in, row-major as PyTorch), then LeakyReLU when {@code act}. */
  private static String dense(OnnxGraph g, String h, float[] w, float[] b, int in, int out, boolean act, float slope) {
    String y = g.node("Gemm", null, List.of(OnnxGraph.attr("transB", 1L)), h, g.constant("W", w, out, in),
        g.constant("b", b, out));
    return act ? g.node("LeakyRelu", null, List.of(OnnxGraph.attr("alpha", slope)), y) : y;
  }

  private static String decoder(OnnxGraph g, AutoencoderNet net, String h, OutputBounds bounds, Standardizer std) {
    for (DenseLayer l : net.decoder()) {
      h = dense(g, h, l.weight(), l.bias(), l.in(), l.out(), l.act(), l.slope());
    }
    String recon = g.node("Identity", "recon", List.of(), bounds(g, h, bounds, std));
    g.output(recon, "reconstruction [N, 57], standardised units", "N", INPUTS);
    return recon;
  }

  /**
   * The bounded output head of {@link OutputBounds#apply(float[], int, int)}:
   * {@code r' = r keep + tanh(r) scale - shift}, or r itself when disabled.
   */
  private static String bounds(OnnxGraph g, String r, OutputBounds bounds, Standardizer std) {
    if (!bounds.enabled()) {
      return r;
    }
    float[] keep = new float[INPUTS];
    float[] scale = new float[INPUTS];
    float[] shift = new float[INPUTS];
    bounds.coefficients(keep, scale, shift);
    String lin = g.node("Mul", r, g.constant("keep", keep, INPUTS));
    String tanh = g.node("Mul", g.node("Tanh", r), g.constant("scale", scale, INPUTS));
    return g.node("Sub", g.node("Add", lin, tanh), g.constant("shift", shift, INPUTS));
  }

  /** Adds output {@code mse} = mean over the 57 inputs of (x - recon)^2; returns the squared errors (N, 57). */
  private static String mse(OnnxGraph g, String x, String recon) {
    String d = g.node("Sub", x, recon);
    String sq = g.node("Mul", d, d);
    String mse = g.node("ReduceMean", Scores.MSE, List.of(OnnxGraph.attr("keepdims", 0L),
        OnnxGraph.attrs("axes", 1)), sq);
    g.output(mse, "mse = mean over the 57 inputs of (x - recon)^2 [N]", "N");
    return sq;
  }

  /** The convolutional autoencoder of {@link ConvAutoencoder}, layer by layer. */
  private static String conv(OnnxGraph g, ConvAutoencoder block, String x) {
    ConvAeConfig c = block.config();
    float slope = (float) c.negativeSlope();
    String h = g.node("Reshape", x, g.ints("shape", -1, 1, SLOTS, KINEMATIC));
    h = pool(g, leaky(g, conv2d(g, h, child(block, "conv1")), slope));
    h = pool(g, leaky(g, conv2d(g, h, child(block, "conv2")), slope));
    h = g.node("Flatten", null, List.of(OnnxGraph.attr("axis", 1L)), h);
    h = linear(g, h, child(block, "toLatent"), false, 0f);
    h = linear(g, h, child(block, "fromLatent"), true, slope);
    h = g.node("Reshape", h, g.ints("shape", -1, c.filters2(), 3, KINEMATIC));
    h = upsample(g, h, c.filters2(), 3, 7);
    h = leaky(g, conv2d(g, h, child(block, "deconv2")), slope);
    h = upsample(g, h, c.filters1(), 7, SLOTS);
    h = conv2d(g, h, child(block, "deconv1"));
    return g.node("Reshape", h, g.ints("shape", -1, INPUTS));
  }

  /** A child block by the name it was added with (DJL prefixes the names with their index, e.g. "01conv1"). */
  private static Block child(Block parent, String name) {
    for (var p : parent.getChildren()) {
      if (p.getKey().replaceFirst("^[0-9]+", "").equals(name)) {
        return p.getValue();
      }
    }
    throw new IllegalStateException("conv autoencoder has no child block '" + name + "': " + parent.getChildren().keys());
  }

  private static String leaky(OnnxGraph g, String h, float slope) {
    return g.node("LeakyRelu", null, List.of(OnnxGraph.attr("alpha", slope)), h);
  }

  private static float[] values(Block b, String name) {
    return b.getParameters().get(name).getArray().toFloatArray();
  }

  private static String linear(OnnxGraph g, String h, Block lin, boolean act, float slope) {
    float[] w = values(lin, "weight");
    float[] b = values(lin, "bias");
    return dense(g, h, w, b, w.length / b.length, b.length, act, slope);
  }

  /** Conv2d with DJL's weight (F, C, kh, kw), stride 1 and "same" padding (kh/2, kw/2) as ConvAutoencoder builds it. */
  private static String conv2d(OnnxGraph g, String h, Block conv) {
    NDArray w = conv.getParameters().get("weight").getArray();
    long[] s = w.getShape().getShape();
    long kh = s[2];
    long kw = s[3];
    String wc = g.constant("convW", w.toFloatArray(), s);
    String bc = g.constant("convB", values(conv, "bias"), s[0]);
    return g.node("Conv", null, List.of(OnnxGraph.attrs("kernel_shape", kh, kw),
        OnnxGraph.attrs("pads", kh / 2, kw / 2, kh / 2, kw / 2), OnnxGraph.attrs("strides", 1, 1)), h, wc, bc);
  }

  /**
   * Average pool kernel (3,1) stride (3,1), one zero row of padding above and below, counted in the mean:
   * that is what nphunt's conv autoencoder computes. Its block asks DJL's {@code Pool.avgPool2d} for
   * {@code countIncludePad = false}, but DJL 0.35.1 with PyTorch counts the padding whatever the flag
   * (measured on rows 1..19: the first window gives (0 + 1 + 2) / 3 = 1, the last (18 + 19 + 0) / 3).
   */
  private static String pool(OnnxGraph g, String h) {
    return g.node("AveragePool", null, List.of(OnnxGraph.attrs("kernel_shape", 3, 1), OnnxGraph.attrs("strides", 3, 1),
        OnnxGraph.attrs("pads", 1, 0, 1, 0), OnnxGraph.attr("count_include_pad", 1L)), h);
  }

  /** Nearest-neighbour x3 along the rows (each row repeated 3 times in place), then rows 1..rows. */
  private static String upsample(OnnxGraph g, String h, int channels, int inRows, int rows) {
    String u = g.node("Unsqueeze", h, g.ints("axes", 3));
    u = g.node("Expand", u, g.ints("shape", 1, 1, 1, 3, 1));
    u = g.node("Reshape", u, g.ints("shape", -1, channels, 3L * inRows, KINEMATIC));
    return g.node("Slice", u, g.ints("start", 1), g.ints("end", 1 + rows), g.ints("axis2", 2));
  }

  /** Output names of an export of {@code arch} (for documentation and tests). */
  public static List<String> outputs(String arch, Variant v) {
    List<String> o = new ArrayList<>(List.of("x"));
    if (arch.equals(VaeConfig.NAME)) {
      o.add("mu");
      if (v == Variant.FULL) {
        o.addAll(List.of("logVar", "recon", Scores.MSE, Scores.VAE_KL, Scores.VAE_TOTAL));
      }
      o.add(Scores.VAE_MU2);
    } else {
      o.addAll(List.of("recon", Scores.MSE));
    }
    o.add("score");
    return o;
  }
}
