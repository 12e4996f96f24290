package org.nphunt.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A random-access, chunked source of events of one {@link EventSchema}: an HDF5 file of any supported
 * format, an in-memory block, a generator.
 *
 * <p>Consumers read bounded blocks ({@link #read}) so that a dataset larger than the heap streams
 * through. Implementations validate what they hand out ({@link EventSchema#validate}) and report
 * problems as {@link org.nphunt.NphuntException} naming the source and event index; what they
 * normalised on the way is in {@link #notes()}.
 */
public interface EventSource extends AutoCloseable {
  /** The schema of the blocks this source returns. */
  EventSchema schema();

  /** Total number of events. */
  long size();

  /** Reads events [start, start + count) into a new block of {@link #schema()}. */
  Events read(long start, int count);

  /** A short description for messages and manifests, e.g. the file path. */
  String name();

  /** Whether the blocks carry the named per-event column. */
  default boolean hasColumn(String column) {
    return false;
  }

  /** Whether the source carries a per-event {@code ProcessId}. */
  default boolean hasProcessId() {
    return hasColumn(Adc2021.PROCESS_ID);
  }

  /** Whether the source carries a per-event {@code EvtId}. */
  default boolean hasEvtId() {
    return hasColumn(Adc2021.EVT_ID);
  }

  /** What the source normalised or assumed so far (for manifests); empty by default. */
  default List<String> notes() {
    return List.of();
  }

  /**
   * {@link #notes()} by kind (e.g. "wrap:Particles:Phi"), in first-occurrence order: one note per kind,
   * the first occurrence kept, so that notes of sources reading parts of one file (e.g. tasks of a Spark
   * job) merge into the notes of one reader reading it all. By default each note is its own kind.
   */
  default Map<String, String> notesByKind() {
    Map<String, String> m = new LinkedHashMap<>();
    notes().forEach(n -> m.put(n, n));
    return m;
  }

  @Override
  void close();
}
