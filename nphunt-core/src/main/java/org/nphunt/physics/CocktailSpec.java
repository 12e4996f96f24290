package org.nphunt.physics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code nphunt generate} produces: one or more processes mixed in given proportions among
 * TRIGGERED events, with one detector description. A single signal is a one-component cocktail.
 *
 * @param name names the output and the random streams ("sm", "Ato4l", ...)
 * @param components processes and their fractions of accepted events (normalised to sum 1)
 * @param detector detector response (null: {@link DetectorSpec#cmsLike()})
 */
public record CocktailSpec(String name, List<Component> components, DetectorSpec detector) {

  /**
   * One process of the cocktail.
   *
   * @param process the process
   * @param fraction its share of accepted events (> 0; normalised over the cocktail)
   */
  public record Component(ProcessSpec process, double fraction) {
    public Component {
      if (process == null) {
        throw new IllegalArgumentException("component process must be given, found null");
      }
      if (!(fraction > 0) || !Double.isFinite(fraction)) {
        throw new IllegalArgumentException("fraction of " + process.name() + " must be > 0, found " + fraction);
      }
    }
  }

  public CocktailSpec {
    if (name == null || !name.matches("[A-Za-z0-9_+.-]{1,40}")) {
      throw new IllegalArgumentException("name must be 1-40 characters [A-Za-z0-9_+.-], found " + name);
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
    if (detector == null) {
      detector = DetectorSpec.cmsLike();
    }
  }

  /** A cocktail of one process. */
  public static CocktailSpec single(ProcessSpec process) {
    return new CocktailSpec(process.name(), List.of(new Component(process, 1.0)), DetectorSpec.cmsLike());
  }

  /** Normalised fractions in component order. */
  public double[] normalisedFractions() {
    double sum = 0;
    for (Component c : components) {
      sum += c.fraction();
    }
    double[] f = new double[components.size()];
    for (int i = 0; i < f.length; i++) {
      // fractions that already sum to 1 are kept exactly as given
      f[i] = Math.abs(sum - 1) < 1e-9 ? components.get(i).fraction() : components.get(i).fraction() / sum;
    }
    return f;
  }
}
