package org.nphunt.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader changed or assumed while reading (e.g. "phi stored in [0, 2 pi): wrapped to [-pi, pi]
 * from event 12"), one entry per kind, first occurrence kept. Sources expose their notes so that
 * every output's manifest records them. Thread-safe.
 */
public final class Notes {
  private final Map<String, String> byKind = new LinkedHashMap<>();

  /** Records {@code message} under {@code kind} unless that kind was noted already. */
  public synchronized void add(String kind, String message) {
    byKind.putIfAbsent(kind, message);
  }

  /** Whether something of this kind was noted. */
  public synchronized boolean has(String kind) {
    return byKind.containsKey(kind);
  }

  /** Kind -> note, in first-occurrence order (a copy). */
  public synchronized Map<String, String> byKind() {
    return new LinkedHashMap<>(byKind);
  }

  /** All notes in first-occurrence order. */
  public synchronized List<String> all() {
    return new ArrayList<>(byKind.values());
  }
}
