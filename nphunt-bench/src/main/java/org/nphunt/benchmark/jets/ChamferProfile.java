package org.nphunt.benchmark.jets;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nphunt.benchmark.Machine;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.io.AtomicOutput;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.json.Json;
import org.nphunt.model.ChamferVaeConfig;
import org.nphunt.objective.Chamfer;
import org.nphunt.preprocess.JetConstituents;
import org.nphunt.random.Seeds;

/**
 * Profile of the Chamfer distance of a chamfer-vae training step (issue 12): CPU milliseconds of the
 * training thread per batch of B jets (C = 100 constituents, 3 features) for the nearest-neighbour
 * search by the batched product in libtorch ({@link Chamfer#nearestBatched}, all C x C pairs of every
 * jet, twice) and by one CPU pass over the real pairs ({@link Chamfer#nearest}), and for the whole
 * differentiable distance, forward and backward: as before ({@link Chamfer#distanceGathered}: batched
 * search, gathers) and now ({@link Chamfer#distance}: CPU pass, quadratic form).
 * Jets: toy QCD ({@link ToyDijets}, as {@link ChamferVaeComparison}) standardised by
 * {@link JetConstituents}; reconstructions: Gaussian noise in every slot (a decoder fills all C slots; the
 * cost does not depend on the values). The ratio to the whole step comes from ChamferVaeComparison's
 * jets per CPU second (step ms = 1000 B / rate).
 *
 * <p>Run: {@code java -cp nphunt.jar:nphunt-bench.jar org.nphunt.benchmark.jets.ChamferProfile --out DIR
 * [--force] [--jets 20000] [--batch 256] [--repeats 3] [--seed 1]}; writes DIR/chamfer-profile.json and
 * prints a table. Median over repeats of the mean over the batches.
 */
public final class ChamferProfile {
  private ChamferProfile() {}

  /** The result: milliseconds of thread CPU per batch, by part, and the mean number of real constituents. */
  public record Result(String startedUtc, Machine machine, int jets, int batch, int repeats, double meanReal,
      Map<String, Double> cpuMsPerBatch, double loadStart, double loadEnd) {}

  public static void main(String[] args) {
    Map<String, String> a = Args.parse(args);
    Path out = Path.of(Args.required(a, "out"));
    boolean force = a.containsKey("force");
    AtomicOutput.checkTarget(out.resolve("chamfer-profile.json"), force);
    int jets = Integer.parseInt(a.getOrDefault("jets", "20000"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "256"));
    int repeats = Integer.parseInt(a.getOrDefault("repeats", "3"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    if (jets < batch || batch < 1 || repeats < 1) {
      throw new IllegalArgumentException("need jets >= batch >= 1 and repeats >= 1, found " + jets + ", " + batch + ", "
          + repeats);
    }
    String started = java.time.Instant.now().toString();
    double l0 = Machine.loadAverage()[0];
    ChamferVaeConfig arch = ChamferVaeConfig.defaults();
    int c = arch.constituents();
    int events = jets / 2;
    Events qcd = ToyDijets.qcd().dijets(events, seed, new DijetConfig(1.0, 0, c, 0.1, 0));
    JetConstituents pre = JetConstituents.fit(new InMemoryEventSource(qcd, "toy-qcd"), null, 65_536, c, arch.ptFraction());
    float[][] buf = {new float[events * 2 * c * 3], new float[events * 2 * c]};
    pre.apply(qcd, 0, events, buf, 0);
    double real = 0;
    for (float v : buf[1]) {
      real += v;
    }
    SplittableRandom r = Seeds.random(seed, "chamfer-profile/recon", 0);
    float[] recon = new float[batch * c * 3];
    for (int i = 0; i < recon.length; i++) {
      recon[i] = (float) r.nextGaussian();
    }
    int batches = jets / batch;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[] parts = {"nearest, batched product (libtorch, before)", "nearest, CPU pass over real pairs (now)",
        "distance forward + backward, gathered (before)", "distance forward + backward, quadratic form (now)"};
    Map<String, double[]> ms = new LinkedHashMap<>();
    for (String p : parts) {
      ms.put(p, new double[repeats]);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray y0 = m.create(recon, new Shape(batch, c, 3));
      for (int rep = -1; rep < repeats; rep++) { // rep -1: warm-up
        for (int p = 0; p < parts.length; p++) {
          long t = threads.getCurrentThreadCpuTime();
          for (int b = 0; b < batches; b++) {
            try (NDManager sub = m.newSubManager()) {
              float[] xs = java.util.Arrays.copyOfRange(buf[0], b * batch * c * 3, (b + 1) * batch * c * 3);
              float[] ms1 = java.util.Arrays.copyOfRange(buf[1], b * batch * c, (b + 1) * batch * c);
              NDArray x = sub.create(xs, new Shape(batch, c, 3));
              NDArray mask = sub.create(ms1, new Shape(batch, c));
              NDArray y = y0.duplicate();
              y.attach(sub);
              if (p == 0) {
                NDArray[] idx = Chamfer.nearestBatched(x, y, mask);
                idx[0].toLongArray(); // materialise
              } else if (p == 1) {
                Chamfer.nearest(x, y, mask);
              } else {
                y.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                  gc.backward((p == 2 ? Chamfer.distanceGathered(x, y, mask) : Chamfer.distance(x, y, mask)).mean());
                }
                y.getGradient().toFloatArray();
              }
            }
          }
          if (rep >= 0) {
            ms.get(parts[p])[rep] = (threads.getCurrentThreadCpuTime() - t) / 1e6 / batches;
          }
        }
      }
    }
    Map<String, Double> med = new LinkedHashMap<>();
    ms.forEach((k, v) -> med.put(k, org.nphunt.benchmark.Stats.of(v).median()));
    Result res = new Result(started, Machine.current(), jets, batch, repeats, real / (2.0 * events), med, l0,
        Machine.loadAverage()[0]);
    AtomicOutput.writeString(out.resolve("chamfer-profile.json"), Json.write(res) + "\n", force);
    System.out.printf(Locale.ROOT, "%d toy QCD jets, batch %d, C = %d, mean real constituents %.1f, load %.2f -> %.2f%n",
        jets, batch, c, res.meanReal(), l0, res.loadEnd());
    System.out.println("| part | CPU ms per batch (median of " + repeats + ") |");
    System.out.println("|---|---:|");
    med.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %.2f |%n", k, v));
  }
}
