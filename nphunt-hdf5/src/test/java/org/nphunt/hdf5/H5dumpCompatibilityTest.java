package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;

/** The HDF5 tools read nphunt's files: header, values and strings (CI installs hdf5-tools). */
class H5dumpCompatibilityTest {
  @TempDir Path dir;

  private static String h5dump(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("h5dump");
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "h5dump not installed (apt-get install -y hdf5-tools); skipping the h5dump check");
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "h5dump " + args + " failed:\n" + out);
    return out;
  }

  @Test
  void h5dumpReadsFloat32GzipFile() throws Exception {
    Path f = dir.resolve("events.h5");
    EventBatch b = TestEvents.random(1500, 9, true, true);
    b.set(1499, 0, 0, 12.5);
    b.set(1499, 0, 2, -0.25);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(b);
      w.attribute("generator", "nphunt test");
      w.commit();
    }
    String header = h5dump("-H", "-p", f.toString());
    assertTrue(header.contains("DATASET \"Particles\""), header);
    assertTrue(header.contains("H5T_IEEE_F32LE"), header);
    assertTrue(header.contains("( 1500, 19, 4 )"), header);
    assertTrue(header.contains("CHUNKED ( 1000, 19, 4 )"), header);
    assertTrue(header.contains("COMPRESSION DEFLATE { LEVEL 4 }"), header);
    assertTrue(header.contains("DATASET \"EvtId\"") && header.contains("DATASET \"ProcessId\""), header);
    assertTrue(header.contains("ATTRIBUTE \"generator\""), header);
    // Values from the last (partial) chunk, written with direct chunk I/O.
    String data = h5dump("-d", "/Particles", "-s", "1499,0,0", "-c", "1,1,4", f.toString());
    assertTrue(data.contains("(1499,0,0): 12.5, 0, -0.25, 1"), data);
    String ids = h5dump("-d", "/EvtId", "-s", "1499", "-c", "1", f.toString());
    assertTrue(ids.contains("(1499): " + b.evtId()[1499]), ids);
    String names = h5dump("-d", "/Particles_Names", "-d", "/Particles_Classes", f.toString());
    assertTrue(names.contains("STRSIZE 5;") && names.contains("STRSIZE 16;") && names.contains("H5T_STR_NULLPAD"), names);
    assertTrue(names.contains("\"Pt\\000\\000\\000\", \"Eta\\000\\000\", \"Phi\\000\\000\", \"Class\""), names);
    assertTrue(names.contains("\"Four_Ele_class_2\""), names);
  }

  @Test
  void h5dumpReadsFloat64UncompressedAndScoreFiles() throws Exception {
    Path f = dir.resolve("events64.h5");
    EventBatch b = TestEvents.random(10, 9, false, false);
    b.set(3, 0, 0, 0.1);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withDtype(Dtype.FLOAT64).withGzipLevel(0))) {
      w.write(b);
      w.commit();
    }
    String header = h5dump("-H", "-p", f.toString());
    assertTrue(header.contains("H5T_IEEE_F64LE") && header.contains("( 10, 19, 4 )"), header);
    String data = h5dump("-m", "%.17g", "-d", "/Particles", "-s", "3,0,0", "-c", "1,1,1", f.toString());
    assertTrue(data.contains("(3,0,0): 0.10000000000000001"), data);

    Path s = dir.resolve("scores.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(s, List.of("mse"), false)) {
      w.write(2, new double[][] {{0.5, 2.25}}, new long[] {7, 8}, new int[] {1, 2});
      w.commit();
    }
    String scores = h5dump("-d", "/mse", s.toString());
    assertTrue(scores.contains("(0): 0.5, 2.25"), scores);
  }
}
