package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.Notes;
import org.nphunt.data.ParticleListSchema;

/**
 * Reads the LHC Olympics 2020 files (arXiv:2101.08320): the R&amp;D set
 * ({@code events_anomalydetection*.h5}) and the black boxes ({@code events_LHCO2020_BlackBox*.h5}),
 * written by pandas {@code DataFrame.to_hdf} in "fixed" format under key {@code df}:
 * {@code /df/block0_values} float64 (N, 3P [+ 1]) = P particles x (pT [GeV], eta, phi), zero-padded,
 * not pT-ordered, then the truth label (R&amp;D only: 0 QCD dijet, 1 W' signal); the published
 * files have P = 700 in Blosc-compressed chunks of 7 rows, decoded in parallel by {@link
 * ChunkedDataset}.
 *
 * <p>Blocks are {@link ParticleListSchema} events (tensor {@code particles} (P, 3), column
 * {@code label} when the file has one), validated on reading (finite, pT in [0, 14 TeV], |eta| <= 10,
 * phi in [-pi, pi], [0, 2 pi) wrapped and noted; zero rows are padding). A label other than 0 or 1
 * is refused naming the event. Files written by {@link LhcOlympicsWriter} (gzip instead of Blosc)
 * read the same way.
 *
 * <p>Thread safety: one reader is used from one thread at a time.
 */
public final class LhcOlympicsReader implements EventSource {
  /** The pandas key and dataset of the values. */
  public static final String VALUES = "df/block0_values";

  private final Path file;
  private final String name;
  private final String where;
  private final Hdf5File h5;
  private ChunkedDataset values;
  private final ParticleListSchema schema;
  private final int columns;
  private final boolean labelled;
  private final Notes notes = new Notes();
  private boolean closed;

  private LhcOlympicsReader(Path file) {
    this.file = file;
    this.name = file.toString();
    this.where = name + ":/" + VALUES;
    this.h5 = Hdf5File.open(file);
    try {
      values = h5.dataset(VALUES, "float (N, 3P) or (N, 3P+1) LHC Olympics particles");
      long[] dims = values.dims();
      if (values.elementKind() != ChunkedDataset.ElementKind.FLOAT) {
        throw new NphuntException(where + " has dtype " + values.layout().dtype() + ", expected float64 (or float32)");
      }
      if (dims.length != 2 || dims[1] < 3 || (dims[1] % 3 != 0 && dims[1] % 3 != 1)) {
        throw new NphuntException(where + " has shape " + DatasetLayout.tuple(dims)
            + ", expected (N, 3P) particles x (pT, eta, phi), or (N, 3P+1) with the truth label last");
      }
      columns = (int) dims[1];
      labelled = columns % 3 == 1;
      schema = new ParticleListSchema(columns / 3);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens a file; layout problems are one-line NphuntExceptions naming file and dataset. */
  public static LhcOlympicsReader open(Path file) {
    return new LhcOlympicsReader(file);
  }

  @Override
  public EventSchema schema() {
    return schema;
  }

  /** The particle-list schema with this file's P. */
  public ParticleListSchema particleSchema() {
    return schema;
  }

  @Override
  public long size() {
    return values.rows();
  }

  /** Whether the file has the truth label column (the R&amp;D set). */
  public boolean labelled() {
    return labelled;
  }

  @Override
  public boolean hasColumn(String column) {
    return labelled && column.equals(ParticleListSchema.LABEL);
  }

  /** Storage of {@code /df/block0_values}. */
  public DatasetLayout layout() {
    return values.layout();
  }

  /** Attributes of the {@code /df} group (pandas metadata) and the root, root last. */
  public Map<String, String> attributes() {
    Map<String, String> a = new java.util.LinkedHashMap<>(h5.attributes("df"));
    a.putAll(h5.attributes());
    return a;
  }

  @Override
  public Events read(long start, int count) {
    if (closed) {
      throw new IllegalStateException(name + ": reader is closed");
    }
    if (start < 0 || count < 0 || start + count > size()) {
      throw new IndexOutOfBoundsException(name + ": events [" + start + ", " + (start + count) + ") outside [0, " + size() + ")");
    }
    int p = schema.maxParticles() * 3;
    double[][] split = values.readDoublesSplit(start, count, p);
    double[] particles = split[0];
    int[] label = null;
    if (labelled) {
      double[] l = split[1];
      label = new int[count];
      for (int e = 0; e < count; e++) {
        if (l[e] != 0.0 && l[e] != 1.0) {
          throw new NphuntException(where + ": event " + (start + e) + ": label (column " + p + ") is " + l[e]
              + ", expected 0 (background) or 1 (signal)");
        }
        label[e] = (int) l[e];
      }
    }
    Events events = new Events(schema, count, new double[][] {particles}, new Object[] {label, null});
    events.validate(where, start, notes);
    return events;
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

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (values != null) {
      values.close();
    }
    h5.close();
  }
}
