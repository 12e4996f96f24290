package org.nphunt.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nphunt.json.Json;

/**
 * The registry of autoencoder architectures: name -> config record and its defaults. JSON written
 * by {@link #mapper()} tags every {@link ArchitectureConfig} with {@code "type": "<name>"} so a model
 * file knows which record to rebuild.
 *
 * <p>Adding an architecture is one {@code register} line in the static block below.
 */
public final class Architectures {
  private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

  /** A registered architecture. */
  public record Entry(String name, Class<? extends ArchitectureConfig> type, Supplier<? extends ArchitectureConfig> defaults) {}

  static {
    register(DenseAeConfig.NAME, DenseAeConfig.class, DenseAeConfig::defaults);
    register(VaeConfig.NAME, VaeConfig.class, VaeConfig::defaults);
    register(ConvAeConfig.NAME, ConvAeConfig.class, ConvAeConfig::defaults);
    register(TransformerAeConfig.NAME, TransformerAeConfig.class, TransformerAeConfig::defaults);
    register(ChamferVaeConfig.NAME, ChamferVaeConfig.class, ChamferVaeConfig::defaults);
    register(JetImageAeConfig.NAME, JetImageAeConfig.class, JetImageAeConfig::defaults);
    register(DecorrelatedConfig.NAME, DecorrelatedConfig.class, DecorrelatedConfig::defaults);
    register(LolaAeConfig.NAME, LolaAeConfig.class, LolaAeConfig::defaults);
    register(RecurrentAeConfig.NAME, RecurrentAeConfig.class, RecurrentAeConfig::defaults);
    register(HlfVaeConfig.NAME, HlfVaeConfig.class, HlfVaeConfig::defaults);
    register(HlfClassifierConfig.NAME, HlfClassifierConfig.class, HlfClassifierConfig::defaults);
  }

  private static volatile ObjectMapper mapper;

  private Architectures() {}

  private static synchronized void register(
      String name, Class<? extends ArchitectureConfig> type, Supplier<? extends ArchitectureConfig> defaults) {
    BY_NAME.put(name, new Entry(name, type, defaults));
    mapper = null;
  }

  /** Registered names in registration order. */
  public static java.util.List<String> names() {
    return java.util.List.copyOf(BY_NAME.keySet());
  }

  /**
   * Registered names whose default configuration reads events of {@code schema} (e.g. "adc2021" for the
   * event autoencoders, "dijet" for the jet models), in registration order: what "all models" means for
   * a data set of that schema.
   */
  public static java.util.List<String> names(String schema) {
    return BY_NAME.values().stream().filter(e -> e.defaults().get().inputSchema().equals(schema)).map(Entry::name)
        .toList();
  }

  public static Map<String, Entry> entries() {
    return Collections.unmodifiableMap(BY_NAME);
  }

  /** The default configuration of an architecture; unknown names are an IllegalArgumentException. */
  public static ArchitectureConfig defaults(String name) {
    Entry e = BY_NAME.get(name);
    if (e == null) {
      throw new IllegalArgumentException("model must be one of " + names() + ", found " + name);
    }
    return e.defaults().get();
  }

  /**
   * Json's shared settings plus the architecture and preprocessing subtypes, each tagged by {@code "type"}
   * (a private copy: Json's mapper is untouched).
   */
  public static ObjectMapper mapper() {
    ObjectMapper m = mapper;
    if (m == null) {
      synchronized (Architectures.class) {
        m = Json.mapper().copy();
        m.addMixIn(ArchitectureConfig.class, TypeTag.class);
        for (Entry e : BY_NAME.values()) {
          m.registerSubtypes(new NamedType(e.type(), e.name()));
        }
        m.addMixIn(org.nphunt.preprocess.Preprocessing.class, TypeTag.class);
        for (var e : org.nphunt.preprocess.Preprocessings.types().entrySet()) {
          m.registerSubtypes(new NamedType(e.getValue(), e.getKey()));
        }
        mapper = m;
      }
    }
    return m;
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  private interface TypeTag {}
}
