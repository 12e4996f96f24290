package org.nphunt.hlt;

import static org.nphunt.data.Adc2021.CLASS_ID;
import static org.nphunt.data.Adc2021.ETA;
import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.PHI;
import static org.nphunt.data.Adc2021.PT;
import static org.nphunt.data.Adc2021.SLOTS;

import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.Adc2021Truth;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSink;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.ObjectType;
import org.nphunt.progress.Progress;

/**
 * The 21 high-level features of the HLT study (Cerri et al., arXiv:1811.10276; defined in Nguyen et al.,
 * arXiv:1807.00083, and in the study's conversion code) computed from ADC2021 events. Objects are
 * massless (pT, eta, phi); "the lepton" is the leading stored electron or muon (isolated and above the
 * trigger threshold in every lepton-triggered event).
 *
 * <ul>
 *   <li>{@code LepPt}; {@code LepIsEle} 1 for an electron; {@code LepIsoCh}, {@code LepIsoNeu},
 *       {@code LepIsoGamma}, {@code LepCharge} from the truth columns ({@link Adc2021Truth});
 *   <li>{@code ST}: scalar sum of the pT of the jets and leptons with pT &gt; 30 GeV and |eta| &lt; 2.6
 *       (ADC2021 has no photons); {@code nJets}, {@code allJetMass} and {@code bJets}: number,
 *       invariant mass and b-tagged number of those jets (b tags from {@code JetBTag});
 *   <li>{@code METp} = MET cos(dphi), {@code METo} = MET sin(dphi), dphi = phi_MET - phi_lepton wrapped to
 *       [-pi, pi]; {@code MT} = sqrt(2 pT_l MET (1 - cos dphi));
 *   <li>{@code nMu}, {@code allMuMass}, {@code allMuPt}: number of muons, invariant mass and pT of
 *       their vector sum (0 for fewer than two muons, resp. none), the lepton included; likewise
 *       {@code nEle}, {@code allEleMass}, {@code allElePt};
 *   <li>{@code nChHad}, {@code nNeuHad} from the truth columns.
 * </ul>
 *
 * <p>Differences from the study's own conversion (ocerri/AnomalyDetection, Delphes): its "HT" summed jets
 * only, but its jets were clustered from every particle-flow candidate, leptons included, so that
 * leptons entered; here leptons are separate objects and are added explicitly. Its lepton was the
 * leading isolated electron (pT &gt; 23) or muon (pT &gt; 25) and its lepton counts included every
 * reconstructed lepton above 0.5 GeV; ADC2021 keeps isolated leptons above 3 GeV, four per flavour.
 *
 * <p>An event without a stored lepton (none in lepton-triggered samples) gets lepton features 0,
 * METp = 0 and METo = MET.
 */
public final class HighLevelFeatures {
  /** pT threshold of the jets and leptons entering S_T and the jet features (GeV). */
  public static final double ST_PT_MIN = 30;
  /** |eta| limit of the jets and leptons entering S_T and the jet features. */
  public static final double ST_ETA_MAX = 2.6;

  private HighLevelFeatures() {}

  /** The table an ADC2021 source gives: all 21 features when it carries every truth column, else the 14. */
  public static HlfSchema schemaFor(EventSource adc) {
    for (String c : Adc2021Truth.NAMES) {
      if (!adc.hasColumn(c)) {
        return HlfSchema.derivable();
      }
    }
    return HlfSchema.full();
  }

  /** The one-line note for a source without (all) truth columns, naming the features left out; null when complete. */
  public static String missingNote(String source, HlfSchema schema) {
    if (schema.features().size() == HlfSchema.ALL.size()) {
      return null;
    }
    List<String> missing = HlfSchema.ALL.stream().filter(f -> !schema.features().contains(f)).toList();
    return source + ": no generator truth columns (" + String.join(", ", Adc2021Truth.NAMES) + "): "
        + schema.features().size() + " of 21 features computed; left out: " + String.join(", ", missing);
  }

  /**
   * The features of a block of ADC2021 events as a block of {@code schema} (EvtId and ProcessId copied).
   *
   * @throws NphuntException when the schema needs a truth column the block lacks
   */
  public static Events compute(Events adc, HlfSchema schema) {
    EventBatch b = EventBatch.of(adc);
    int n = b.size();
    for (String f : schema.features()) {
      if (HlfSchema.NEED_TRUTH.contains(f) && !Adc2021Truth.complete(b)) {
        throw new NphuntException("feature " + f + " needs the generator's truth columns; the events lack "
            + Adc2021Truth.missing(b));
      }
    }
    Events out = Events.zeros(schema, n);
    double[] row = new double[HlfSchema.ALL.size()];
    double[] table = out.tensor(0);
    int w = schema.width();
    int[] index = new int[w];
    for (int f = 0; f < w; f++) {
      index[f] = HlfSchema.ALL.indexOf(schema.features().get(f));
    }
    for (int e = 0; e < n; e++) {
      event(b, e, row);
      for (int f = 0; f < w; f++) {
        table[e * w + f] = row[index[f]];
      }
    }
    if (b.evtId() != null) {
      out.setColumn(Adc2021.EVT_ID, b.evtId().clone());
    }
    if (b.processId() != null) {
      out.setColumn(Adc2021.PROCESS_ID, b.processId().clone());
    }
    return out;
  }

  /**
   * The 21 features of event {@code e} into {@code row} in {@link HlfSchema#ALL} order; the truth
   * features are 0 when the block lacks their column.
   */
  public static void event(EventBatch b, int e, double[] row) {
    double[] p = b.particles();
    int base = e * SLOTS * FEATURES;
    // the lepton: leading stored electron or muon
    int lead = -1;
    for (int s = ObjectType.ELECTRON.firstSlot(); s < ObjectType.MUON.endSlot(); s++) {
      int q = base + s * FEATURES;
      if (p[q + CLASS_ID] != 0.0 && (lead < 0 || p[q + PT] > p[base + lead * FEATURES + PT])) {
        lead = s;
      }
    }
    double lepPt = 0;
    double lepPhi = 0;
    boolean ele = false;
    if (lead >= 0) {
      lepPt = p[base + lead * FEATURES + PT];
      lepPhi = p[base + lead * FEATURES + PHI];
      ele = ObjectType.ofSlot(lead) == ObjectType.ELECTRON;
    }
    row[0] = lepPt;
    row[1] = truthDouble(b, Adc2021Truth.LEP_ISO_CH, e);
    row[2] = truthDouble(b, Adc2021Truth.LEP_ISO_NEU, e);
    row[3] = truthDouble(b, Adc2021Truth.LEP_ISO_GAMMA, e);
    row[4] = truthInt(b, Adc2021Truth.LEP_CHARGE, e);
    row[5] = ele ? 1 : 0;
    // S_T, jets
    int[] bTags = (int[]) b.column(Adc2021Truth.JET_BTAG);
    double st = 0;
    int nJets = 0;
    int nB = 0;
    double[] jet = new double[4];
    for (int s = ObjectType.ELECTRON.firstSlot(); s < SLOTS; s++) {
      int q = base + s * FEATURES;
      if (p[q + CLASS_ID] == 0.0 || p[q + PT] <= ST_PT_MIN || Math.abs(p[q + ETA]) >= ST_ETA_MAX) {
        continue;
      }
      st += p[q + PT];
      if (ObjectType.ofSlot(s) == ObjectType.JET) {
        nJets++;
        add(jet, p[q + PT], p[q + ETA], p[q + PHI]);
        if (bTags != null && Adc2021Truth.tagged(bTags[e], s - ObjectType.JET.firstSlot())) {
          nB++;
        }
      }
    }
    row[6] = st;
    row[7] = nJets;
    row[8] = mass(jet);
    row[9] = nB;
    // MET
    double met = p[base + PT];
    double dphi = wrap(p[base + PHI] - lepPhi);
    if (lead >= 0) {
      row[10] = met * Math.cos(dphi);
      row[11] = met * Math.sin(dphi);
      row[12] = Math.sqrt(Math.max(0, 2 * lepPt * met * (1 - Math.cos(dphi))));
    } else {
      row[10] = 0;
      row[11] = met;
      row[12] = 0;
    }
    // muons, electrons
    leptons(p, base, ObjectType.MUON, row, 13);
    leptons(p, base, ObjectType.ELECTRON, row, 16);
    row[19] = truthInt(b, Adc2021Truth.N_CH_HAD, e);
    row[20] = truthInt(b, Adc2021Truth.N_NEU_HAD, e);
  }

  private static void leptons(double[] p, int base, ObjectType type, double[] row, int at) {
    double[] sum = new double[4];
    int n = 0;
    for (int s = type.firstSlot(); s < type.endSlot(); s++) {
      int q = base + s * FEATURES;
      if (p[q + CLASS_ID] != 0.0) {
        n++;
        add(sum, p[q + PT], p[q + ETA], p[q + PHI]);
      }
    }
    row[at] = n;
    row[at + 1] = n < 2 ? 0 : mass(sum);
    row[at + 2] = n == 0 ? 0 : Math.hypot(sum[0], sum[1]);
  }

  /** Adds a massless object (pT, eta, phi) to the four-vector sum (px, py, pz, E). */
  static void add(double[] v, double pt, double eta, double phi) {
    v[0] += pt * Math.cos(phi);
    v[1] += pt * Math.sin(phi);
    v[2] += pt * Math.sinh(eta);
    v[3] += pt * Math.cosh(eta);
  }

  /** Invariant mass of a four-vector sum, 0 when rounding makes m^2 negative. */
  static double mass(double[] v) {
    double m2 = v[3] * v[3] - v[0] * v[0] - v[1] * v[1] - v[2] * v[2];
    return m2 > 0 ? Math.sqrt(m2) : 0;
  }

  private static double wrap(double phi) {
    double x = Math.IEEEremainder(phi, 2 * Math.PI);
    return x;
  }

  private static double truthDouble(EventBatch b, String column, int e) {
    double[] v = (double[]) b.column(column);
    return v == null ? 0 : v[e];
  }

  private static int truthInt(EventBatch b, String column, int e) {
    int[] v = (int[]) b.column(column);
    return v == null ? 0 : v[e];
  }

  /**
   * Streams an ADC2021 source into a sink of HLF blocks of {@code schema} (blocks of {@code block}
   * events); returns the number of events.
   */
  public static long convert(EventSource adc, HlfSchema schema, EventSink out, int block, Progress progress) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be > 0, found " + block);
    }
    long size = adc.size();
    for (long at = 0; at < size; at += block) {
      int n = (int) Math.min(block, size - at);
      out.write(compute(adc.read(at, n), schema));
      if (progress != null) {
        progress.step(n);
      }
    }
    return size;
  }
}
