package org.nphunt.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of preprocessing types: JSON type name -> record class, so that a model file rebuilds
 * the right {@link Preprocessing}. Adding a preprocessing is one {@code register} line here.
 */
public final class Preprocessings {
  private static final Map<String, Class<? extends Preprocessing>> BY_NAME = new LinkedHashMap<>();

  static {
    register(Standardizer.TYPE, Standardizer.class);
    register(JetConstituents.TYPE, JetConstituents.class);
    register(JetImageInput.TYPE, JetImageInput.class);
    register(JetMassTarget.TYPE, JetMassTarget.class);
    register(HlfStandardizer.TYPE, HlfStandardizer.class);
    register(LabelledHlf.TYPE, LabelledHlf.class);
    register(JetFourVectors.TYPE, JetFourVectors.class);
  }

  private Preprocessings() {}

  private static synchronized void register(String name, Class<? extends Preprocessing> type) {
    BY_NAME.put(name, type);
  }

  /** Registered types by JSON name, in registration order. */
  public static synchronized Map<String, Class<? extends Preprocessing>> types() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(BY_NAME));
  }

  /** The JSON type name of a preprocessing class. */
  public static synchronized String nameOf(Class<?> type) {
    for (var e : BY_NAME.entrySet()) {
      if (e.getValue().equals(type)) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("unregistered preprocessing " + type.getName());
  }
}
