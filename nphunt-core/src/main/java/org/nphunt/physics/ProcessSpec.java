package org.nphunt.physics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumSet;
import java.util.Set;

/**
 * A declarative, validated description of one physics process: how it is produced and how it decays.
 * New processes (a 30 GeV A, a Z' to tau tau at 200 GeV) are new specs, not new code; they round-trip
 * through JSON ({@code nphunt generate --process my.json}).
 *
 * <p>Optional numbers given as 0 take their defaults: {@code width} 1% of the mass, the mass window
 * +-20 widths, {@code rapiditySigma} 2.0, {@code radiationRatio} 0.35 (0.2 for quark-initiated
 * productions: W/Z-like {@code SINGLE} with a lepton-neutrino or lepton-pair decay, and {@code DIJET}),
 * {@code excessMean} the production's default (see {@link Production}).
 *
 * @param name short name, e.g. "Ato4l"; also names the random stream
 * @param processId the per-event {@code ProcessId} (0 W, 1 QCD, 2 Z, 3 ttbar, 10-14 signals; 13 and 14 are the two h+ channels)
 * @param production how the hard system is produced
 * @param decay how the produced particle(s) decay
 * @param mass resonance mass in GeV (the top mass for {@code TOP_PAIR}; unused for {@code DIJET})
 * @param width Breit-Wigner width in GeV
 * @param minMass lower end of the mass window (0: mass - 20 widths)
 * @param maxMass upper end of the mass window (0: mass + 20 widths)
 * @param rapiditySigma Gaussian sigma of the produced system's rapidity (truncated at |y| < 4.5);
 *     for {@code DIJET} the sigma of each parton's pseudorapidity
 * @param radiationRatio Berends-scaling ratio r of the radiated-jet staircase P(n) ~ r^n, n <= 6
 * @param excessMean mean of the exponential excess of sqrt(s_hat) above threshold for pair and
 *     associated production; for {@code DIJET} the minimum leading-parton pT
 */
public record ProcessSpec(
    String name,
    int processId,
    Production production,
    Decay decay,
    double mass,
    double width,
    double minMass,
    double maxMass,
    double rapiditySigma,
    double radiationRatio,
    double excessMean) {

  /** Production mechanisms. */
  public enum Production {
    /** One resonance (q qbar -> W/Z, g g -> scalar) recoiling against radiated jets. */
    SINGLE,
    /** A particle-antiparticle pair (g g -> LQ LQbar): sqrt(s_hat) = m1 + m2 + Exp(excessMean, default m). */
    PAIR,
    /** t tbar: m_tt = m1 + m2 + Exp(excessMean, default 150 GeV); each top -> b W. */
    TOP_PAIR,
    /** b g -> t X: sqrt(s_hat) = m_t + m_X + Exp(excessMean, default (m_t + m_X)/2); t -> b W. */
    TOP_ASSOCIATED,
    /** QCD 2 -> 2 dijet with a non-prompt or fake lepton inside one jet. */
    DIJET
  }

  /** Decay modes of the produced particle (each member of a pair decays the same way). */
  public enum Decay {
    /** l nu, l = e, mu, tau (1/3 each); V-A angular shape for SINGLE (W-like) production. */
    LEPTON_NEUTRINO,
    /** l+ l-, l = e, mu, tau (1/3 each). */
    LEPTON_PAIR,
    TAU_PAIR,
    TAU_NEUTRINO,
    /** Z* Z* -> 4 l (e, mu) with the off-shell mass density of the recipe. */
    FOUR_LEPTON,
    /** b tau (leptoquark). */
    B_TAU,
    /** t -> b W (only with TOP_PAIR). */
    TOP,
    /** non-prompt / fake lepton inside a jet (only with DIJET). */
    FAKE_LEPTON
  }

  private static final Set<Decay> RESONANCE_DECAYS = EnumSet.of(Decay.LEPTON_NEUTRINO, Decay.LEPTON_PAIR,
      Decay.TAU_PAIR, Decay.TAU_NEUTRINO, Decay.FOUR_LEPTON, Decay.B_TAU);

  public ProcessSpec {
    if (name == null || !name.matches("[A-Za-z0-9_+.-]{1,40}")) {
      throw new IllegalArgumentException("name must be 1-40 characters [A-Za-z0-9_+.-], found " + name);
    }
    if (processId < 0) {
      throw new IllegalArgumentException("processId must be >= 0, found " + processId);
    }
    if (production == null) {
      throw new IllegalArgumentException("production must be one of " + java.util.Arrays.toString(Production.values()) + ", found null");
    }
    if (decay == null) {
      throw new IllegalArgumentException("decay must be one of " + java.util.Arrays.toString(Decay.values()) + ", found null");
    }
    boolean ok = switch (production) {
      case DIJET -> decay == Decay.FAKE_LEPTON;
      case TOP_PAIR -> decay == Decay.TOP;
      default -> RESONANCE_DECAYS.contains(decay);
    };
    if (!ok) {
      throw new IllegalArgumentException("decay " + decay + " is not allowed with production " + production
          + " (DIJET needs FAKE_LEPTON, TOP_PAIR needs TOP, others one of " + RESONANCE_DECAYS + ")");
    }
    String[] names = {"mass", "width", "minMass", "maxMass", "rapiditySigma", "radiationRatio", "excessMean"};
    double[] values = {mass, width, minMass, maxMass, rapiditySigma, radiationRatio, excessMean};
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i]) || values[i] < 0) {
        throw new IllegalArgumentException("process " + name + ": " + names[i] + " must be finite and >= 0, found " + values[i]);
      }
    }
    if (production != Production.DIJET) {
      if (!(mass >= 1 && mass <= 5000)) {
        throw new IllegalArgumentException("mass must be in [1, 5000] GeV, found " + mass);
      }
      if (width == 0) {
        width = 0.01 * mass;
      }
      if (width > 0.5 * mass) {
        throw new IllegalArgumentException("width must be <= mass/2, found " + width + " for mass " + mass);
      }
      double lo = Math.max(0, mass - 20 * width);
      double hi = mass + 20 * width;
      minMass = minMass == 0 ? lo : Math.max(minMass, lo);
      maxMass = maxMass == 0 ? hi : Math.min(maxMass, hi);
      if (!(minMass < mass && mass < maxMass)) {
        throw new IllegalArgumentException("mass window must contain the mass " + mass + ", found [" + minMass + ", " + maxMass + "]");
      }
      double threshold = switch (decay) {
        case B_TAU -> Physics.M_B + Physics.M_TAU;
        case TAU_PAIR -> 2 * Physics.M_TAU;
        case TAU_NEUTRINO -> Physics.M_TAU;
        case TOP -> Physics.M_B + Physics.W_MIN;
        default -> 0;
      };
      if (minMass <= threshold) {
        throw new IllegalArgumentException("process " + name + ": mass window [" + minMass + ", " + maxMass
            + "] reaches below the " + decay + " threshold " + threshold + " GeV");
      }
    }
    if (rapiditySigma == 0) {
      rapiditySigma = production == Production.TOP_PAIR ? 1.5 : production == Production.DIJET ? 2.2 : 2.0;
    }
    if (rapiditySigma > 10) {
      throw new IllegalArgumentException("rapiditySigma must be <= 10, found " + rapiditySigma);
    }
    if (radiationRatio == 0) {
      boolean quark = production == Production.DIJET || (production == Production.SINGLE
          && (decay == Decay.LEPTON_NEUTRINO || decay == Decay.LEPTON_PAIR));
      radiationRatio = quark ? 0.2 : 0.35;
    }
    if (radiationRatio >= 1) {
      throw new IllegalArgumentException("radiationRatio must be < 1, found " + radiationRatio);
    }
    if (excessMean == 0) {
      excessMean = switch (production) {
        case PAIR -> mass;
        case TOP_PAIR -> 150;
        case TOP_ASSOCIATED -> (Physics.M_TOP + mass) / 2;
        case DIJET -> 25;
        default -> 0;
      };
    }
  }

  /** JSON creator: optional numbers may be omitted (0 = default), required fields must be present. */
  @JsonCreator
  static ProcessSpec fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("processId") Integer processId,
      @JsonProperty("production") Production production,
      @JsonProperty("decay") Decay decay,
      @JsonProperty("mass") Double mass,
      @JsonProperty("width") Double width,
      @JsonProperty("minMass") Double minMass,
      @JsonProperty("maxMass") Double maxMass,
      @JsonProperty("rapiditySigma") Double rapiditySigma,
      @JsonProperty("radiationRatio") Double radiationRatio,
      @JsonProperty("excessMean") Double excessMean) {
    if (processId == null) {
      throw new IllegalArgumentException("processId must be given (e.g. 30 for a new signal; 0-3, 10-14 and 20-21 are nphunt's own), found none");
    }
    return new ProcessSpec(name, processId, production, decay, orZero(mass), orZero(width), orZero(minMass),
        orZero(maxMass), orZero(rapiditySigma), orZero(radiationRatio), orZero(excessMean));
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }

  /** A spec with all optional numbers at their defaults. */
  public static ProcessSpec of(String name, int processId, Production production, Decay decay, double mass) {
    return new ProcessSpec(name, processId, production, decay, mass, 0, 0, 0, 0, 0, 0);
  }

  /** This spec with another mass (width and window re-derived from the defaults). */
  public ProcessSpec withMass(double newMass) {
    return new ProcessSpec(name, processId, production, decay, newMass, 0, 0, 0, rapiditySigma, radiationRatio,
        production == Production.TOP_PAIR || production == Production.DIJET ? excessMean : 0);
  }
}
