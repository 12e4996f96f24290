package org.nphunt.jet;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Test inputs of the jet package, written by nphunt-bench/src/main/python/jets/make_jet_fixtures.py
 * (format described there) and the FastJet references by nphunt-bench/src/main/cpp/jets.
 */
public final class JetFixtures {
  private static List<LhcoEvent> lhco;
  private static List<double[][]> random;

  private JetFixtures() {}

  /** One LHC Olympics event: non-padding particles (pT [GeV], eta, phi), label 1 = signal. */
  public record LhcoEvent(int label, double[] pt, double[] eta, double[] phi) {
    public int n() {
      return pt.length;
    }
  }

  static InputStream open(String name) throws IOException {
    InputStream in = JetFixtures.class.getResourceAsStream("/org/nphunt/jet/" + name);
    if (in == null) {
      throw new IOException("missing test resource " + name);
    }
    return new GZIPInputStream(in, 1 << 16);
  }

  /**
   * The first 50 events of ../shared/fixtures/lhco2020_rnd_1000.h5 (arXiv:2101.08320), the ones the
   * FastJet references cover, from lhco2020_rnd_50.npj.gz (tests needing all 1,000 events read the
   * HDF5 file through nphunt-hdf5: org.nphunt.jet.dijet.DijetPhysicsTest there).
   */
  public static synchronized List<LhcoEvent> lhco() {
    if (lhco == null) {
      try (DataInputStream in = new DataInputStream(open("lhco2020_rnd_50.npj.gz"))) {
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!"NPJ1".equals(new String(magic, StandardCharsets.US_ASCII))) {
          throw new IOException("not an NPJ1 file");
        }
        int nev = Integer.reverseBytes(in.readInt());
        List<LhcoEvent> events = new ArrayList<>(nev);
        for (int e = 0; e < nev; e++) {
          int n = Integer.reverseBytes(in.readInt());
          int label = Integer.reverseBytes(in.readInt());
          byte[] raw = new byte[12 * n];
          in.readFully(raw);
          ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
          double[] pt = new double[n];
          double[] eta = new double[n];
          double[] phi = new double[n];
          for (int i = 0; i < n; i++) {
            pt[i] = b.getFloat();
            eta[i] = b.getFloat();
            phi[i] = b.getFloat();
          }
          events.add(new LhcoEvent(label, pt, eta, phi));
        }
        lhco = List.copyOf(events);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return lhco;
  }

  /** The seeded random massive events: each is double[4][n] = (px, py, pz, E). */
  public static synchronized List<double[][]> randomEvents() {
    if (random == null) {
      List<double[][]> events = new ArrayList<>();
      for (String[] t : lines("random_events.txt.gz")) {
        if (t[0].equals("E")) {
          events.add(new double[4][Integer.parseInt(t[1])]);
        }
      }
      int ev = -1;
      int i = 0;
      for (String[] t : lines("random_events.txt.gz")) {
        if (t[0].equals("E")) {
          ev++;
          i = 0;
        } else {
          for (int c = 0; c < 4; c++) {
            events.get(ev)[c][i] = Double.parseDouble(t[c]);
          }
          i++;
        }
      }
      random = List.copyOf(events);
    }
    return random;
  }

  /** Whitespace-split lines of a gzip'd text resource. */
  public static List<String[]> lines(String name) {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          out.add(line.trim().split("\\s+"));
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out;
  }

  /** Clusters an LHCO event (massless particles from pT, eta, phi). */
  public static void cluster(ClusterSequence cs, JetDefinition def, LhcoEvent ev) {
    cs.clusterPtEtaPhi(def, ev.pt(), ev.eta(), ev.phi(), ev.n());
  }
}
