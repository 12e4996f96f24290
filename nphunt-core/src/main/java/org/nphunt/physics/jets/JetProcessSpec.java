package org.nphunt.physics.jets;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A declarative, validated hard process of the jet-level generator (JSON: an object with a {@code type}
 * field naming the kind). Every kind has a name (random streams and statistics are keyed by it), a
 * {@code processId} (written per event) and a truth {@code label} (0 background, 1 signal). Numbers
 * given as 0 or omitted take the documented defaults.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = QcdDijetSpec.class, name = "qcd-dijet"),
    @JsonSubTypes.Type(value = WprimeSpec.class, name = "wprime-xy"),
    @JsonSubTypes.Type(value = GravitonSpec.class, name = "graviton-ww"),
    @JsonSubTypes.Type(value = TopPairSpec.class, name = "top-pair"),
    @JsonSubTypes.Type(value = DarkShowerSpec.class, name = "dark-shower")})
public sealed interface JetProcessSpec permits QcdDijetSpec, WprimeSpec, GravitonSpec, TopPairSpec, DarkShowerSpec {
  /** Short name, 1-40 characters [A-Za-z0-9_+.-]. */
  String name();

  /** Per-event ProcessId, &gt;= 0. */
  int processId();

  /** Truth label per event: 0 background, 1 signal. */
  int label();

  /** Checks the fields shared by every kind (called from the compact constructors). */
  static void checkCommon(String name, int processId, int label) {
    if (name == null || !name.matches("[A-Za-z0-9_+.-]{1,40}")) {
      throw new IllegalArgumentException("process name must be 1-40 characters [A-Za-z0-9_+.-], found " + name);
    }
    if (processId < 0) {
      throw new IllegalArgumentException("process " + name + ": processId must be >= 0, found " + processId);
    }
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("process " + name + ": label must be 0 (background) or 1 (signal), found " + label);
    }
  }

  /** A finite positive number check with a one-line message. */
  static void positive(String process, String field, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("process " + process + ": " + field + " must be > 0, found " + v);
    }
  }
}
