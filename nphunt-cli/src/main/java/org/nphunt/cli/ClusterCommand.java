package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nphunt.cluster.ClusterConfig;
import org.nphunt.cluster.DijetClustering;
import org.nphunt.data.EventSource;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.io.AtomicOutput;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nphunt cluster}: particle-level events (LHC Olympics layout) to dijet events
 * ({@link DijetClustering}). Thin: parses options and calls the library.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Cluster particle-level events (the LHC Olympics 2020 layout, /df/block0_values) into jets and write"
          + " nphunt's dijet layout: the two leading jets' kinematics, mJJ, N-subjettiness tau_1..3, soft-drop"
          + " masses and up to C constituents per jet (eta, phi relative to the jet axis, pT). The output is the"
          + " same for any --threads; it is written under a temporary name and renamed when complete."
    })
public final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Particle-level HDF5 file.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "DIJETS.h5", description = "Output file (dijet layout).")
  Path out;

  @Option(names = "--algorithm", defaultValue = "antikt", paramLabel = "antikt|kt|ca",
      description = "Jet algorithm (default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--R", defaultValue = "1.0", paramLabel = "R", description = "Jet radius (default: ${DEFAULT-VALUE}).")
  double r;

  @Option(names = "--constituents", defaultValue = "100", paramLabel = "C",
      description = "Constituents kept per jet (default: ${DEFAULT-VALUE}).")
  int constituents;

  @Option(names = "--threads", description = "Clustering threads (default: all cores); does not change the output.")
  Integer threads;

  @Option(names = "--force", description = "Replace an existing output file.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    ClusterConfig config = new ClusterConfig(algorithm, r, constituents,
        threads == null ? Runtime.getRuntime().availableProcessors() : threads, ClusterConfig.defaults().blockEvents());
    // --force replaces an earlier clustered file only: never the input itself (cluster --in f --out f --force
    // used to replace the particle file by its own dijets), nor a file nphunt cluster did not write
    new org.nphunt.io.OutputRules("a dijet file written by nphunt cluster", OutputChecks::isClusteredDijetFile,
        List.of(in)).check(out, force, false);
    AtomicOutput.checkTarget(out, force);
    try (EventSource source = EventFiles.open(in)) {
      String manifest = Json.write(Manifest.create("cluster", null, config, List.of(in)));
      DijetClustering.Result r = DijetClustering.run(source, out, config, force, manifest);
      stdout.printf(Locale.ROOT, "clustered %,d events (%,d with fewer than two jets) in %.1f s -> %s%n", r.events(),
          r.fewerThanTwoJets(), r.seconds(), r.out());
      stdout.flush();
    }
    return 0;
  }
}
