package org.nphunt.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of event schemas by name, each with its default instance (parameterised schemas such as
 * {@link DijetSchema} are re-instantiated by the formats with a file's actual sizes). Adding a data
 * domain is one {@code register} line here plus its schema class.
 */
public final class Schemas {
  private static final Map<String, EventSchema> BY_NAME = new LinkedHashMap<>();

  static {
    register(Adc2021Schema.INSTANCE);
    register(ParticleListSchema.lhco());
    register(TopTaggingSchema.published());
    register(DijetSchema.nphunt(DijetSchema.DEFAULT_CONSTITUENTS));
    register(HlfSchema.full());
  }

  private Schemas() {}

  private static synchronized void register(EventSchema schema) {
    BY_NAME.put(schema.name(), schema);
  }

  /** Registered names in registration order. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** The default instance of a schema; unknown names are an IllegalArgumentException listing the known ones. */
  public static EventSchema byName(String name) {
    EventSchema s = BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException("schema must be one of " + names() + ", found " + name);
    }
    return s;
  }
}
