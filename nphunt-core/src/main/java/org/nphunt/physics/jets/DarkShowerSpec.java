package org.nphunt.physics.jets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A hidden-valley dark shower (Strassler and Zurek hep-ph/0604261; Carloni and Sjostrand arXiv:1006.2911;
 * semi-visible jets, Cohen, Lisanti and Lou arXiv:1503.00009): a heavy fermion F_v, charged under QCD and
 * a dark SU(N_d), is pair-produced by QCD and decays as F_v -> q q_v (isotropic); the dark quark showers
 * in the dark sector, its partons become dark mesons of one mass, a fraction r_inv of which stay
 * invisible while the rest decay to a quark pair (u, d, s, c, b alike when open) that showers and
 * hadronises.
 *
 * @param massF F_v mass [GeV] (default 2000)
 * @param ptHatMin minimum pT of the F_v pair [GeV] (default 1: all of it)
 * @param nColours N_d (default 2, as the CMS semi-visible-jet benchmark)
 * @param nFlavours dark flavours (default 2)
 * @param lambda Lambda_d of the running dark coupling [GeV] (default 20)
 * @param alpha fixed dark coupling; 0 (default) for one-loop running with lambda
 * @param ptMin dark-shower cut-off on the branching pT [GeV] (default 1.1 lambda, Pythia's recommendation)
 * @param mesonMass dark-meson mass [GeV] (default 20)
 * @param rInv invisible fraction r_inv in [0, 1], taken literally (0: every dark meson decays); omitted in JSON
 *     it is 0.3, the semi-visible-jet benchmark value
 */
public record DarkShowerSpec(String name, int processId, int label, double massF, double ptHatMin, int nColours,
    int nFlavours, double lambda, double alpha, double ptMin, double mesonMass, double rInv) implements JetProcessSpec {

  public DarkShowerSpec {
    JetProcessSpec.checkCommon(name, processId, label);
    massF = massF == 0 ? 2000 : massF;
    ptHatMin = ptHatMin == 0 ? 1 : ptHatMin;
    nColours = nColours == 0 ? 2 : nColours;
    nFlavours = nFlavours == 0 ? 2 : nFlavours;
    lambda = lambda == 0 ? 20 : lambda;
    ptMin = ptMin == 0 ? 1.1 * lambda : ptMin;
    mesonMass = mesonMass == 0 ? 20 : mesonMass;
    JetProcessSpec.positive(name, "massF", massF);
    JetProcessSpec.positive(name, "ptHatMin", ptHatMin);
    JetProcessSpec.positive(name, "lambda", lambda);
    JetProcessSpec.positive(name, "ptMin", ptMin);
    JetProcessSpec.positive(name, "mesonMass", mesonMass);
    if (massF < 200 || massF > 6000) {
      throw new IllegalArgumentException("process " + name + ": massF must be in [200, 6000] GeV, found " + massF);
    }
    if (nColours < 2 || nColours > 10 || nFlavours < 1 || nFlavours > 10) {
      throw new IllegalArgumentException("process " + name + ": nColours must be in 2..10 and nFlavours in 1..10, found "
          + nColours + ", " + nFlavours);
    }
    if (!(alpha >= 0 && alpha < 5)) {
      throw new IllegalArgumentException("process " + name + ": alpha must be in [0, 5), found " + alpha);
    }
    if (alpha == 0 && !(ptMin > lambda)) {
      throw new IllegalArgumentException("process " + name + ": ptMin must exceed lambda for a running coupling, found "
          + ptMin + " <= " + lambda);
    }
    if (!(rInv >= 0 && rInv <= 1)) {
      throw new IllegalArgumentException("process " + name + ": rInv must be in [0, 1], found " + rInv);
    }
    if (!(mesonMass < 0.1 * massF)) {
      throw new IllegalArgumentException("process " + name + ": mesonMass must be below massF / 10, found " + mesonMass);
    }
  }

  /** Default r_inv of the built-in process. */
  public static final double DEFAULT_R_INV = 0.3;

  /** JSON creator: omitted numbers take their defaults (r_inv 0.3). */
  @JsonCreator
  static DarkShowerSpec fromJson(@JsonProperty("name") String name, @JsonProperty("processId") int processId,
      @JsonProperty("label") int label, @JsonProperty("massF") double massF, @JsonProperty("ptHatMin") double ptHatMin,
      @JsonProperty("nColours") int nColours, @JsonProperty("nFlavours") int nFlavours,
      @JsonProperty("lambda") double lambda, @JsonProperty("alpha") double alpha, @JsonProperty("ptMin") double ptMin,
      @JsonProperty("mesonMass") double mesonMass, @JsonProperty("rInv") Double rInv) {
    return new DarkShowerSpec(name, processId, label, massF, ptHatMin, nColours, nFlavours, lambda, alpha, ptMin,
        mesonMass, rInv == null ? DEFAULT_R_INV : rInv);
  }
}
