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
 * <p>Adding an architecture is one {@code register} line in the static block below. A <em>preset</em>
 * ({@link #presets()}) is a further name for one configuration of a registered architecture (e.g.
 * {@code chamfer-vae-published}): {@link #defaults(String)} accepts it, and a model file records the
 * architecture's own type name with the full configuration, so presets add nothing to the file format.
 */
public final class Architectures {
  private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, Supplier<? extends ArchitectureConfig>> PRESETS = new LinkedHashMap<>();

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
    PRESETS.put(ChamferVaeConfig.PUBLISHED_PRESET, ChamferVaeConfig::published);
  }

  private static volatile ObjectMapper mapper;

  private Architectures() {}

  private static synchronized void register(
      String name, Class<? extends ArchitectureConfig> type, Supplier<? extends ArchitectureConfig> defaults) {
    BY_NAME.put(name, new Entry(name, type, defaults));
    mapper = null;
  }

  /** Registered names in registration order, then the presets. */
  public static java.util.List<String> names() {
    java.util.List<String> n = new java.util.ArrayList<>(BY_NAME.keySet());
    n.addAll(PRESETS.keySet());
    return java.util.List.copyOf(n);
  }

  /** Preset names (further names for configurations of registered architectures), in order. */
  public static java.util.List<String> presets() {
    return java.util.List.copyOf(PRESETS.keySet());
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

  /**
   * The default configuration of an architecture, or a preset's configuration; unknown names are an
   * IllegalArgumentException.
   */
  public static ArchitectureConfig defaults(String name) {
    Entry e = BY_NAME.get(name);
    if (e != null) {
      return e.defaults().get();
    }
    Supplier<? extends ArchitectureConfig> p = PRESETS.get(name);
    if (p == null) {
      throw new IllegalArgumentException("model must be one of " + names() + ", found " + name);
    }
    return p.get();
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
