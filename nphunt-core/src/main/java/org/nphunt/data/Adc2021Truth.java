package org.nphunt.data;

import java.util.List;
import org.nphunt.NphuntException;

/**
 * The optional per-event truth columns of the {@link Adc2021Schema} that nphunt's trigger-event
 * generator writes next to {@code Particles}: the inputs of the high-level features of the HLT study
 * (Cerri et al., arXiv:1811.10276; names as in that study's files) that the ADC2021 objects do not
 * carry. The published ADC2021 files have none of them; {@code nphunt features} then computes the
 * derivable subset. "The lepton" is the leading stored lepton (electron or muon of largest pT), which
 * is isolated and above the trigger threshold by construction.
 *
 * <table>
 *   <caption>Truth columns</caption>
 *   <tr><th>dataset</th><th>type</th><th>content</th></tr>
 *   <tr><td>{@code LepIsoCh}</td><td>float32</td><td>relative isolation of the lepton from charged hadrons of the primary
 *   vertex (pT &gt; 0.5 GeV, Delta R &lt; 0.3, the lepton excluded) / lepton pT</td></tr>
 *   <tr><td>{@code LepIsoNeu}</td><td>float32</td><td>the same from neutral hadrons (ET &gt; 1 GeV, pile-up included)</td></tr>
 *   <tr><td>{@code LepIsoGamma}</td><td>float32</td><td>the same from photons (ET &gt; 1 GeV, pile-up included)</td></tr>
 *   <tr><td>{@code LepCharge}</td><td>int32</td><td>electric charge of the lepton, -1 or +1</td></tr>
 *   <tr><td>{@code JetBTag}</td><td>int32</td><td>bit k set when the jet in slot 9 + k is b-tagged (k = 0..9)</td></tr>
 *   <tr><td>{@code nChHad}</td><td>int32</td><td>charged hadrons in the event (tracks pT &gt; 0.5 GeV, |eta| &lt; 2.5, leptons excluded)</td></tr>
 *   <tr><td>{@code nNeuHad}</td><td>int32</td><td>neutral hadrons in the event (ET &gt; 1 GeV, |eta| &lt; 3.0)</td></tr>
 * </table>
 *
 * <p>The physics of each (isolation from the underlying event, pile-up and nearby jets; b-tag
 * efficiency and mistag rate; charge from the production process; multiplicities growing with jet
 * activity) is in docs/generator.md, "Truth for the high-level features".
 */
public final class Adc2021Truth {
  private Adc2021Truth() {}

  public static final String LEP_ISO_CH = "LepIsoCh";
  public static final String LEP_ISO_NEU = "LepIsoNeu";
  public static final String LEP_ISO_GAMMA = "LepIsoGamma";
  public static final String LEP_CHARGE = "LepCharge";
  public static final String JET_BTAG = "JetBTag";
  public static final String N_CH_HAD = "nChHad";
  public static final String N_NEU_HAD = "nNeuHad";

  /** The truth columns in schema order (after EvtId and ProcessId). */
  public static final List<ColumnSpec> COLUMNS = List.of(
      ColumnSpec.optional(LEP_ISO_CH, ColumnType.FLOAT32, "", "lepton charged-hadron isolation / lepton pT (generator truth)"),
      ColumnSpec.optional(LEP_ISO_NEU, ColumnType.FLOAT32, "", "lepton neutral-hadron isolation / lepton pT (generator truth)"),
      ColumnSpec.optional(LEP_ISO_GAMMA, ColumnType.FLOAT32, "", "lepton photon isolation / lepton pT (generator truth)"),
      ColumnSpec.optional(LEP_CHARGE, ColumnType.INT32, "", "lepton charge, -1 or +1 (generator truth)"),
      ColumnSpec.optional(JET_BTAG, ColumnType.INT32, "", "b-tag bit k for the jet in slot 9+k (generator truth)"),
      ColumnSpec.optional(N_CH_HAD, ColumnType.INT32, "", "charged-hadron multiplicity (generator truth)"),
      ColumnSpec.optional(N_NEU_HAD, ColumnType.INT32, "", "neutral-hadron multiplicity (generator truth)"));

  /** Their names in schema order. */
  public static final List<String> NAMES = COLUMNS.stream().map(ColumnSpec::name).toList();

  /** Largest relative isolation accepted (a sum of 1000 times the lepton pT is no lepton). */
  public static final double MAX_ISOLATION = 1000;
  /** Largest hadron multiplicity accepted. */
  public static final int MAX_MULTIPLICITY = 100_000;

  /** Whether a block carries every truth column. */
  public static boolean complete(Events events) {
    for (String n : NAMES) {
      if (!events.hasColumn(n)) {
        return false;
      }
    }
    return true;
  }

  /** The truth columns a block lacks, in schema order. */
  public static List<String> missing(Events events) {
    return NAMES.stream().filter(n -> !events.hasColumn(n)).toList();
  }

  /**
   * Checks the truth columns a block carries: isolations finite in [0, {@link #MAX_ISOLATION}], charge
   * -1 or +1, b-tag bits only on filled jet slots, multiplicities in [0, {@link #MAX_MULTIPLICITY}].
   *
   * @param particles the block's {@code Particles} (for the occupied jet slots)
   * @throws NphuntException one line naming the source, the event and the column
   */
  static void validate(Events events, double[] particles, String source, long firstEvent) {
    int n = events.size();
    for (String iso : List.of(LEP_ISO_CH, LEP_ISO_NEU, LEP_ISO_GAMMA)) {
      double[] v = (double[]) events.column(iso);
      if (v == null) {
        continue;
      }
      for (int e = 0; e < n; e++) {
        if (!(v[e] >= 0 && v[e] <= MAX_ISOLATION)) {
          throw new NphuntException(String.format("%s: event %d, %s is %s (must be finite, in [0, %d])",
              source, firstEvent + e, iso, v[e], (int) MAX_ISOLATION));
        }
      }
    }
    int[] q = (int[]) events.column(LEP_CHARGE);
    if (q != null) {
      for (int e = 0; e < n; e++) {
        if (q[e] != -1 && q[e] != 1) {
          throw new NphuntException(String.format("%s: event %d, %s is %d (must be -1 or +1)", source, firstEvent + e,
              LEP_CHARGE, q[e]));
        }
      }
    }
    int[] b = (int[]) events.column(JET_BTAG);
    if (b != null) {
      int first = ObjectType.JET.firstSlot();
      for (int e = 0; e < n; e++) {
        int allowed = 0;
        for (int k = 0; k < ObjectType.JET.slots(); k++) {
          if (particles[(e * Adc2021.SLOTS + first + k) * Adc2021.FEATURES + Adc2021.CLASS_ID] != 0.0) {
            allowed |= 1 << k;
          }
        }
        if ((b[e] & ~allowed) != 0) {
          throw new NphuntException(String.format("%s: event %d, %s is %d: bits set for empty jet slots (filled: %s)",
              source, firstEvent + e, JET_BTAG, b[e], Integer.toBinaryString(allowed)));
        }
      }
    }
    for (String m : List.of(N_CH_HAD, N_NEU_HAD)) {
      int[] v = (int[]) events.column(m);
      if (v == null) {
        continue;
      }
      for (int e = 0; e < n; e++) {
        if (v[e] < 0 || v[e] > MAX_MULTIPLICITY) {
          throw new NphuntException(String.format("%s: event %d, %s is %d (must be in [0, %d])", source, firstEvent + e,
              m, v[e], MAX_MULTIPLICITY));
        }
      }
    }
  }

  /** Whether the jet in slot 9 + k is b-tagged according to a {@code JetBTag} value. */
  public static boolean tagged(int jetBTag, int k) {
    return (jetBTag >>> k & 1) != 0;
  }
}
