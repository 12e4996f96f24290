package org.nphunt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates the project's shared folder ({@code ../shared} beside the repository: {@code fixtures/}
 * written by other tools, {@code cases/} from real-world reports). The build passes its location as
 * the system property {@code nphunt.shared}; a test whose fixture is absent is skipped with a message.
 */
public final class SharedFixtures {
  private SharedFixtures() {}

  /** The shared directory, or skips the test with a clear message. */
  public static Path root() {
    List<String> candidates = new ArrayList<>();
    String prop = System.getProperty("nphunt.shared");
    if (prop != null) {
      candidates.add(prop);
    }
    candidates.addAll(List.of("../shared", "../../shared", "/work/shared"));
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isDirectory(p.resolve("fixtures"))) {
        return p;
      }
    }
    assumeTrue(false, "shared fixtures not found (tried " + candidates + "); skipping");
    return null;
  }

  /** {@code shared/fixtures/NAME}. */
  public static Path fixture(String name) {
    return root().resolve("fixtures").resolve(name);
  }

  /** {@code shared/cases/NAME}. */
  public static Path useCase(String name) {
    return root().resolve("cases").resolve(name);
  }

  /** The ADC2021-layout file written by h5py. */
  public static Path adc2021H5py() {
    return fixture("adc2021_layout_h5py.h5");
  }
}
