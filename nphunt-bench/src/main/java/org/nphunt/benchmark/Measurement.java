package org.nphunt.benchmark;

import java.util.List;
import java.util.Map;

/**
 * One benchmark figure: its timed samples, their summary and the memory and load around it.
 *
 * @param suite generator, hdf5, train, score
 * @param name what was measured, e.g. "write gzip4 float32" or "dense batch 1024"
 * @param parameters the settings that define it (threads, batch, events per repeat, ...)
 * @param unit unit of the samples, e.g. "events/s" or "us"
 * @param samples the timed repeats (warm-up excluded), in run order
 * @param stats their summary
 * @param extra other medians over the same repeats (e.g. MB/s, events per CPU-second)
 * @param memory peak heap and resident memory over warm-up and repeats
 * @param loadStart 1-minute load average before the warm-up
 * @param loadEnd 1-minute load average after the last repeat
 * @param seconds wall time of warm-up plus repeats
 */
public record Measurement(String suite, String name, Map<String, Object> parameters, String unit, List<Double> samples,
    Stats stats, Map<String, Double> extra, MemoryProbe.Peak memory, double loadStart, double loadEnd, double seconds) {
  public Measurement {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    samples = List.copyOf(samples);
    extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
  }
}
