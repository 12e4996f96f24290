package org.nphunt.physics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.Adc2021Truth;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSink;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.json.Json;
import org.nphunt.progress.Progress;
import org.nphunt.random.Seeds;

/**
 * Generates accepted (triggered) events of a {@link CocktailSpec} and streams them, in order, into an
 * {@link EventSink}.
 *
 * <p>Events are produced in fixed chunks of {@link #CHUNK} accepted events; chunk c draws from its own
 * stream {@code Seeds.derive(seed, "generate/<name>", c)}, so the output is identical for any thread
 * count, and at most {@code 2 * threads + 1} chunks are held in memory. For each accepted event the
 * process is drawn from the cocktail's fractions, then that process is generated until one event
 * passes the trigger: the mixture holds among triggered events, and the attempts give each process's
 * trigger efficiency.
 */
public final class EventGenerator {
  /** Version of the physics model; changes whenever the same seed would give different events. */
  public static final String VERSION = "nphunt-generator 1.1";
  /** Accepted events per chunk (the unit of seeding and parallelism). */
  public static final int CHUNK = 10_000;
  /** Consecutive failed attempts after which a process is declared unable to pass the trigger. */
  static final long MAX_FAILURES = 20_000_000L;

  private final CocktailSpec spec;
  private final ProcessGenerator[] generators;
  private final double[] cumulative;
  private final String purpose;
  private final long maxFailures;
  private final HltTruthModel truth;

  public EventGenerator(CocktailSpec spec) {
    this(spec, MAX_FAILURES);
  }

  EventGenerator(CocktailSpec spec, long maxFailures) {
    this.maxFailures = maxFailures;
    this.spec = spec;
    int n = spec.components().size();
    this.generators = new ProcessGenerator[n];
    this.cumulative = new double[n];
    double[] f = spec.normalisedFractions();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      generators[i] = ProcessGenerator.of(spec.components().get(i).process(), spec.detector());
      sum += f[i];
      cumulative[i] = sum;
    }
    cumulative[n - 1] = 1.0;
    this.purpose = "generate/" + spec.name();
    this.truth = new HltTruthModel(TruthSpec.defaults(), spec.detector());
  }

  public CocktailSpec spec() {
    return spec;
  }

  /**
   * Generates {@code events} accepted events and writes them to {@code sink} in chunk order, then
   * records the attributes {@code generator_version}, {@code seed}, {@code process},
   * {@code process_spec} (the cocktail JSON) and {@code process_stats} (JSON list of
   * {@link ProcessStats}). The caller commits the sink.
   *
   * @param threads worker threads (>= 1); the output does not depend on it
   * @param progress advanced by the number of events written (may be null)
   */
  public static GenerationSummary generate(CocktailSpec spec, long events, long seed, int threads,
      EventSink sink, Progress progress) {
    return new EventGenerator(spec).run(events, seed, threads, sink, progress);
  }

  /** Generates a small sample in memory (ProcessId set); for tests and the default dataset of run. */
  public static EventBatch generateBatch(CocktailSpec spec, int events, long seed, int threads) {
    MemoryEventSink sink = MemoryEventSink.collecting();
    generate(spec, events, seed, threads, sink, null);
    return sink.all();
  }

  /** One chunk's events and per-component counts. */
  record Chunk(EventBatch batch, long[] accepted, long[] attempts) {}

  GenerationSummary run(long events, long seed, int threads, EventSink sink, Progress progress) {
    if (events <= 0) {
      throw new IllegalArgumentException("events must be > 0, found " + events);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
    int n = generators.length;
    long[] accepted = new long[n];
    long[] attempts = new long[n];
    long chunks = (events + CHUNK - 1) / CHUNK;
    if (threads == 1) {
      EventKernel kernel = new EventKernel(spec.detector());
      for (long c = 0; c < chunks; c++) {
        emit(chunk(kernel, seed, c, chunkSize(events, c)), sink, progress, accepted, attempts);
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "nphunt-generate");
        t.setDaemon(true);
        return t;
      });
      ThreadLocal<EventKernel> kernels = ThreadLocal.withInitial(() -> new EventKernel(spec.detector()));
      try {
        ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
        long next = 0;
        while (next < chunks || !inFlight.isEmpty()) {
          while (next < chunks && inFlight.size() < 2 * threads) {
            long c = next++;
            int size = chunkSize(events, c);
            inFlight.add(pool.submit(() -> chunk(kernels.get(), seed, c, size)));
          }
          emit(await(inFlight.poll()), sink, progress, accepted, attempts);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<ProcessStats> stats = new ArrayList<>();
    double[] f = spec.normalisedFractions();
    for (int i = 0; i < n; i++) {
      ProcessSpec p = generators[i].spec();
      stats.add(ProcessStats.of(p.name(), p.processId(), f[i], accepted[i], attempts[i], generators[i].sampledFraction()));
    }
    GenerationSummary summary = new GenerationSummary(spec.name(), events, seed, VERSION, List.copyOf(stats));
    sink.attribute("generator_version", VERSION);
    sink.attribute("seed", Long.toString(seed));
    sink.attribute("process", spec.name());
    sink.attribute("process_spec", Json.write(spec));
    sink.attribute("process_stats", Json.write(stats));
    sink.attribute("truth_spec", Json.write(truth.spec()));
    return summary;
  }

  private static int chunkSize(long events, long c) {
    return (int) Math.min(CHUNK, events - c * CHUNK);
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

  private static void emit(Chunk c, EventSink sink, Progress progress, long[] accepted, long[] attempts) {
    sink.write(c.batch());
    for (int i = 0; i < accepted.length; i++) {
      accepted[i] += c.accepted()[i];
      attempts[i] += c.attempts()[i];
    }
    if (progress != null) {
      progress.step(c.batch().size());
    }
  }

  /**
   * Generates chunk {@code index} of {@code size} accepted events with its own random stream; the truth
   * columns ({@link org.nphunt.data.Adc2021Truth}) come from a second stream of the chunk, so the events
   * are the same with or without them.
   */
  Chunk chunk(EventKernel k, long seed, long index, int size) {
    SplittableRandom r = new SplittableRandom(Seeds.derive(seed, purpose, index));
    SplittableRandom rt = new SplittableRandom(Seeds.derive(seed, purpose + "/truth", index));
    HltTruthModel.Columns tc = new HltTruthModel.Columns(size);
    k.r = r;
    int n = generators.length;
    long[] accepted = new long[n];
    long[] attempts = new long[n];
    double[] particles = new double[size * Adc2021.VALUES_PER_EVENT];
    int[] pid = new int[size];
    for (int e = 0; e < size; e++) {
      int c = 0;
      if (n > 1) {
        double u = r.nextDouble();
        while (u >= cumulative[c]) {
          c++;
        }
      }
      ProcessGenerator g = generators[c];
      int base = e * Adc2021.VALUES_PER_EVENT;
      long failures = 0;
      while (true) {
        attempts[c]++;
        k.reset();
        if (g.generate(k) && k.reconstruct(particles, base)) {
          break;
        }
        if (++failures >= maxFailures) {
          throw new NphuntException("process " + g.spec().name() + ": no event passed the trigger in "
              + maxFailures + " attempts; check its spec (mass, decay) against the trigger threshold");
        }
      }
      accepted[c]++;
      pid[e] = g.spec().processId();
      truth.fill(k, particles, base, rt, tc, e);
    }
    EventBatch batch = new EventBatch(particles, size, null, pid);
    batch.setColumn(Adc2021Truth.LEP_ISO_CH, tc.isoCh);
    batch.setColumn(Adc2021Truth.LEP_ISO_NEU, tc.isoNeu);
    batch.setColumn(Adc2021Truth.LEP_ISO_GAMMA, tc.isoGamma);
    batch.setColumn(Adc2021Truth.LEP_CHARGE, tc.charge);
    batch.setColumn(Adc2021Truth.JET_BTAG, tc.bTag);
    batch.setColumn(Adc2021Truth.N_CH_HAD, tc.nChHad);
    batch.setColumn(Adc2021Truth.N_NEU_HAD, tc.nNeuHad);
    return new Chunk(batch, accepted, attempts);
  }
}
