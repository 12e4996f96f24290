package org.nphunt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

/** {@link Events#join} joins blocks of one full schema and refuses any layout difference in one line. */
class EventsJoinTest {

  /** A one-tensor, one-column schema named "toy" whose every layout property the test can vary. */
  record Toy(List<Integer> shape, List<Feature> features, TensorSpec.Padding padding, List<ColumnSpec> columns,
      String tensorName) implements EventSchema {
    static Toy base() {
      return new Toy(List.of(2, 2), List.of(Feature.gev("pt", "transverse momentum"), Feature.eta("eta", "pseudorapidity")),
          TensorSpec.Padding.ZERO_ROWS, List.of(ColumnSpec.optional("mJJ", ColumnType.FLOAT64, "GeV", "dijet mass")), "jets");
    }

    @Override
    public String name() {
      return "toy";
    }

    @Override
    public String description() {
      return "test layout";
    }

    @Override
    public List<TensorSpec> tensors() {
      return List.of(new TensorSpec(tensorName, shape, features, padding, ""));
    }

    Toy withShape(List<Integer> s) {
      return new Toy(s, features, padding, columns, tensorName);
    }

    Toy withFeatures(List<Feature> f) {
      return new Toy(shape, f, padding, columns, tensorName);
    }

    Toy withPadding(TensorSpec.Padding p) {
      return new Toy(shape, features, p, columns, tensorName);
    }

    Toy withColumns(List<ColumnSpec> c) {
      return new Toy(shape, features, padding, c, tensorName);
    }

    Toy withTensorName(String n) {
      return new Toy(shape, features, padding, columns, n);
    }
  }

  private static Events block(EventSchema s, int size, double first) {
    Events e = Events.zeros(s, size);
    double[] t = e.tensor(0);
    for (int i = 0; i < t.length; i++) {
      t[i] = first + i;
    }
    return e;
  }

  private static String refused(EventSchema a, EventSchema b) {
    String m = assertThrows(NphuntException.class, () -> Events.join(List.of(block(a, 1, 0), block(a, 2, 0), block(b, 1, 0))))
        .getMessage();
    assertFalse(m.contains("\n"), m);
    return m;
  }

  @Test
  void equalLayoutsJoinInOrder() {
    Toy s = Toy.base();
    Events a = block(s, 2, 0);
    Events b = block(Toy.base(), 1, 100); // an equal schema object, not the same one
    a.setColumn("mJJ", new double[] {1000, 2000});
    b.setColumn("mJJ", new double[] {3000});
    Events j = Events.join(List.of(a, b));
    assertEquals(3, j.size());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 102, 103}, j.tensor(0));
    assertArrayEquals(new double[] {1000, 2000, 3000}, (double[]) j.column("mJJ"));
    assertNull(Events.schemaDifference(s, Toy.base()));
  }

  @Test
  void descriptionsAndRangesDoNotMatter() {
    Toy a = Toy.base();
    Toy b = a.withFeatures(List.of(Feature.of("pt", "GeV", 0, 50, "other text"), Feature.eta("eta", "other")))
        .withColumns(List.of(new ColumnSpec("mJJ", ColumnType.FLOAT64, "GeV", true, "required here")));
    assertNull(Events.schemaDifference(a, b));
    assertEquals(2, Events.join(List.of(block(a, 1, 0), block(b, 1, 0))).size());
  }

  @Test
  void otherSchemaNameIsRefused() {
    String m = refused(new TopTaggingSchema(3), Toy.base());
    assertEquals("cannot join event blocks: block 2 differs from block 0 (schema toptagging): schema name toptagging vs toy",
        m);
  }

  @Test
  void sameNameOtherShapeIsRefused() {
    // the case the name check let through: the second block's rows would have been misaligned
    assertEquals("cannot join event blocks: block 2 differs from block 0 (schema toptagging): tensor 'constituents'"
        + " shape (200,4) vs (100,4)", refused(TopTaggingSchema.published(), new TopTaggingSchema(100)));
    assertEquals("cannot join event blocks: block 2 differs from block 0 (schema toy): tensor 'jets' shape (2,2) vs (3,2)",
        refused(Toy.base(), Toy.base().withShape(List.of(3, 2))));
  }

  @Test
  void featureNameUnitAndPaddingAreCompared() {
    Toy a = Toy.base();
    assertEquals("tensor 'jets' feature 1 name 'eta' vs 'y'", Events.schemaDifference(a,
        a.withFeatures(List.of(Feature.gev("pt", ""), Feature.eta("y", "")))));
    assertEquals("tensor 'jets' feature 'pt' unit 'GeV' vs 'TeV'", Events.schemaDifference(a,
        a.withFeatures(List.of(Feature.of("pt", "TeV", 0, 14, ""), Feature.eta("eta", "")))));
    assertEquals("tensor 'jets' padding ZERO_ROWS vs NONE", Events.schemaDifference(a, a.withPadding(TensorSpec.Padding.NONE)));
    assertEquals("tensor 0 name 'jets' vs 'fatjets'", Events.schemaDifference(a, a.withTensorName("fatjets")));
    String m = refused(a, a.withFeatures(List.of(Feature.of("pt", "TeV", 0, 14, ""), Feature.eta("eta", ""))));
    assertEquals("cannot join event blocks: block 2 differs from block 0 (schema toy): tensor 'jets' feature 'pt' unit"
        + " 'GeV' vs 'TeV'", m);
  }

  @Test
  void columnNameTypeUnitAndCountAreCompared() {
    Toy a = Toy.base();
    assertEquals("column 'mJJ' type FLOAT64 vs FLOAT32", Events.schemaDifference(a,
        a.withColumns(List.of(ColumnSpec.optional("mJJ", ColumnType.FLOAT32, "GeV", "")))));
    assertEquals("column 'mJJ' unit 'GeV' vs 'TeV'", Events.schemaDifference(a,
        a.withColumns(List.of(ColumnSpec.optional("mJJ", ColumnType.FLOAT64, "TeV", "")))));
    assertEquals("column 0 name 'mJJ' vs 'mjj'", Events.schemaDifference(a,
        a.withColumns(List.of(ColumnSpec.optional("mjj", ColumnType.FLOAT64, "GeV", "")))));
    assertEquals("1 columns vs 2 (first unmatched: 'label')", Events.schemaDifference(a,
        a.withColumns(List.of(ColumnSpec.optional("mJJ", ColumnType.FLOAT64, "GeV", ""),
            ColumnSpec.optional("label", ColumnType.INT32, "", "")))));
    assertEquals("column 'mJJ' type FLOAT64 vs FLOAT32", refused(a,
        a.withColumns(List.of(ColumnSpec.optional("mJJ", ColumnType.FLOAT32, "GeV", "")))).replaceFirst(".*: column", "column"));
  }
}
