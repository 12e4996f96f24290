package org.nphunt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.deploy.onnx.OnnxExport;
import org.nphunt.io.AtomicOutput;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nphunt export}: a trained dense AE, VAE or conv AE as one ONNX file from the raw events to the
 * scores ({@link OnnxExport}; issue 17). The file is written under a temporary name and renamed when
 * complete; its metadata_props carry the model name, nphunt version, input definition, preprocessing,
 * score name and the command's manifest (key {@code nphunt.manifest}: inputs with SHA-256, version, git
 * revision, time).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a trained dense, vae or conv model as ONNX (IR 8, opset 17): input the raw ADC2021 events",
        "float32 [N,19,4] (pT GeV, eta, phi rad, class id per slot), the standardisation as ONNX nodes, outputs the",
        "standardised inputs x, the reconstruction and nphunt's scores (mse; vae_kl, vae_total, vae_mu2) and 'score'.",
        "With --encoder-only (vae) only the encoder: mu and vae_mu2, the AXOL1TL score."})
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model folder written by 'nphunt train' or 'nphunt run'.")
  Path model;

  @Option(names = "--format", defaultValue = "onnx", description = "Output format; onnx (default) is the only one.")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "File to write, e.g. model.onnx.")
  Path out;

  @Option(names = "--encoder-only", description = "VAE only: export the encoder (mu, vae_mu2), not the decoder.")
  boolean encoderOnly;

  @Option(names = "--force", description = "Replace --out.")
  boolean force;

  @Override
  public Integer call() {
    if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
      throw new ParameterException(spec.commandLine(), "--format must be onnx, found " + format);
    }
    // --force replaces only an earlier export, never the model's own files or someone's data
    new org.nphunt.io.OutputRules("an ONNX file written by nphunt export", OutputChecks::isExportedOnnx,
        List.of(model.resolve(ModelFile.FILE_NAME), model.resolve(ModelFile.WEIGHTS_NAME))).check(out, force, false);
    // refuse other architectures before loading their weights
    ModelFile mf = ModelFile.read(model);
    String arch = mf.training().architecture().architecture();
    String name = model.toAbsolutePath().normalize().getFileName().toString();
    if (!OnnxExport.SUPPORTED.contains(arch)) {
      throw new NphuntException(model + ": a '" + arch + "' model cannot be exported; ONNX export supports "
          + String.join(", ", OnnxExport.SUPPORTED));
    }
    OnnxExport.Variant variant = encoderOnly ? OnnxExport.Variant.ENCODER_ONLY : OnnxExport.Variant.FULL;
    try (LoadedModel m = LoadedModel.load(model)) {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("format", "onnx");
      options.put("encoderOnly", encoderOnly);
      Manifest man = Manifest.create("export", null, options,
          List.of(model.resolve(ModelFile.FILE_NAME), model.resolve(mf.weights())));
      Map<String, String> extra = new LinkedHashMap<>();
      try {
        extra.put("nphunt.manifest", Json.mapper().writeValueAsString(man));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise the manifest", e);
      }
      OnnxExport.Result r = OnnxExport.export(m, name, variant, extra);
      AtomicOutput.writeBytes(out, r.bytes(), force);
      spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%s%s, %,d bytes): input events [N,19,4]; outputs %s;"
          + " score = %s%n", out, arch, encoderOnly ? " encoder" : "", r.bytes().length, String.join(", ", r.outputs()),
          r.scoreName());
    }
    return 0;
  }
}
