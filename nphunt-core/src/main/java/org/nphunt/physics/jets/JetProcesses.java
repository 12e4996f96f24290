package org.nphunt.physics.jets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.json.Json;

/**
 * The built-in processes of the jet-level generator (names are case-insensitive) and the parsing of
 * JSON process specs, the library side of {@code nphunt generate --process NAME|SPEC.json}.
 *
 * <table>
 *   <caption>Built-in processes (ProcessId, label)</caption>
 *   <tr><td>{@code qcd-dijet}</td><td>QCD dijets, pT-hat &gt; 1050 GeV, LHC Olympics selection (20, 0)</td></tr>
 *   <tr><td>{@code wprime-xy}</td><td>W'(3500) -&gt; X(500) Y(100) -&gt; 4q, LHC Olympics selection (21, 1)</td></tr>
 *   <tr><td>{@code graviton-ww-M}, {@code graviton-ww-M-broad}</td><td>RS graviton -&gt; WW -&gt; 4q, M = 1500,
 *       2500, 3500, 4500 GeV, width 1% or 30% of M, dijet-search selection (22-29, 1)</td></tr>
 *   <tr><td>{@code top}</td><td>hadronic t tbar, top-tagging selection (R = 0.8, 550-650 GeV) (30, 1)</td></tr>
 *   <tr><td>{@code qcd-top}</td><td>QCD dijets, pT-hat &gt; 450 GeV, top-tagging selection (32, 0)</td></tr>
 *   <tr><td>{@code dark-shower}</td><td>hidden valley, m(F_v) = 2 TeV, r_inv = 0.3 (31, 1)</td></tr>
 *   <tr><td>{@code lhco-rnd}</td><td>QCD 10/11 + W' 1/11 as the LHC Olympics R&amp;D set</td></tr>
 * </table>
 */
public final class JetProcesses {
  private JetProcesses() {}

  public static final QcdDijetSpec QCD = new QcdDijetSpec("qcd-dijet", 20, 0, 0);
  public static final WprimeSpec WPRIME = new WprimeSpec("wprime-xy", 21, 1, 0, 0, 0, 0, 0, 0);
  public static final TopPairSpec TOP = new TopPairSpec("top", 30, 1, 0);
  public static final QcdDijetSpec QCD_TOP = new QcdDijetSpec("qcd-top", 32, 0, 450);
  public static final DarkShowerSpec DARK = new DarkShowerSpec("dark-shower", 31, 1, 0, 0, 0, 0, 0, 0, 0, 0,
      DarkShowerSpec.DEFAULT_R_INV);
  /** Graviton masses of the built-in samples. */
  public static final List<Integer> GRAVITON_MASSES = List.of(1500, 2500, 3500, 4500);
  /** Relative widths of the built-in "narrow" and "broad" gravitons. */
  public static final double NARROW = 0.01;
  public static final double BROAD = 0.30;

  /** The LHC Olympics R&amp;D mixture: 1,000,000 QCD : 100,000 W' events. */
  public static final JetCocktailSpec LHCO_RND = new JetCocktailSpec("lhco-rnd",
      List.of(new JetCocktailSpec.Component(QCD, 10.0 / 11.0), new JetCocktailSpec.Component(WPRIME, 1.0 / 11.0)),
      null, null, null, JetSelection.lhcOlympics(), null, 0);

  private static final Map<String, JetCocktailSpec> BUILT_IN = new LinkedHashMap<>();
  /**
   * The project's mapper, except that an omitted (or null) number reads as 0, which every spec
   * documents as "the default"; unknown fields stay errors.
   */
  private static final ObjectMapper MAPPER = Json.mapper().copy()
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  static {
    put(JetCocktailSpec.single(QCD, JetSelection.lhcOlympics(), null));
    put(JetCocktailSpec.single(WPRIME, JetSelection.lhcOlympics(), null));
    int id = 22;
    for (int m : GRAVITON_MASSES) {
      put(JetCocktailSpec.single(graviton(m, false, id++), JetSelection.dijetSearch(), null));
      put(JetCocktailSpec.single(graviton(m, true, id++), JetSelection.dijetSearch(), null));
    }
    DijetConfig topJets = new DijetConfig(0.8, 0, 100, 0.1, 0);
    put(JetCocktailSpec.single(TOP, JetSelection.topTagging(), topJets));
    put(JetCocktailSpec.single(QCD_TOP, JetSelection.topTagging(), topJets));
    put(JetCocktailSpec.single(DARK, JetSelection.lhcOlympics(), null));
    put(LHCO_RND);
  }

  private static void put(JetCocktailSpec c) {
    BUILT_IN.put(c.name().toLowerCase(Locale.ROOT), c);
  }

  /** The graviton of a built-in sample: width 1% (narrow) or 30% (broad) of the mass. */
  public static GravitonSpec graviton(int mass, boolean broad, int processId) {
    return new GravitonSpec("graviton-ww-" + mass + (broad ? "-broad" : ""), processId, 1, mass,
        (broad ? BROAD : NARROW) * mass, 0, 0);
  }

  /** Built-in names, in catalogue order. */
  public static List<String> names() {
    return BUILT_IN.values().stream().map(JetCocktailSpec::name).toList();
  }

  /** A built-in cocktail by name (case-insensitive). */
  public static JetCocktailSpec builtIn(String name) {
    JetCocktailSpec c = BUILT_IN.get(name.toLowerCase(Locale.ROOT));
    if (c == null) {
      throw new NphuntException("process must be one of " + names() + " or a .json spec, found " + name);
    }
    return c;
  }

  /**
   * Parses a JSON spec: a cocktail (an object with {@code components}) or a single process (an object
   * with {@code type}, which then gets the LHC Olympics selection and default settings).
   *
   * @param source file name or "attribute" for messages
   */
  public static JetCocktailSpec parse(String json, String source) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new NphuntException(source + ": invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (node != null && node.has("components")) {
      return read(json, JetCocktailSpec.class, source);
    }
    return JetCocktailSpec.single(read(json, JetProcessSpec.class, source), JetSelection.lhcOlympics(), null);
  }

  private static <T> T read(String json, Class<T> type, String source) {
    try {
      return MAPPER.readValue(json, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new NphuntException(source + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root instanceof IllegalArgumentException) {
        throw new NphuntException(source + ": " + root.getMessage(), e);
      }
      throw new NphuntException(source + ": invalid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** A built-in name or the path of a JSON spec file. */
  public static JetCocktailSpec resolve(String nameOrPath) {
    if (nameOrPath.toLowerCase(Locale.ROOT).endsWith(".json")) {
      Path p = Path.of(nameOrPath);
      try {
        return parse(Files.readString(p), p.toString());
      } catch (NoSuchFileException e) {
        throw new NphuntException(p + ": no such file", e);
      } catch (IOException e) {
        throw new NphuntException(p + ": cannot read: " + e.getMessage(), e);
      }
    }
    return builtIn(nameOrPath);
  }
}
