package org.nphunt.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nphunt's dijet layout, compatible with the files of the published dijet-VAE code (pofah/vande; CMS
 * arXiv:2412.03747): tensor {@code jetConstituentsList} (2, C, 3) with the two leading jets' up to C
 * constituents, pT-ordered, zero-padded, each (eta, phi, pt) where <b>eta and phi are relative to the
 * jet axis</b> (Delta eta = eta_i - eta_jet, Delta phi = phi_i - phi_jet wrapped to [-pi, pi]) and pt is
 * the constituent's pT in GeV; tensor {@code eventFeatures} (F) with the named per-event features
 * (masses, momenta and energies in GeV, angles in radians); columns {@code ProcessId}, {@code
 * truth_label} (0 background, 1 signal) and {@code EvtId} when known.
 *
 * <p>The models rely on the order (they keep a jet's C hardest constituents by cutting the list, and
 * the Chamfer VAE's mask takes the first n slots): nphunt's clustering writes the lists so, and the
 * dijet file reader sorts a file's jets that are not (noted), so every block a source hands out is
 * pT-ordered with the padding last.
 *
 * <p>{@link #REQUIRED_FEATURES} must be among the event features; nphunt's clustering also writes
 * {@link #SUBSTRUCTURE_FEATURES}.
 *
 * @param constituents C, constituents kept per jet (100 by default)
 * @param eventFeatures the names of the eventFeatures columns, in file order
 */
public record DijetSchema(int constituents, List<String> eventFeatures) implements EventSchema {
  public static final String NAME = "dijet";
  public static final int DEFAULT_CONSTITUENTS = 100;
  public static final String CONSTITUENTS = "jetConstituentsList";
  public static final String EVENT_FEATURES = "eventFeatures";
  public static final String TRUTH_LABEL = "truth_label";
  /** The event features every dijet file has (the published files' set). */
  public static final List<String> REQUIRED_FEATURES = List.of("mJJ", "j1Pt", "j1Eta", "j1Phi", "j1M", "j1E",
      "j2Pt", "j2M", "j2E", "DeltaEtaJJ", "DeltaPhiJJ");
  /** Substructure features nphunt's clustering adds. */
  public static final List<String> SUBSTRUCTURE_FEATURES = List.of("j2Eta", "j2Phi", "j1Tau1", "j1Tau2", "j1Tau3",
      "j2Tau1", "j2Tau2", "j2Tau3", "j1MSoftDrop", "j2MSoftDrop", "j1NConst", "j2NConst");

  private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("mJJ", "GeV"), Map.entry("j1Pt", "GeV"),
      Map.entry("j1M", "GeV"), Map.entry("j1E", "GeV"), Map.entry("j2Pt", "GeV"), Map.entry("j2M", "GeV"),
      Map.entry("j2E", "GeV"), Map.entry("j1MSoftDrop", "GeV"), Map.entry("j2MSoftDrop", "GeV"),
      Map.entry("j1Phi", "rad"), Map.entry("j2Phi", "rad"), Map.entry("DeltaPhiJJ", "rad"));

  /**
   * Smallest mass accepted, in GeV: masses follow FastJet's convention m = -sqrt(-m^2) when rounding
   * makes m^2 = E^2 - p^2 slightly negative for a (nearly) massless jet; in double precision that is
   * far below 0.01 GeV at LHC energies, anything more negative is an error.
   */
  public static final double MASS_ROUNDING_GEV = 0.01;

  public DijetSchema {
    if (constituents < 1 || constituents > 10_000) {
      throw new IllegalArgumentException("constituents must be in 1..10000, found " + constituents);
    }
    eventFeatures = List.copyOf(eventFeatures);
    List<String> missing = new ArrayList<>(REQUIRED_FEATURES);
    missing.removeAll(eventFeatures);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("eventFeatures must include " + missing + ", found " + eventFeatures);
    }
    if (eventFeatures.stream().distinct().count() != eventFeatures.size()) {
      throw new IllegalArgumentException("eventFeatures must be distinct, found " + eventFeatures);
    }
  }

  /** nphunt's own layout: C constituents, the required plus the substructure features. */
  public static DijetSchema nphunt(int constituents) {
    List<String> f = new ArrayList<>(REQUIRED_FEATURES);
    f.addAll(SUBSTRUCTURE_FEATURES);
    return new DijetSchema(constituents, f);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "dijet events: 2 jets x up to " + constituents + " constituents x (eta, phi relative to the jet axis, pt)"
        + " and " + eventFeatures.size() + " event features";
  }

  /** Index of an event feature by name, or -1. */
  public int featureIndex(String name) {
    return eventFeatures.indexOf(name);
  }

  /** The unit of an event feature ("GeV", "rad" or "" for dimensionless). */
  public static String unit(String feature) {
    return UNITS.getOrDefault(feature, "");
  }

  @Override
  public List<TensorSpec> tensors() {
    List<Feature> f = new ArrayList<>();
    for (String n : eventFeatures) {
      String unit = unit(n);
      boolean mass = n.equals("mJJ") || n.endsWith("M") || n.endsWith("MSoftDrop");
      f.add(n.endsWith("Phi") && !n.startsWith("Delta") ? Feature.phi(n, n)
          : Feature.of(n, unit, mass ? -MASS_ROUNDING_GEV
              : unit.equals("GeV") || n.startsWith("j") && n.contains("Tau") || n.endsWith("NConst")
              ? 0 : -Feature.MAX_GEV, Feature.MAX_GEV, n));
    }
    return List.of(
        new TensorSpec(CONSTITUENTS, List.of(2, constituents, 3),
            List.of(Feature.eta("eta", "eta_i - eta_jet"), Feature.phi("phi", "phi_i - phi_jet, wrapped"),
                Feature.gev("pt", "constituent pT")),
            TensorSpec.Padding.ZERO_ROWS, "the two leading jets' constituents, pT-ordered, zero-padded"),
        new TensorSpec(EVENT_FEATURES, List.of(eventFeatures.size()), f, TensorSpec.Padding.NONE,
            "per-event dijet features"));
  }

  @Override
  public List<ColumnSpec> columns() {
    return List.of(ColumnSpec.optional(Adc2021.PROCESS_ID, ColumnType.INT32, "", "generator process id"),
        ColumnSpec.optional(TRUTH_LABEL, ColumnType.INT32, "", "truth: 0 background, 1 signal"),
        ColumnSpec.optional(Adc2021.EVT_ID, ColumnType.INT64, "", "event id"));
  }
}
