package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.hdf5.Dtype;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.io.Hashing;
import org.nphunt.json.Json;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.run.RealDataset;

/** {@code nphunt run} through the command line, on generated data and on files in the published layout. */
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void runsOnAFolderOfFilesWithThePublishedNames() throws Exception {
    Path real = Files.createDirectories(dir.resolve("adc2021"));
    // the background: the h5py-written fixture (float64, gzip-chunked, as the published files)
    Files.copy(InspectCommandTest.fixture(), real.resolve(RealDataset.BACKGROUND));
    try (Hdf5EventWriter w = Hdf5EventWriter.create(real.resolve(RealDataset.SIGNALS.get("Ato4l")),
        WriteOptions.defaults().withDtype(Dtype.FLOAT64))) {
      EventGenerator.generate(Processes.builtIn("Ato4l"), 600, 1, 2, w, null);
      w.commit();
    }
    Cli.Run r = Cli.run("run", "--data", real.toString(), "--models", "dense",
        "--events", "1200", "--epochs", "2", "--out", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("training on events [0, 1000), testing on [1000, 2000)"), r.out());
    assertTrue(r.out().contains("| dense | mse | Ato4l |"), "results first: the summary table\n" + r.out());
    Path run;
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      run = s.findFirst().orElseThrow();
    }
    assertFalse(Files.exists(run.resolve("data")), "real data is not copied");
    JsonNode manifest = Json.mapper().readTree(run.resolve("run.json").toFile());
    assertEquals(Hashing.sha256(real.resolve(RealDataset.BACKGROUND)), manifest.at("/inputs/0/sha256").asText());
    assertEquals(2, manifest.at("/inputs").size(), "background and the one signal present");
    assertTrue(Files.readString(run.resolve("results.md")).contains("Ato4l"));
  }

  @Test
  void missingDataFolderIsOneLineAndExit1() {
    Cli.Run r = Cli.run("run", "--data", dir.resolve("none").toString(),
        "--out", dir.resolve("runs").toString());
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no such directory"), r.err());
  }

  @Test
  void badValuesAreUsageErrors() {
    Cli.Run r = Cli.run("run", "--models", "lstm", "--out", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("models must be among"), r.err());
    r = Cli.run("run", "--events", "-5", "--out", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--events must be > 0, found -5"), r.err());
    // the RunConfig's fields are named as the options
    r = Cli.run("run", "--batch", "0", "--out", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("nphunt: invalid value: --batch must be > 0, found 0\n", r.err());
  }
}
