package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;

/** {@link ColumnTable}: int32 and float64 columns with attributes round-trip exactly, in order, atomically. */
class ColumnTableTest {
  @TempDir Path dir;

  @Test
  void roundTripsTypesValuesOrderAndAttributes() {
    Path f = dir.resolve("t.h5");
    double[] m = {3500.25, Double.NaN, -0.0, 1e300};
    int[] label = {1, 0, -1, Integer.MIN_VALUE};
    new ColumnTable(List.of(new ColumnTable.Column("zeta", m, Map.of("unit", "GeV")),
        new ColumnTable.Column("label", label, Map.of("coding", "1: signal, 0: background, -1: unknown"))),
        Map.of("nphunt.what", "test")).write(f, false);
    ColumnTable t = ColumnTable.read(f);
    assertEquals(List.of("zeta", "label"), t.names(), "creation order, not name order");
    assertEquals(4, t.size());
    assertArrayEquals(m, t.column("zeta").doubles());
    assertArrayEquals(label, t.column("label").ints());
    assertTrue(t.column("label").values() instanceof int[], "int32 stays an integer dataset");
    assertEquals("GeV", t.column("zeta").attributes().get("unit"));
    assertEquals("1: signal, 0: background, -1: unknown", t.column("label").attributes().get("coding"));
    assertEquals("test", t.attributes().get("nphunt.what"));
    assertThrows(NphuntException.class, () -> t.column("zeta").ints());
    NphuntException e = assertThrows(NphuntException.class, () -> t.column("nope"));
    assertTrue(e.getMessage().contains("available: [zeta, label]"), e.getMessage());
  }

  @Test
  void refusesAnExistingFileWithoutForceAndLeavesNoTemporary() throws Exception {
    Path f = dir.resolve("t.h5");
    ColumnTable a = new ColumnTable(List.of(new ColumnTable.Column("x", new int[] {1, 2}, null)), null);
    a.write(f, false);
    assertThrows(NphuntException.class, () -> a.write(f, false));
    new ColumnTable(List.of(new ColumnTable.Column("x", new int[] {7}, null)), null).write(f, true);
    assertArrayEquals(new int[] {7}, ColumnTable.read(f).column("x").ints());
    try (var s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }

  @Test
  void rejectsBadTables() {
    assertThrows(IllegalArgumentException.class, () -> new ColumnTable(List.of(new ColumnTable.Column("a", new int[2], null),
        new ColumnTable.Column("b", new double[3], null)), null));
    assertThrows(IllegalArgumentException.class, () -> new ColumnTable.Column("a/b", new int[1], null));
    assertThrows(IllegalArgumentException.class, () -> new ColumnTable.Column("a", new long[1], null));
    assertArrayEquals(new double[] {3}, new ColumnTable.Column("a", new int[] {3}, null).doubles());
  }
}
