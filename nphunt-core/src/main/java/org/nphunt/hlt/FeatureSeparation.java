package org.nphunt.hlt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.data.EventBatch;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.ObjectType;
import org.nphunt.eval.Auc;

/**
 * Single-observable separations of a signal from the Standard Model: for each observable the AUC of
 * the observable itself used as a score (Mann-Whitney, ties counted half), reported as
 * max(AUC, 1 - AUC) with the direction, i.e. how well one cut on that observable alone separates the
 * samples. Used to find which observables make a generated signal too distinct (issue 14, the h+ ->
 * tau nu realism study).
 */
public final class FeatureSeparation {
  private FeatureSeparation() {}

  /** One observable's separation: auc &gt;= 0.5 and whether the signal lies above (true) or below. */
  public record Separation(String observable, double auc, boolean signalAbove, double meanBackground,
      double meanSignal) {}

  /**
   * The observables of ADC2021 events: the 14 high-level features their objects determine, and MET,
   * the number of stored jets (above 15 GeV), the leading jet pT, H_T of all stored jets, the number
   * of leptons, the sub-leading lepton pT.
   */
  public static Map<String, double[]> observables(Events adc) {
    EventBatch b = EventBatch.of(adc);
    int n = b.size();
    Map<String, double[]> out = new LinkedHashMap<>();
    List<String> names = HlfSchema.DERIVABLE;
    double[][] cols = new double[names.size()][n];
    double[] met = new double[n];
    double[] nJets15 = new double[n];
    double[] leadJet = new double[n];
    double[] ht = new double[n];
    double[] nLep = new double[n];
    double[] lep2 = new double[n];
    double[] row = new double[HlfSchema.ALL.size()];
    for (int e = 0; e < n; e++) {
      HighLevelFeatures.event(b, e, row);
      for (int i = 0; i < names.size(); i++) {
        cols[i][e] = row[HlfSchema.ALL.indexOf(names.get(i))];
      }
      met[e] = b.pt(e, 0);
      double first = 0;
      double second = 0;
      for (int s = ObjectType.ELECTRON.firstSlot(); s < ObjectType.MUON.endSlot(); s++) {
        if (!b.isEmpty(e, s)) {
          nLep[e]++;
          double pt = b.pt(e, s);
          if (pt > first) {
            second = first;
            first = pt;
          } else if (pt > second) {
            second = pt;
          }
        }
      }
      lep2[e] = second;
      for (int s = ObjectType.JET.firstSlot(); s < ObjectType.JET.endSlot(); s++) {
        if (!b.isEmpty(e, s)) {
          nJets15[e]++;
          ht[e] += b.pt(e, s);
          leadJet[e] = Math.max(leadJet[e], b.pt(e, s));
        }
      }
    }
    out.put("MET", met);
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), cols[i]);
    }
    out.put("nJets15", nJets15);
    out.put("leadJetPt", leadJet);
    out.put("HT15", ht);
    out.put("nLeptons", nLep);
    out.put("subLepPt", lep2);
    return out;
  }

  /** The separation of every observable present in both maps, sorted by decreasing AUC. */
  public static List<Separation> separations(Map<String, double[]> background, Map<String, double[]> signal) {
    return background.keySet().stream().filter(signal::containsKey).map(k -> {
      double[] b = background.get(k);
      double[] s = signal.get(k);
      double auc = Auc.mannWhitney(b, s);
      return new Separation(k, Math.max(auc, 1 - auc), auc >= 0.5, mean(b), mean(s));
    }).sorted((x, y) -> Double.compare(y.auc(), x.auc())).toList();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }
}
