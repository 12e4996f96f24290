package org.nphunt.physics.jets;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.physics.jets.detector.JetDetectorSpec;
import org.nphunt.physics.jets.hadron.HadronisationSettings;
import org.nphunt.physics.jets.shower.ShowerSettings;

/**
 * What the jet-level generator produces: one or more processes mixed in given proportions among
 * SELECTED events, with the shower, hadronisation and detector settings, the selection and the
 * clustering of the optional dijet output. A single process is a one-component cocktail. Omitted
 * (null or 0) members take their defaults. Round-trips through JSON.
 *
 * @param name names the output and the random streams
 * @param components processes and their fractions of selected events (normalised to sum 1)
 * @param shower QCD shower settings (default {@link ShowerSettings#defaults()})
 * @param hadronisation fragmentation settings (default {@link HadronisationSettings#defaults()})
 * @param detector detector model (default {@link JetDetectorSpec#cmsLike()})
 * @param selection event selection (default {@link JetSelection#lhcOlympics()})
 * @param clustering clustering of the dijet output (default {@link DijetConfig#defaults()}: anti-kT R = 1)
 * @param maxParticles rows of the particle list (default 700, the LHC Olympics layout)
 */
public record JetCocktailSpec(String name, List<Component> components, ShowerSettings shower,
    HadronisationSettings hadronisation, JetDetectorSpec detector, JetSelection selection, DijetConfig clustering,
    int maxParticles) {

  /**
   * One process of the cocktail.
   *
   * @param process the process
   * @param fraction its share of selected events (&gt; 0; normalised over the cocktail)
   */
  public record Component(JetProcessSpec process, double fraction) {
    public Component {
      if (process == null) {
        throw new IllegalArgumentException("component process must be given, found null");
      }
      if (!(fraction > 0) || Double.isInfinite(fraction)) {
        throw new IllegalArgumentException("fraction of " + process.name() + " must be > 0, found " + fraction);
      }
    }
  }

  public JetCocktailSpec {
    if (name == null || !name.matches("[A-Za-z0-9_+.-]{1,40}")) {
      throw new IllegalArgumentException("cocktail name must be 1-40 characters [A-Za-z0-9_+.-], found " + name);
    }
    if (components == null || components.isEmpty()) {
      throw new IllegalArgumentException("components must list at least one process, found none");
    }
    components = List.copyOf(components);
    Set<String> names = new HashSet<>();
    Set<Integer> ids = new HashSet<>();
    for (Component c : components) {
      if (!names.add(c.process().name())) {
        throw new IllegalArgumentException("process names must be unique, found " + c.process().name() + " twice");
      }
      if (!ids.add(c.process().processId())) {
        throw new IllegalArgumentException("process ids must be unique, found " + c.process().processId() + " twice");
      }
    }
    shower = shower == null ? ShowerSettings.defaults() : shower;
    hadronisation = hadronisation == null ? HadronisationSettings.defaults() : hadronisation;
    detector = detector == null ? JetDetectorSpec.cmsLike() : detector;
    selection = selection == null ? JetSelection.lhcOlympics() : selection;
    clustering = clustering == null ? DijetConfig.defaults() : clustering;
    maxParticles = maxParticles == 0 ? ParticleListSchema.LHCO_PARTICLES : maxParticles;
    if (maxParticles < 10 || maxParticles > 100_000) {
      throw new IllegalArgumentException("maxParticles must be in 10..100000, found " + maxParticles);
    }
  }

  /** One process with every other setting at its default and the given selection. */
  public static JetCocktailSpec single(JetProcessSpec process, JetSelection selection, DijetConfig clustering) {
    return new JetCocktailSpec(process.name(), List.of(new Component(process, 1.0)), null, null, null, selection,
        clustering, 0);
  }

  /** The same cocktail with other components (settings kept). */
  public JetCocktailSpec withComponents(String newName, List<Component> newComponents) {
    return new JetCocktailSpec(newName, newComponents, shower, hadronisation, detector, selection, clustering,
        maxParticles);
  }

  /** The same cocktail with other shower and hadronisation settings. */
  public JetCocktailSpec withPhysics(ShowerSettings newShower, HadronisationSettings newHadronisation) {
    return new JetCocktailSpec(name, components, newShower, newHadronisation, detector, selection, clustering,
        maxParticles);
  }

  /** Normalised fractions in component order. */
  public double[] normalisedFractions() {
    double sum = 0;
    for (Component c : components) {
      sum += c.fraction();
    }
    double[] f = new double[components.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = Math.abs(sum - 1) < 1e-9 ? components.get(i).fraction() : components.get(i).fraction() / sum;
    }
    return f;
  }
}
