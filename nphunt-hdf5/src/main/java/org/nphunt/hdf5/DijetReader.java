package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.Notes;

/**
 * Reads the dijet layout ({@link DijetSchema}): nphunt's own files ({@link DijetWriter}) and those of
 * the published dijet-VAE code (pofah/vande): {@code jetConstituentsList} (N, 2, C, 3) with
 * {@code particleFeatureNames} (eta, phi, pt in any order, mapped by name), {@code eventFeatures}
 * (N, F) with {@code eventFeatureNames} (at least {@link DijetSchema#REQUIRED_FEATURES}), optional
 * {@code ProcessId}, {@code truth_label} (0 or 1, integer or float; any other value is refused naming the
 * event), {@code EvtId}.
 *
 * <p><b>Constituent coordinates.</b> nphunt's blocks always hold eta and phi relative to the jet
 * axis. A file that says so in its {@value DijetWriter#COORDINATES_ATTRIBUTE} attribute is read as
 * it is. A file without the attribute (the published code's) is examined on its first events: for
 * each event, the pT-weighted centroid of j1's constituents lies near (0, 0) for relative coordinates
 * and near (j1Eta, j1Phi) for absolute ones. Absolute coordinates are converted to relative ones on
 * reading (noted in {@link #notes()}): j1's axis is (j1Eta, j1Phi); j2's is (j2Eta, j2Phi) when the
 * file has them, else j1Eta +- DeltaEtaJJ and j1Phi +- DeltaPhiJJ with the signs that put it nearest
 * the axis of j2's stored constituents (their massless four-momentum sum). The two candidates differ
 * by 2 DeltaEtaJJ and 2 (pi - DeltaPhiJJ): where those are tiny the choice may go either way and the
 * j2 axis is then off by at most that much. When the events do not tell (fewer than 90% agree), reading fails with
 * a line saying how to declare the convention.
 *
 * <p><b>Constituent order.</b> Everything downstream takes each jet's list as pT-ordered with the padding
 * last: models keep a jet's C hardest constituents by cutting the list ({@code JetConstituents},
 * {@code JetFourVectors}, the hunt's layout conversion), the Chamfer VAE's mask selects the first n slots
 * and its convolutions run along the list. The published files and nphunt's own are ordered so; a file
 * that is not (a constituent harder than the one before it, or a real constituent after a padded slot)
 * is put in order on reading: each such jet's constituents are sorted by decreasing pT, ties in file
 * order, so padded rows (pT 0) come last. The first such jet is named in {@link #notes()}; ordered files
 * are read unchanged.
 */
public final class DijetReader implements EventSource {
  private static final int SAMPLE = 1000;

  private final Path file;
  private final String name;
  private final Hdf5File h5;
  private ChunkedDataset constituents;
  private ChunkedDataset features;
  private ChunkedDataset processId;
  private ChunkedDataset truth;
  private ChunkedDataset evtId;
  private final DijetSchema schema;
  private final int[] featureOrder;
  private final boolean absolute;
  private final List<String> particleFeatureNames;
  private final Notes notes = new Notes();
  private boolean closed;

  private DijetReader(Path file) {
    this.file = file;
    this.name = file.toString();
    this.h5 = Hdf5File.open(file);
    try {
      constituents = h5.dataset(DijetSchema.CONSTITUENTS, "float (N, 2, C, 3) jet constituents");
      features = h5.dataset(DijetSchema.EVENT_FEATURES, "float (N, F) event features");
      long[] cd = constituents.dims();
      long[] fd = features.dims();
      String cw = name + ":/" + DijetSchema.CONSTITUENTS;
      String fw = name + ":/" + DijetSchema.EVENT_FEATURES;
      if (constituents.elementKind() != ChunkedDataset.ElementKind.FLOAT || cd.length != 4 || cd[1] != 2 || cd[3] != 3) {
        throw new NphuntException(cw + " is " + constituents.layout().dtype() + " " + DatasetLayout.tuple(cd)
            + ", expected float (N, 2, C, 3)");
      }
      List<String> featureNames = h5.strings("eventFeatureNames");
      if (featureNames == null) {
        throw new NphuntException(name + ": dataset /eventFeatureNames (the names of the eventFeatures columns) is missing");
      }
      if (features.elementKind() != ChunkedDataset.ElementKind.FLOAT || fd.length != 2 || fd[1] != featureNames.size()
          || fd[0] != cd[0]) {
        throw new NphuntException(fw + " is " + features.layout().dtype() + " " + DatasetLayout.tuple(fd)
            + ", expected float (" + cd[0] + ", " + featureNames.size() + ") like eventFeatureNames and jetConstituentsList");
      }
      try {
        schema = new DijetSchema((int) cd[2], featureNames);
      } catch (IllegalArgumentException e) {
        throw new NphuntException(name + ":/eventFeatureNames: " + e.getMessage());
      }
      particleFeatureNames = h5.strings("particleFeatureNames");
      featureOrder = particleOrder(particleFeatureNames);
      processId = column(Adc2021.PROCESS_ID);
      truth = column(DijetSchema.TRUTH_LABEL);
      evtId = column(Adc2021.EVT_ID);
      absolute = decideCoordinates();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens a dijet file; layout problems are one-line NphuntExceptions. */
  public static DijetReader open(Path file) {
    return new DijetReader(file);
  }

  private int[] particleOrder(List<String> names) {
    if (names == null) {
      notes.add("names:particles", name + ": no particleFeatureNames; constituents taken as (eta, phi, pt)");
      return new int[] {0, 1, 2};
    }
    String[][] accepted = {{"eta", "deta", "delta_eta"}, {"phi", "dphi", "delta_phi"}, {"pt", "pT"}};
    if (names.size() != 3) {
      throw new NphuntException(name + ":/particleFeatureNames is " + names + ", expected 3 names: eta, phi, pt in any order");
    }
    int[] order = new int[3];
    for (int f = 0; f < 3; f++) {
      order[f] = -1;
      for (int s = 0; s < 3; s++) {
        for (String a : accepted[f]) {
          if (names.get(s).strip().equalsIgnoreCase(a)) {
            order[f] = s;
          }
        }
      }
      if (order[f] < 0) {
        throw new NphuntException(name + ":/particleFeatureNames is " + names + ": no '" + accepted[f][0]
            + "'; expected (eta, phi, pt) in any order");
      }
    }
    return order;
  }

  private ChunkedDataset column(String column) {
    if (h5.kind(column) == Hdf5File.Kind.MISSING) {
      return null;
    }
    ChunkedDataset d = h5.dataset(column, "a per-event column");
    long[] dims = d.dims();
    if (dims.length != 1 || dims[0] != constituents.rows()) {
      d.close();
      throw new NphuntException(name + ":/" + column + " has shape " + DatasetLayout.tuple(dims) + ", expected ("
          + constituents.rows() + ",)");
    }
    return d;
  }

  /** True for absolute constituent coordinates (to convert), false for relative. */
  private boolean decideCoordinates() {
    String attr = h5.attributes().get(DijetWriter.COORDINATES_ATTRIBUTE);
    if (attr != null) {
      String a = attr.strip().toLowerCase(Locale.ROOT);
      if (a.startsWith("relative")) {
        return false;
      }
      if (a.startsWith("absolute")) {
        notes.add("coordinates", name + ": constituent eta/phi stored absolute (attribute " + DijetWriter.COORDINATES_ATTRIBUTE
            + "): converted to relative to the jet axis");
        return true;
      }
      throw new NphuntException(name + ": attribute " + DijetWriter.COORDINATES_ATTRIBUTE + " is '" + attr
          + "', expected 'relative...' or 'absolute...'");
    }
    int n = (int) Math.min(SAMPLE, constituents.rows());
    if (n == 0) {
      return false;
    }
    double[] c = reorder(constituents.readDoubles(0, n), n);
    double[] f = features.readDoubles(0, n);
    int etaI = schema.featureIndex("j1Eta");
    int phiI = schema.featureIndex("j1Phi");
    int width = schema.eventFeatures().size();
    int cc = schema.constituents();
    int rel = 0;
    int abs = 0;
    for (int e = 0; e < n; e++) {
      double[] centroid = centroid(c, (e * 2) * cc * 3, cc);
      if (centroid == null) {
        continue;
      }
      double jEta = f[e * width + etaI];
      double jPhi = f[e * width + phiI];
      double dRel = Math.hypot(centroid[0], centroid[1]);
      double dAbs = Math.hypot(centroid[0] - jEta, org.nphunt.jet.FourMomenta.deltaPhi(centroid[1], jPhi));
      if (Math.hypot(jEta, jPhi) < 0.3) {
        continue; // a jet near (0, 0) does not tell the conventions apart
      }
      if (dRel < dAbs) {
        rel++;
      } else {
        abs++;
      }
    }
    int votes = rel + abs;
    if (votes > 0 && rel >= 0.9 * votes) {
      notes.add("coordinates", name + ": no " + DijetWriter.COORDINATES_ATTRIBUTE + " attribute; constituents centred on (0, 0)"
          + " in " + rel + " of " + votes + " events: read as relative to the jet axis");
      return false;
    }
    if (votes > 0 && abs >= 0.9 * votes) {
      notes.add("coordinates", name + ": no " + DijetWriter.COORDINATES_ATTRIBUTE + " attribute; constituents centred on"
          + " (j1Eta, j1Phi) in " + abs + " of " + votes + " events: absolute coordinates converted to relative to the jet axis");
      return true;
    }
    throw new NphuntException(name + ":/" + DijetSchema.CONSTITUENTS + ": cannot tell whether constituent eta/phi are"
        + " absolute or relative to the jet axis (" + rel + " events look relative, " + abs + " absolute); add the root"
        + " attribute " + DijetWriter.COORDINATES_ATTRIBUTE + " = 'relative' or 'absolute'");
  }

  /** pT-weighted (eta, circular phi) centroid of one jet's constituents, or null when it has none. */
  private static double[] centroid(double[] c, int o, int cc) {
    double w = 0;
    double eta = 0;
    double sin = 0;
    double cos = 0;
    for (int k = 0; k < cc; k++) {
      int p = o + 3 * k;
      double pt = c[p + 2];
      if (pt == 0 && c[p] == 0 && c[p + 1] == 0) {
        continue;
      }
      w += pt;
      eta += pt * c[p];
      sin += pt * Math.sin(c[p + 1]);
      cos += pt * Math.cos(c[p + 1]);
    }
    return w > 0 ? new double[] {eta / w, Math.atan2(sin, cos)} : null;
  }

  /** (eta, phi) of the sum of one jet's stored constituents taken as massless four-vectors, or null. */
  private static double[] sumAxis(double[] c, int o, int cc) {
    double px = 0;
    double py = 0;
    double pz = 0;
    boolean any = false;
    for (int k = 0; k < cc; k++) {
      int p = o + 3 * k;
      double pt = c[p + 2];
      if (pt == 0 && c[p] == 0 && c[p + 1] == 0) {
        continue;
      }
      any = true;
      px += pt * Math.cos(c[p + 1]);
      py += pt * Math.sin(c[p + 1]);
      pz += pt * Math.sinh(c[p]);
    }
    if (!any) {
      return null;
    }
    double pt = Math.hypot(px, py);
    double x = pz / pt;
    return new double[] {Math.log(x + Math.sqrt(x * x + 1)), Math.atan2(py, px)};
  }

  /** Puts the constituent features in (eta, phi, pt) order in place. */
  private double[] reorder(double[] c, int n) {
    if (featureOrder[0] == 0 && featureOrder[1] == 1 && featureOrder[2] == 2) {
      return c;
    }
    double[] row = new double[3];
    for (int r = 0; r < n * 2 * schema.constituents(); r++) {
      int o = 3 * r;
      for (int f = 0; f < 3; f++) {
        row[f] = c[o + featureOrder[f]];
      }
      System.arraycopy(row, 0, c, o, 3);
    }
    return c;
  }

  /**
   * Sorts, in place, each jet's constituents (rows of (eta, phi, pt)) of {@code count} events by
   * decreasing pT, ties in file order, when the stored list is not already so (see the class comment);
   * notes the first jet that needed it.
   */
  private void ptOrder(double[] c, int count, long start) {
    int cc = schema.constituents();
    int[] idx = null;
    int[] tmp = null;
    double[] rows = null;
    for (int jet = 0; jet < 2 * count; jet++) {
      int o = jet * cc * 3;
      int bad = -1;
      for (int k = 1; k < cc && bad < 0; k++) {
        if (c[o + 3 * k + 2] > c[o + 3 * (k - 1) + 2]) {
          bad = k;
        }
      }
      if (bad < 0) {
        continue;
      }
      if (!notes.has("order")) {
        notes.add("order", String.format(Locale.ROOT, "%s:/%s: constituents not in decreasing pT order (first: event %d,"
            + " jet %d, constituent %d has pT %s GeV after %s): each such jet's constituents sorted by decreasing pT"
            + " on reading, padding last", name, DijetSchema.CONSTITUENTS, start + jet / 2, jet % 2 + 1, bad,
            c[o + 3 * bad + 2], c[o + 3 * (bad - 1) + 2]));
      }
      if (idx == null) {
        idx = new int[cc];
        tmp = new int[cc];
        rows = new double[cc * 3];
      }
      for (int k = 0; k < cc; k++) {
        idx[k] = k;
      }
      sortByPt(idx, tmp, c, o, cc);
      System.arraycopy(c, o, rows, 0, cc * 3);
      for (int k = 0; k < cc; k++) {
        System.arraycopy(rows, 3 * idx[k], c, o + 3 * k, 3);
      }
    }
  }

  /**
   * Stable bottom-up merge sort of the row indices {@code idx[0..n)} by decreasing pT ({@code
   * c[o + 3 i + 2]}): O(n log n) whatever the file's order, ties (padding included) keep file order.
   */
  static void sortByPt(int[] idx, int[] tmp, double[] c, int o, int n) {
    int[] a = idx;
    int[] b = tmp;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // take from the right run only when strictly harder: equal pT keeps file order
          b[k++] = c[o + 3 * a[j] + 2] > c[o + 3 * a[i] + 2] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    if (a != idx) {
      System.arraycopy(a, 0, idx, 0, n);
    }
  }

  @Override
  public EventSchema schema() {
    return schema;
  }

  public DijetSchema dijetSchema() {
    return schema;
  }

  @Override
  public long size() {
    return constituents.rows();
  }

  @Override
  public boolean hasColumn(String column) {
    return switch (column) {
      case Adc2021.PROCESS_ID -> processId != null;
      case DijetSchema.TRUTH_LABEL -> truth != null;
      case Adc2021.EVT_ID -> evtId != null;
      default -> false;
    };
  }

  /** Whether the file stores absolute coordinates (converted on reading). */
  public boolean convertsAbsoluteCoordinates() {
    return absolute;
  }

  public DatasetLayout layout() {
    return constituents.layout();
  }

  /** Storage of {@code eventFeatures}. */
  public DatasetLayout featureLayout() {
    return features.layout();
  }

  public Map<String, String> attributes() {
    return h5.attributes();
  }

  @Override
  public Events read(long start, int count) {
    if (closed) {
      throw new IllegalStateException(name + ": reader is closed");
    }
    if (start < 0 || count < 0 || start + count > size()) {
      throw new IndexOutOfBoundsException(name + ": events [" + start + ", " + (start + count) + ") outside [0, " + size() + ")");
    }
    double[] c = reorder(constituents.readDoubles(start, count), count);
    double[] f = features.readDoubles(start, count);
    if (absolute) {
      toRelative(c, f, count);
    }
    Object[] cols = new Object[3];
    if (processId != null) {
      cols[0] = ints(processId.readLongs(start, count));
    }
    if (truth != null) {
      cols[1] = labels(start, count);
    }
    if (evtId != null) {
      cols[2] = evtId.readLongs(start, count);
    }
    Events events = new Events(schema, count, new double[][] {c, f}, cols);
    events.validate(name, start, notes); // before sorting: its messages name the file's rows
    ptOrder(c, count, start);
    return events;
  }

  /**
   * {@code truth_label} of events [start, start + count): 0 (background) or 1 (signal), stored as
   * integers or as floats; any other value (NaN, 0.7, 7, -1) is refused naming the event, not
   * truncated to an integer in silence (as the LHC Olympics reader refuses its label column).
   */
  private int[] labels(long start, int count) {
    boolean floats = truth.elementKind() == ChunkedDataset.ElementKind.FLOAT;
    double[] d = floats ? truth.readDoubles(start, count) : null;
    long[] l = floats ? null : truth.readLongs(start, count);
    int[] out = new int[count];
    for (int e = 0; e < count; e++) {
      double v = floats ? d[e] : l[e];
      if (v != 0.0 && v != 1.0) {
        throw new NphuntException(name + ":/" + DijetSchema.TRUTH_LABEL + ": event " + (start + e) + ": label is "
            + (floats ? Double.toString(d[e]) : Long.toString(l[e])) + ", expected 0 (background) or 1 (signal)");
      }
      out[e] = (int) v;
    }
    return out;
  }

  private static int[] ints(long[] l) {
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = (int) l[i];
    }
    return out;
  }

  private void toRelative(double[] c, double[] f, int count) {
    int cc = schema.constituents();
    int width = schema.eventFeatures().size();
    int j1Eta = schema.featureIndex("j1Eta");
    int j1Phi = schema.featureIndex("j1Phi");
    int j2Eta = schema.featureIndex("j2Eta");
    int j2Phi = schema.featureIndex("j2Phi");
    int dEta = schema.featureIndex("DeltaEtaJJ");
    int dPhi = schema.featureIndex("DeltaPhiJJ");
    for (int e = 0; e < count; e++) {
      int fo = e * width;
      for (int jet = 0; jet < 2; jet++) {
        int o = (e * 2 + jet) * cc * 3;
        double axisEta;
        double axisPhi;
        if (jet == 0) {
          axisEta = f[fo + j1Eta];
          axisPhi = f[fo + j1Phi];
        } else if (j2Eta >= 0 && j2Phi >= 0) {
          axisEta = f[fo + j2Eta];
          axisPhi = f[fo + j2Phi];
        } else {
          double[] cen = sumAxis(c, o, cc);
          if (cen == null) {
            continue;
          }
          double e1 = f[fo + j1Eta];
          double p1 = f[fo + j1Phi];
          double de = Math.abs(f[fo + dEta]);
          double dp = Math.abs(f[fo + dPhi]);
          axisEta = Math.abs(e1 + de - cen[0]) <= Math.abs(e1 - de - cen[0]) ? e1 + de : e1 - de;
          double pPlus = wrap(p1 + dp);
          double pMinus = wrap(p1 - dp);
          axisPhi = Math.abs(org.nphunt.jet.FourMomenta.deltaPhi(pPlus, cen[1]))
              <= Math.abs(org.nphunt.jet.FourMomenta.deltaPhi(pMinus, cen[1])) ? pPlus : pMinus;
        }
        for (int k = 0; k < cc; k++) {
          int p = o + 3 * k;
          if (c[p] == 0 && c[p + 1] == 0 && c[p + 2] == 0) {
            continue;
          }
          c[p] = c[p] - axisEta;
          c[p + 1] = org.nphunt.jet.FourMomenta.deltaPhi(c[p + 1], axisPhi);
        }
      }
    }
  }

  private static double wrap(double phi) {
    return Math.atan2(Math.sin(phi), Math.cos(phi));
  }

  @Override
  public List<String> notes() {
    return notes.all();
  }

  @Override
  public Map<String, String> notesByKind() {
    return notes.byKind();
  }

  @Override
  public String name() {
    return name;
  }

  public Path file() {
    return file;
  }

  /** The stored particle feature names, or null. */
  public List<String> particleFeatureNames() {
    return particleFeatureNames == null ? null : new ArrayList<>(particleFeatureNames);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ChunkedDataset d : new ChunkedDataset[] {constituents, features, processId, truth, evtId}) {
      if (d != null) {
        d.close();
      }
    }
    h5.close();
  }
}
