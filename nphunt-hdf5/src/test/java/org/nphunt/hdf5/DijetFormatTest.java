package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.DijetFeatures;

/**
 * The dijet layout: nphunt's writer and reader round-trip exactly (float32 values), and a file of the
 * published code's kind (no coordinate attribute, absolute eta/phi, only the 11 required features) is
 * recognised as absolute and converted to nphunt's relative coordinates; an undecidable file fails.
 */
class DijetFormatTest {
  @TempDir static Path dir;
  static Events relative;
  static DijetSchema schema = DijetSchema.nphunt(30);

  /** 40 real LHC Olympics events clustered by DijetFeatures (C = 30), as float32 values. */
  @BeforeAll
  static void events() {
    int n = 40;
    DijetFeatures b = new DijetFeatures(new DijetConfig(1.0, 0, 30, 0.1, 0));
    double[] c = new double[n * 2 * 30 * 3];
    double[] f = new double[n * DijetFeatures.N_FEATURES];
    int[] label = new int[n];
    try (LhcOlympicsReader r = LhcOlympicsReader.open(LhcOlympicsReaderTest.fixture())) {
      Events in = r.read(0, n);
      float[] cf = new float[2 * 30 * 3];
      double[] feat = new double[DijetFeatures.N_FEATURES];
      for (int e = 0; e < n; e++) {
        b.compute(in.tensor(0), e * 2100, 700, feat, 0, cf, 0);
        for (int i = 0; i < cf.length; i++) {
          c[e * cf.length + i] = cf[i];
        }
        for (int i = 0; i < feat.length; i++) {
          f[e * feat.length + i] = (float) feat[i];
        }
        label[e] = ((int[]) in.column("label"))[e];
      }
    }
    // DijetFeatures' order is the schema's: required then substructure features.
    List<String> names = new ArrayList<>(DijetFeatures.FEATURE_NAMES);
    schema = new DijetSchema(30, names);
    relative = new Events(schema, n, new double[][] {c, f}, new Object[] {null, label, null});
  }

  @Test
  void roundTripIsExact() {
    Path file = dir.resolve("rt.h5");
    try (DijetWriter w = DijetWriter.create(file, schema, true)) {
      w.write(relative.slice(0, 25));
      w.write(relative.slice(25, 15));
      w.attribute("manifest", "{}");
      w.commit();
    }
    try (DijetReader r = DijetReader.open(file)) {
      assertEquals(40, r.size());
      assertEquals(schema, r.schema());
      assertFalse(r.convertsAbsoluteCoordinates());
      assertTrue(r.hasColumn(DijetSchema.TRUTH_LABEL));
      assertFalse(r.hasColumn("ProcessId"));
      Events back = r.read(0, 40);
      assertArrayEquals(relative.tensor(0), back.tensor(0));
      assertArrayEquals(relative.tensor(1), back.tensor(1));
      assertArrayEquals((int[]) relative.column(DijetSchema.TRUTH_LABEL), (int[]) back.column(DijetSchema.TRUTH_LABEL));
      assertEquals(List.of("eta", "phi", "pt"), r.particleFeatureNames());
      assertTrue(r.attributes().get(DijetWriter.COORDINATES_ATTRIBUTE).startsWith("relative"));
      assertTrue(r.notes().isEmpty(), r.notes().toString());
    }
  }

  /** Writes a file as the published code would: absolute coordinates, no attribute, 11 features. */
  static Path published(String name, boolean absolute, List<String> particleNames) {
    Path file = dir.resolve(name);
    int n = relative.size();
    int c = schema.constituents();
    List<String> req = DijetSchema.REQUIRED_FEATURES;
    double[] f = new double[n * req.size()];
    double[] cons = relative.tensor(0).clone();
    double[] rf = relative.tensor(1);
    int w = schema.eventFeatures().size();
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < req.size(); i++) {
        f[e * req.size() + i] = rf[e * w + schema.featureIndex(req.get(i))];
      }
      if (absolute) {
        for (int jet = 0; jet < 2; jet++) {
          double eta = rf[e * w + schema.featureIndex(jet == 0 ? "j1Eta" : "j2Eta")];
          double phi = rf[e * w + schema.featureIndex(jet == 0 ? "j1Phi" : "j2Phi")];
          for (int k = 0; k < c; k++) {
            int o = ((e * 2 + jet) * c + k) * 3;
            if (cons[o + 2] == 0) {
              continue;
            }
            cons[o] = (float) (cons[o] + eta);
            cons[o + 1] = (float) Math.atan2(Math.sin(cons[o + 1] + phi), Math.cos(cons[o + 1] + phi));
          }
        }
      }
    }
    // Stored in the order the names give.
    double[] stored = cons.clone();
    String[] std = {"eta", "phi", "pt"};
    for (int r = 0; r < n * 2 * c; r++) {
      for (int s = 0; s < 3; s++) {
        int f0 = List.of(std).indexOf(particleNames.get(s));
        stored[3 * r + s] = cons[3 * r + f0];
      }
    }
    RawHdf5.write(file, List.of(
        RawHdf5.Dataset.contiguous(DijetSchema.CONSTITUENTS, RawHdf5.Type.FLOAT32, new long[] {n, 2, c, 3}, stored),
        RawHdf5.Dataset.contiguous(DijetSchema.EVENT_FEATURES, RawHdf5.Type.FLOAT32, new long[] {n, req.size()}, f)));
    H5.run(() -> {
      long id = H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
      H5.writeFixedStrings(id, "particleFeatureNames", particleNames, file.toString());
      H5.writeFixedStrings(id, "eventFeatureNames", req, file.toString());
      H5Fclose(id);
    });
    return file;
  }

  @Test
  void publishedAbsoluteCoordinatesAreDetectedAndConverted() {
    Path file = published("pofah_abs.h5", true, List.of("eta", "phi", "pt"));
    try (DijetReader r = DijetReader.open(file)) {
      assertTrue(r.convertsAbsoluteCoordinates());
      assertTrue(r.notes().get(0).contains("absolute coordinates converted to relative"), r.notes().toString());
      Events back = r.read(0, 40);
      double[] want = relative.tensor(0);
      double[] got = back.tensor(0);
      double[] f = relative.tensor(1);
      int w = schema.eventFeatures().size();
      int exact = 0;
      for (int i = 0; i < want.length; i++) {
        int e = i / (2 * 30 * 3);
        boolean j2 = (i / (30 * 3)) % 2 == 1;
        // j2's axis is known up to the sign of DeltaEtaJJ / DeltaPhiJJ: exact unless the two candidates nearly coincide
        double bound = j2 ? 2 * Math.max(f[e * w + schema.featureIndex("DeltaEtaJJ")] < 0.05 ? f[e * w + schema.featureIndex("DeltaEtaJJ")] : 0,
            Math.PI - f[e * w + schema.featureIndex("DeltaPhiJJ")] < 0.05 ? Math.PI - f[e * w + schema.featureIndex("DeltaPhiJJ")] : 0) : 0;
        assertEquals(want[i], got[i], 2e-5 + bound, "value " + i);
        exact += Math.abs(want[i] - got[i]) <= 2e-5 ? 1 : 0;
      }
      assertTrue(exact > 0.99 * want.length, exact + " of " + want.length);
      assertEquals(DijetSchema.REQUIRED_FEATURES, r.dijetSchema().eventFeatures());
    }
  }

  @Test
  void publishedRelativeFileWithReorderedNamesIsReadByName() {
    Path file = published("rel_reordered.h5", false, List.of("pt", "eta", "phi"));
    try (DijetReader r = DijetReader.open(file)) {
      assertFalse(r.convertsAbsoluteCoordinates());
      assertTrue(r.notes().get(0).contains("read as relative"), r.notes().toString());
      assertArrayEquals(relative.tensor(0), r.read(0, 40).tensor(0));
    }
  }

  @Test
  void unknownParticleFeatureNamesFail() {
    Path file = published("bad_names.h5", false, List.of("eta", "phi", "pt"));
    H5.run(() -> {
      long id = H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
      H5Ldelete(id, "particleFeatureNames", H5P_DEFAULT);
      H5.writeFixedStrings(id, "particleFeatureNames", List.of("px", "py", "pz"), file.toString());
      H5Fclose(id);
    });
    NphuntException e = assertThrows(NphuntException.class, () -> DijetReader.open(file).close());
    assertTrue(e.getMessage().contains("bad_names.h5:/particleFeatureNames is [px, py, pz]: no 'eta'"), e.getMessage());
  }

  @Test
  void undecidableCoordinatesFailWithAClearLine() {
    Path file = dir.resolve("mixed.h5");
    Path abs = published("half_abs.h5", true, List.of("eta", "phi", "pt"));
    Path rel = published("half_rel.h5", false, List.of("eta", "phi", "pt"));
    // half the events absolute, half relative
    try (Hdf5File a = Hdf5File.open(abs); Hdf5File b = Hdf5File.open(rel);
         ChunkedDataset ca = a.dataset(DijetSchema.CONSTITUENTS, "x"); ChunkedDataset cb = b.dataset(DijetSchema.CONSTITUENTS, "x");
         ChunkedDataset fa = a.dataset(DijetSchema.EVENT_FEATURES, "x")) {
      double[] x = ca.readDoubles(0, 40);
      double[] y = cb.readDoubles(0, 40);
      System.arraycopy(y, 0, x, 0, x.length / 2);
      RawHdf5.write(file, List.of(
          RawHdf5.Dataset.contiguous(DijetSchema.CONSTITUENTS, RawHdf5.Type.FLOAT32, new long[] {40, 2, 30, 3}, x),
          RawHdf5.Dataset.contiguous(DijetSchema.EVENT_FEATURES, RawHdf5.Type.FLOAT32, new long[] {40, 11}, fa.readDoubles(0, 40))));
    }
    H5.run(() -> {
      long id = H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
      H5.writeFixedStrings(id, "particleFeatureNames", List.of("eta", "phi", "pt"), file.toString());
      H5.writeFixedStrings(id, "eventFeatureNames", DijetSchema.REQUIRED_FEATURES, file.toString());
      H5Fclose(id);
    });
    NphuntException e = assertThrows(NphuntException.class, () -> DijetReader.open(file).close());
    assertTrue(e.getMessage().contains("cannot tell whether constituent eta/phi are absolute or relative"), e.getMessage());
    assertTrue(e.getMessage().contains("constituent_coordinates = 'relative' or 'absolute'"), e.getMessage());
  }
  /** The merge sort by hand: decreasing pT, equal pT (padding included) in file order. */
  @Test
  void sortByPtIsStableAndPutsPaddingLast() {
    double[] pts = {0, 5, 0, 7, 5, 1, 5};
    double[] c = new double[3 + 3 * pts.length]; // one leading value: the jet starts at offset 3
    for (int k = 0; k < pts.length; k++) {
      c[3 + 3 * k + 2] = pts[k];
    }
    int[] idx = {0, 1, 2, 3, 4, 5, 6};
    DijetReader.sortByPt(idx, new int[7], c, 3, 7);
    assertArrayEquals(new int[] {3, 1, 4, 6, 5, 0, 2}, idx);
    int[] one = {0};
    DijetReader.sortByPt(one, new int[1], c, 3, 1);
    assertArrayEquals(new int[] {0}, one);
  }

  /**
   * A file whose jets list their constituents in increasing pT with the padding first (every jet's list
   * reversed) reads as the pT-ordered original: same pT column, same rows, the first offending jet named
   * in a note; reading in two blocks gives the same events. Before, the models cut such a list to its
   * softest constituents and the Chamfer mask took padded slots as particles, in silence.
   */
  @Test
  void constituentsOutOfPtOrderAreSortedOnReadingAndNoted() {
    int n = relative.size();
    int c = schema.constituents();
    double[] want = relative.tensor(0);
    double[] reversed = want.clone();
    for (int jet = 0; jet < 2 * n; jet++) {
      for (int k = 0; k < c; k++) {
        System.arraycopy(want, (jet * c + k) * 3, reversed, (jet * c + c - 1 - k) * 3, 3);
      }
    }
    Path file = dir.resolve("reversed.h5");
    try (DijetWriter w = DijetWriter.create(file, schema, true)) {
      w.write(new Events(schema, n, new double[][] {reversed, relative.tensor(1).clone()},
          new Object[] {null, relative.column(DijetSchema.TRUTH_LABEL), null}));
      w.commit();
    }
    // the first offending constituent: of event 0, jet 1, reversed: the last (softest) real one moved to
    // the head, right after the padding, or the second slot when the jet is full
    int real0 = 0;
    while (real0 < c && want[3 * real0 + 2] > 0) {
      real0++;
    }
    int bad = real0 < c ? c - real0 : 1;
    double badPt = reversed[3 * bad + 2];
    double before = reversed[3 * (bad - 1) + 2];
    assertTrue(badPt > before, badPt + " after " + before);
    try (DijetReader r = DijetReader.open(file)) {
      Events all = r.read(0, n);
      assertEquals(List.of(file + ":/jetConstituentsList: constituents not in decreasing pT order (first: event 0,"
          + " jet 1, constituent " + bad + " has pT " + badPt + " GeV after " + before + "): each such"
          + " jet's constituents sorted by decreasing pT on reading, padding last"), r.notes());
      double[] got = all.tensor(0);
      for (int jet = 0; jet < 2 * n; jet++) {
        List<String> wantRows = new ArrayList<>();
        List<String> gotRows = new ArrayList<>();
        for (int k = 0; k < c; k++) {
          int o = (jet * c + k) * 3;
          assertEquals(want[o + 2], got[o + 2], "pT of jet " + jet + " constituent " + k);
          wantRows.add(want[o] + "," + want[o + 1] + "," + want[o + 2]);
          gotRows.add(got[o] + "," + got[o + 1] + "," + got[o + 2]);
        }
        // equal pT may come out in the reversed file's order: the rows agree as a set
        wantRows.sort(null);
        gotRows.sort(null);
        assertEquals(wantRows, gotRows, "rows of jet " + jet);
      }
      Events first = r.read(0, 17);
      Events rest = r.read(17, n - 17);
      assertArrayEquals(got, Events.join(List.of(first, rest)).tensor(0));
      assertArrayEquals(relative.tensor(1), all.tensor(1));
    }
  }

  /** A published-style relative file whose truth_label dataset has the given type and values. */
  static Path withLabels(String name, RawHdf5.Type type, double[] labels) {
    Path file = dir.resolve(name);
    Path rel = published("for_" + name, false, List.of("eta", "phi", "pt"));
    try (Hdf5File a = Hdf5File.open(rel); ChunkedDataset c = a.dataset(DijetSchema.CONSTITUENTS, "x");
         ChunkedDataset f = a.dataset(DijetSchema.EVENT_FEATURES, "x")) {
      RawHdf5.write(file, List.of(
          RawHdf5.Dataset.contiguous(DijetSchema.CONSTITUENTS, RawHdf5.Type.FLOAT32, new long[] {40, 2, 30, 3}, c.readDoubles(0, 40)),
          RawHdf5.Dataset.contiguous(DijetSchema.EVENT_FEATURES, RawHdf5.Type.FLOAT32, new long[] {40, 11}, f.readDoubles(0, 40)),
          RawHdf5.Dataset.contiguous(DijetSchema.TRUTH_LABEL, type, new long[] {40}, labels)));
    }
    H5.run(() -> {
      long id = H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
      H5.writeFixedStrings(id, "particleFeatureNames", List.of("eta", "phi", "pt"), file.toString());
      H5.writeFixedStrings(id, "eventFeatureNames", DijetSchema.REQUIRED_FEATURES, file.toString());
      H5Fclose(id);
    });
    return file;
  }

  /**
   * truth_label is 0 or 1: float labels 0.0/1.0 read as such, while NaN, 0.7 (float) or 7, -1 (integer)
   * are refused naming the event; they used to be cast to an integer in silence (NaN and 0.7 -> 0
   * background, 7 -> a label the hunt counted as signal).
   */
  @Test
  void truthLabelsOtherThanZeroOrOneAreRefused() {
    double[] ok = new double[40];
    ok[3] = 1;
    try (DijetReader r = DijetReader.open(withLabels("float_ok.h5", RawHdf5.Type.FLOAT32, ok))) {
      int[] l = (int[]) r.read(0, 40).column(DijetSchema.TRUTH_LABEL);
      assertEquals(1, l[3]);
      assertEquals(1, java.util.Arrays.stream(l).sum());
    }
    record Case(String file, RawHdf5.Type type, int event, double value, String shown) { }
    for (Case c : List.of(new Case("nan.h5", RawHdf5.Type.FLOAT32, 17, Double.NaN, "NaN"),
        new Case("frac.h5", RawHdf5.Type.FLOAT64, 5, 0.7, "0.7"),
        new Case("seven.h5", RawHdf5.Type.INT32, 39, 7, "7"),
        new Case("minus.h5", RawHdf5.Type.INT64, 0, -1, "-1"))) {
      double[] v = ok.clone();
      v[c.event()] = c.value();
      try (DijetReader r = DijetReader.open(withLabels(c.file(), c.type(), v))) {
        NphuntException e = assertThrows(NphuntException.class, () -> r.read(0, 40));
        assertEquals(dir.resolve(c.file()) + ":/truth_label: event " + c.event() + ": label is " + c.shown()
            + ", expected 0 (background) or 1 (signal)", e.getMessage());
      }
    }
  }
}
