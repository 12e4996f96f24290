package org.nphunt.physics.jets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSink;
import org.nphunt.data.Events;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.jet.dijet.DijetFeatures;
import org.nphunt.json.Json;
import org.nphunt.physics.jets.hard.TwoToTwoSampler;
import org.nphunt.progress.Progress;
import org.nphunt.random.Seeds;

/**
 * Generates selected events of a {@link JetCocktailSpec} and streams them, in order, into an
 * {@link EventSink} of LHC Olympics particle lists ({@link ParticleListSchema}: (pT, eta, phi) x
 * maxParticles, zero-padded, with {@code label} and {@code ProcessId}) and/or one of dijet events
 * ({@link DijetSchema#nphunt(int)}: the two leading jets' constituents and features computed by
 * {@link DijetFeatures} with the cocktail's clustering, with {@code ProcessId}, {@code truth_label},
 * {@code EvtId}).
 *
 * <p>Events come in chunks of {@link #CHUNK} selected events; chunk c draws from its own stream
 * {@code Seeds.derive(seed, "jetgen/<name>", c)}, so the output is identical for any thread count, and at
 * most {@code 2 * threads + 1} chunks are in memory. For each selected event the process is drawn from the
 * cocktail's fractions, then generated (hard process, showers, hadronisation, detector) until one event
 * passes the selection: the mixture holds among selected events and the attempts give each process's
 * selection efficiency. Sampling tables are built once per process and shared by the threads.
 *
 * <pre>{@code
 * JetCocktailSpec spec = JetProcesses.resolve("qcd-dijet");
 * JetGenerationSummary s = JetGenerator.generate(spec, 1_000_000, 1, 2, particleSink, null, progress);
 * }</pre>
 */
public final class JetGenerator {
  /** Version of the physics model; changes whenever the same seed would give different events. */
  public static final String VERSION = "nphunt-jetgen 1.0";
  /** Selected events per chunk (the unit of seeding and parallelism). */
  public static final int CHUNK = 1000;
  /** Consecutive failed attempts after which a process is declared unable to pass the selection. */
  static final long MAX_FAILURES = 100_000;

  private final JetCocktailSpec spec;
  private final int chunk;
  private final JetProcess[] processes;
  private final double[] cumulative;
  private final String purpose;
  private final DijetSchema dijetSchema;
  private final int[] featureIndex;

  /** Builds (or fetches from the cache) every process's sampling tables: about a second per new process. */
  public JetGenerator(JetCocktailSpec spec) {
    this(spec, CHUNK);
  }

  /** With another chunk size (tests: several chunks from few events). */
  JetGenerator(JetCocktailSpec spec, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, found " + chunk);
    }
    this.chunk = chunk;
    this.spec = spec;
    this.processes = JetEventKernel.processesOf(spec);
    int n = processes.length;
    this.cumulative = new double[n];
    double[] f = spec.normalisedFractions();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += f[i];
      cumulative[i] = sum;
    }
    cumulative[n - 1] = 1.0;
    this.purpose = "jetgen/" + spec.name();
    this.dijetSchema = DijetSchema.nphunt(Math.max(1, spec.clustering().maxConstituents()));
    List<String> names = dijetSchema.eventFeatures();
    this.featureIndex = new int[names.size()];
    for (int i = 0; i < featureIndex.length; i++) {
      featureIndex[i] = DijetFeatures.FEATURE_NAMES.indexOf(names.get(i));
      if (featureIndex[i] < 0) {
        throw new IllegalStateException("dijet feature " + names.get(i) + " is not computed by DijetFeatures");
      }
    }
  }

  public JetCocktailSpec spec() {
    return spec;
  }

  /** The schema of the particle output: {@code ParticleListSchema(maxParticles)}. */
  public ParticleListSchema particleSchema() {
    return new ParticleListSchema(spec.maxParticles());
  }

  /** The schema of the dijet output: {@code DijetSchema.nphunt(clustering.maxConstituents())}. */
  public DijetSchema dijetSchema() {
    return dijetSchema;
  }

  /**
   * Generates {@code events} selected events of {@code spec}: see {@link #run}.
   */
  public static JetGenerationSummary generate(JetCocktailSpec spec, long events, long seed, int threads,
      EventSink particles, EventSink dijets, Progress progress) {
    return new JetGenerator(spec).run(events, seed, threads, particles, dijets, progress);
  }

  /** A small sample of particle-list events in memory (label and ProcessId set); for tests and studies. */
  public static Events generateParticles(JetCocktailSpec spec, int events, long seed, int threads) {
    MemoryEventSink sink = MemoryEventSink.collecting();
    generate(spec, events, seed, threads, sink, null, null);
    return sink.allEvents();
  }

  /** A small sample of dijet events in memory; for tests and studies. */
  public static Events generateDijets(JetCocktailSpec spec, int events, long seed, int threads) {
    MemoryEventSink sink = MemoryEventSink.collecting();
    generate(spec, events, seed, threads, null, sink, null);
    return sink.allEvents();
  }

  /** One chunk's output and per-component counters. */
  record Chunk(Events particles, Events dijets, long[] accepted, long[] generated, long[] trials, double[] sumW,
      double[] sumW2, long[] overweights) {}

  /** Per-thread state: the kernel, the dijet builder and the row buffer. */
  private final class Worker {
    final JetEventKernel kernel = new JetEventKernel(spec, processes);
    final DijetFeatures features = new DijetFeatures(spec.clustering());
    final double[] featureRow = new double[DijetFeatures.N_FEATURES];
    final float[] constituentRow = new float[6 * Math.max(1, spec.clustering().maxConstituents())];
  }

  /**
   * Generates {@code events} selected events and writes them to the sinks in chunk order (either sink
   * may be null, not both), then records on each sink the attributes {@code generator_version},
   * {@code seed}, {@code process}, {@code process_spec} (the cocktail as JSON) and {@code process_stats}
   * (JSON list of {@link JetProcessStats}). The caller commits the sinks.
   *
   * @param threads worker threads (&gt;= 1); the output does not depend on it
   * @param progress advanced by the number of events written (may be null)
   */
  public JetGenerationSummary run(long events, long seed, int threads, EventSink particles, EventSink dijets,
      Progress progress) {
    if (events <= 0) {
      throw new IllegalArgumentException("events must be > 0, found " + events);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
    if (particles == null && dijets == null) {
      throw new IllegalArgumentException("at least one sink (particles or dijets) must be given");
    }
    int n = processes.length;
    long[] accepted = new long[n];
    long[] generated = new long[n];
    long[] trials = new long[n];
    double[] sumW = new double[n];
    double[] sumW2 = new double[n];
    long[] overweights = new long[n];
    long chunks = (events + chunk - 1) / chunk;
    boolean wantParticles = particles != null;
    boolean wantDijets = dijets != null;
    if (threads == 1) {
      Worker w = new Worker();
      for (long c = 0; c < chunks; c++) {
        emit(chunk(w, seed, c, chunkSize(events, c), wantParticles, wantDijets), particles, dijets, progress,
            accepted, generated, trials, sumW, sumW2, overweights);
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "nphunt-jetgen");
        t.setDaemon(true);
        return t;
      });
      ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
      try {
        ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
        long next = 0;
        while (next < chunks || !inFlight.isEmpty()) {
          while (next < chunks && inFlight.size() < 2 * threads) {
            long c = next++;
            int size = chunkSize(events, c);
            inFlight.add(pool.submit(() -> chunk(workers.get(), seed, c, size, wantParticles, wantDijets)));
          }
          emit(await(inFlight.poll()), particles, dijets, progress, accepted, generated, trials, sumW, sumW2,
              overweights);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<JetProcessStats> stats = new ArrayList<>();
    double[] f = spec.normalisedFractions();
    for (int i = 0; i < n; i++) {
      JetProcessSpec p = processes[i].spec;
      double eff = generated[i] > 0 ? (double) accepted[i] / generated[i] : 0;
      Double xs = null;
      Double xsErr = null;
      Double sel = null;
      if (processes[i].hasCrossSection() && trials[i] > 0) {
        double mean = sumW[i] / trials[i];
        double var = Math.max(0, sumW2[i] / trials[i] - mean * mean);
        xs = mean * TwoToTwoSampler.GEV2_TO_PB;
        xsErr = Math.sqrt(var / trials[i]) * TwoToTwoSampler.GEV2_TO_PB;
        sel = xs * eff;
      }
      stats.add(new JetProcessStats(p.name(), p.processId(), p.label(), f[i], accepted[i], generated[i], eff, trials[i],
          overweights[i], xs, xsErr, sel));
    }
    JetGenerationSummary summary = new JetGenerationSummary(spec.name(), events, seed, VERSION, List.copyOf(stats));
    for (EventSink sink : new EventSink[] {particles, dijets}) {
      if (sink != null) {
        sink.attribute("generator_version", VERSION);
        sink.attribute("seed", Long.toString(seed));
        sink.attribute("process", spec.name());
        sink.attribute("process_spec", Json.write(spec));
        sink.attribute("process_stats", Json.write(stats));
      }
    }
    return summary;
  }

  private int chunkSize(long events, long c) {
    return (int) Math.min(chunk, events - c * chunk);
  }

  private static Chunk await(Future<Chunk> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("generation interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static void emit(Chunk c, EventSink particles, EventSink dijets, Progress progress, long[] accepted,
      long[] generated, long[] trials, double[] sumW, double[] sumW2, long[] overweights) {
    if (particles != null) {
      particles.write(c.particles());
    }
    if (dijets != null) {
      dijets.write(c.dijets());
    }
    for (int i = 0; i < accepted.length; i++) {
      accepted[i] += c.accepted()[i];
      generated[i] += c.generated()[i];
      trials[i] += c.trials()[i];
      sumW[i] += c.sumW()[i];
      sumW2[i] += c.sumW2()[i];
      overweights[i] += c.overweights()[i];
    }
    if (progress != null) {
      progress.step(c.accepted().length == 0 ? 0 : Arrays.stream(c.accepted()).sum());
    }
  }

  /** Generates chunk {@code index} of {@code size} selected events with its own random stream. */
  private Chunk chunk(Worker w, long seed, long index, int size, boolean wantParticles, boolean wantDijets) {
    SplittableRandom r = new SplittableRandom(Seeds.derive(seed, purpose, index));
    JetEventKernel k = w.kernel;
    k.setRandom(r);
    int n = processes.length;
    long[] accepted = new long[n];
    long[] generated = new long[n];
    long[] trials = new long[n];
    double[] sumW = new double[n];
    double[] sumW2 = new double[n];
    long[] overweights = new long[n];
    int rows = spec.maxParticles();
    int perEvent = 3 * rows;
    ParticleListSchema ps = particleSchema();
    Events particleBlock = wantParticles ? Events.zeros(ps, size) : null;
    double[] scratch = wantParticles ? null : new double[perEvent];
    Events dijetBlock = wantDijets ? Events.zeros(dijetSchema, size) : null;
    int[] label = new int[size];
    int[] pid = new int[size];
    for (int e = 0; e < size; e++) {
      int c = 0;
      if (n > 1) {
        double u = r.nextDouble();
        while (u >= cumulative[c]) {
          c++;
        }
      }
      JetProcess.Worker pw = k.worker(c);
      pw.reset();
      double[] out = wantParticles ? particleBlock.tensor(0) : scratch;
      int offset = wantParticles ? e * perEvent : 0;
      long failures = 0;
      int count;
      while (true) {
        generated[c]++;
        k.generateParticles(c);
        Arrays.fill(out, offset, offset + perEvent, 0.0);
        count = k.detect(out, offset, rows);
        if (k.select(out, offset, count)) {
          break;
        }
        if (++failures >= MAX_FAILURES) {
          throw new NphuntException("process " + processes[c].spec.name() + ": no event passed the selection in "
              + MAX_FAILURES + " attempts; check its spec (mass, pT-hat) against the selection " + spec.selection());
        }
      }
      trials[c] += pw.trials;
      sumW[c] += pw.sumW;
      sumW2[c] += pw.sumW2;
      overweights[c] += pw.overweights;
      accepted[c]++;
      pid[e] = processes[c].spec.processId();
      label[e] = processes[c].spec.label();
      if (wantDijets) {
        fillDijet(w, out, offset, rows, dijetBlock, e);
      }
    }
    if (wantParticles) {
      particleBlock.setColumn(ParticleListSchema.LABEL, label);
      particleBlock.setColumn(Adc2021.PROCESS_ID, pid);
    }
    if (wantDijets) {
      dijetBlock.setColumn(Adc2021.PROCESS_ID, pid.clone());
      dijetBlock.setColumn(DijetSchema.TRUTH_LABEL, label.clone());
      long[] evtId = new long[size];
      for (int e = 0; e < size; e++) {
        evtId[e] = index * chunk + e;
      }
      dijetBlock.setColumn(Adc2021.EVT_ID, evtId);
    }
    return new Chunk(particleBlock, dijetBlock, accepted, generated, trials, sumW, sumW2, overweights);
  }

  private void fillDijet(Worker w, double[] rows, int offset, int nRows, Events block, int e) {
    w.features.compute(rows, offset, nRows, w.featureRow, 0, w.constituentRow, 0);
    double[] feats = block.tensor(DijetSchema.EVENT_FEATURES);
    int nf = featureIndex.length;
    for (int i = 0; i < nf; i++) {
      feats[e * nf + i] = w.featureRow[featureIndex[i]];
    }
    double[] cons = block.tensor(DijetSchema.CONSTITUENTS);
    int per = 6 * dijetSchema.constituents();
    int have = Math.min(per, w.constituentRow.length);
    for (int i = 0; i < have; i++) {
      cons[e * per + i] = w.constituentRow[i];
    }
  }
}
