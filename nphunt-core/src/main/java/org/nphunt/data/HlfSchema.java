package org.nphunt.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nphunt.NphuntException;

/**
 * The high-level features (HLF) of the HLT study (Cerri et al., arXiv:1811.10276, after Nguyen et al.,
 * arXiv:1807.00083): tensor {@code HLF} (F) of named per-event features, columns {@code EvtId} and
 * {@code ProcessId}. The full table has the study's 21 features ({@link #ALL}, names as in the study's
 * files); an ADC2021 file without the generator's truth columns gives the 14 that its objects determine
 * ({@link #DERIVABLE}). Definitions: {@code org.nphunt.hlt.HighLevelFeatures}.
 *
 * <p>Validation: every value finite and in its feature's range; counts and flags integer, the charge
 * -1 or +1.
 *
 * @param features the names of the {@code HLF} columns, in file order (a subset of {@link #ALL}, in its order)
 */
public record HlfSchema(List<String> features) implements EventSchema {
  public static final String NAME = "hlf";
  public static final String HLF = "HLF";
  public static final String HLF_NAMES = "HLF_Names";

  private static final double BIG = 20 * Feature.MAX_GEV;
  private static final int MAX_COUNT = 100_000;

  /** Every feature the schema knows, in the table's order. */
  private static final Map<String, Feature> CATALOGUE = catalogue();

  private static Map<String, Feature> catalogue() {
    Map<String, Feature> m = new LinkedHashMap<>();
    put(m, Feature.gev("LepPt", "pT of the lepton (the leading electron or muon)"));
    put(m, Feature.of("LepIsoCh", "", 0, Adc2021Truth.MAX_ISOLATION, "charged-hadron isolation / lepton pT"));
    put(m, Feature.of("LepIsoNeu", "", 0, Adc2021Truth.MAX_ISOLATION, "neutral-hadron isolation / lepton pT"));
    put(m, Feature.of("LepIsoGamma", "", 0, Adc2021Truth.MAX_ISOLATION, "photon isolation / lepton pT"));
    put(m, Feature.of("LepCharge", "", -1, 1, "lepton charge, -1 or +1"));
    put(m, Feature.of("LepIsEle", "", 0, 1, "1 when the lepton is an electron, 0 for a muon"));
    put(m, Feature.of("ST", "GeV", 0, BIG, "scalar pT sum of jets and leptons with pT > 30 GeV, |eta| < 2.6"));
    put(m, Feature.of("nJets", "", 0, MAX_COUNT, "number of jets with pT > 30 GeV, |eta| < 2.6"));
    put(m, Feature.of("allJetMass", "GeV", 0, BIG, "invariant mass of those jets"));
    put(m, Feature.of("bJets", "", 0, MAX_COUNT, "number of b-tagged jets among them"));
    put(m, Feature.of("METp", "GeV", -BIG, BIG, "missing pT parallel to the lepton: MET cos(dphi)"));
    put(m, Feature.of("METo", "GeV", -BIG, BIG, "missing pT perpendicular to the lepton: MET sin(dphi)"));
    put(m, Feature.of("MT", "GeV", 0, BIG, "transverse mass sqrt(2 pT_l MET (1 - cos dphi))"));
    put(m, Feature.of("nMu", "", 0, MAX_COUNT, "number of muons"));
    put(m, Feature.of("allMuMass", "GeV", 0, BIG, "invariant mass of the muons"));
    put(m, Feature.of("allMuPt", "GeV", 0, BIG, "pT of the muons' vector sum"));
    put(m, Feature.of("nEle", "", 0, MAX_COUNT, "number of electrons"));
    put(m, Feature.of("allEleMass", "GeV", 0, BIG, "invariant mass of the electrons"));
    put(m, Feature.of("allElePt", "GeV", 0, BIG, "pT of the electrons' vector sum"));
    put(m, Feature.of("nChHad", "", 0, MAX_COUNT, "number of charged hadrons"));
    put(m, Feature.of("nNeuHad", "", 0, MAX_COUNT, "number of neutral hadrons"));
    return m;
  }

  private static void put(Map<String, Feature> m, Feature f) {
    m.put(f.name(), f);
  }

  /** The study's 21 features in table order. */
  public static final List<String> ALL = List.copyOf(CATALOGUE.keySet());
  /** The features that need the generator's truth ({@link Adc2021Truth}). */
  public static final List<String> NEED_TRUTH = List.of("LepIsoCh", "LepIsoNeu", "LepIsoGamma", "LepCharge", "bJets",
      "nChHad", "nNeuHad");
  /** The 14 features an ADC2021 event determines. */
  public static final List<String> DERIVABLE = ALL.stream().filter(f -> !NEED_TRUTH.contains(f)).toList();
  /** Integer-valued features (counts, flags, charge). */
  public static final Set<String> INTEGER = Set.of("LepCharge", "LepIsEle", "nJets", "bJets", "nMu", "nEle", "nChHad",
      "nNeuHad");

  private static final List<ColumnSpec> COLUMNS = List.of(
      ColumnSpec.optional(Adc2021.EVT_ID, ColumnType.INT64, "", "event id of the source events"),
      ColumnSpec.optional(Adc2021.PROCESS_ID, ColumnType.INT32, "", "nphunt's generator truth label"));

  public HlfSchema {
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("features must name at least one of " + ALL + ", found none");
    }
    int last = -1;
    for (String f : features) {
      int i = ALL.indexOf(f);
      if (i < 0) {
        throw new IllegalArgumentException("features must be among " + ALL + ", found " + f);
      }
      if (i <= last) {
        throw new IllegalArgumentException("features must be distinct and in the order of " + ALL + ", found " + features);
      }
      last = i;
    }
  }

  /** The full 21-feature table. */
  public static HlfSchema full() {
    return new HlfSchema(ALL);
  }

  /** The 14 features an ADC2021 event determines. */
  public static HlfSchema derivable() {
    return new HlfSchema(DERIVABLE);
  }

  /** The definition of a feature by name. */
  public static Feature feature(String name) {
    Feature f = CATALOGUE.get(name);
    if (f == null) {
      throw new IllegalArgumentException("feature must be one of " + ALL + ", found " + name);
    }
    return f;
  }

  /** Index of a feature in this table, or -1. */
  public int indexOf(String feature) {
    return features.indexOf(feature);
  }

  /** Number of features. */
  public int width() {
    return features.size();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "high-level features: HLF (N," + features.size() + ") = " + (features.equals(ALL) ? "the study's 21"
        : features.equals(DERIVABLE) ? "the 14 of an ADC2021 event" : String.valueOf(features));
  }

  @Override
  public List<TensorSpec> tensors() {
    List<Feature> f = new ArrayList<>();
    for (String n : features) {
      f.add(CATALOGUE.get(n));
    }
    return List.of(new TensorSpec(HLF, List.of(features.size()), f, TensorSpec.Padding.NONE,
        "the high-level features of the HLT study (arXiv:1811.10276)"));
  }

  @Override
  public List<ColumnSpec> columns() {
    return COLUMNS;
  }

  @Override
  public void validate(Events events, String source, long firstEvent, Notes notes) {
    EventSchema.super.validate(events, source, firstEvent, notes);
    double[] v = events.tensor(0);
    int w = features.size();
    for (int f = 0; f < w; f++) {
      String name = features.get(f);
      if (!INTEGER.contains(name)) {
        continue;
      }
      boolean charge = name.equals("LepCharge");
      for (int e = 0; e < events.size(); e++) {
        double x = v[e * w + f];
        if (x != Math.rint(x) || charge && x == 0) {
          throw new NphuntException(String.format("%s: event %d, %s is %s (must be %s)", source, firstEvent + e, name, x,
              charge ? "-1 or +1" : "a whole number"));
        }
      }
    }
  }
}
