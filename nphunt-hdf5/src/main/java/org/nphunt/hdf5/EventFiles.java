package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSink;
import org.nphunt.data.EventSource;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.data.TopTaggingSchema;

/**
 * The registry of nphunt's HDF5 event formats: which layout a file has ({@link #detect}), a source of
 * its events ({@link #open}), and a writer for a schema ({@link #create}).
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>format</th><th>marker</th><th>schema</th><th>reader / writer</th></tr>
 *   <tr><td>ADC2021</td><td>{@code /Particles}</td><td>{@link Adc2021Schema}</td><td>{@link Hdf5EventReader} / {@link Hdf5EventWriter}</td></tr>
 *   <tr><td>LHC Olympics</td><td>{@code /df/block0_values} (pandas fixed)</td><td>{@link ParticleListSchema}</td><td>{@link LhcOlympicsReader} / {@link LhcOlympicsWriter}</td></tr>
 *   <tr><td>top tagging</td><td>{@code /table/table} (pandas table)</td><td>{@link TopTaggingSchema}</td><td>{@link TopTaggingReader} / -</td></tr>
 *   <tr><td>dijet</td><td>{@code /jetConstituentsList}</td><td>{@link DijetSchema}</td><td>{@link DijetReader} / {@link DijetWriter}</td></tr>
 *   <tr><td>high-level features</td><td>{@code /HLF}</td><td>{@link HlfSchema}</td><td>{@link HlfReader} / {@link HlfWriter}</td></tr>
 * </table>
 *
 * <p>A new format is a reader (and writer) class plus one constant here.
 */
public final class EventFiles {
  private EventFiles() {}

  /** A file format nphunt reads. */
  public enum Format {
    ADC2021("ADC2021", Adc2021Schema.NAME, "Particles"),
    LHC_OLYMPICS("LHC Olympics (pandas fixed)", ParticleListSchema.NAME, LhcOlympicsReader.VALUES),
    TOP_TAGGING("top tagging (pandas table)", TopTaggingSchema.NAME, TopTaggingReader.TABLE),
    DIJET("dijet", DijetSchema.NAME, DijetSchema.CONSTITUENTS),
    HLF("high-level features", HlfSchema.NAME, HlfSchema.HLF);

    private final String label;
    private final String schema;
    private final String marker;

    Format(String label, String schema, String marker) {
      this.label = label;
      this.schema = schema;
      this.marker = marker;
    }

    /** For humans, e.g. "LHC Olympics (pandas fixed)". */
    public String label() {
      return label;
    }

    /** Name of the schema of its events ({@link org.nphunt.data.Schemas}). */
    public String schemaName() {
      return schema;
    }

    /** The dataset whose presence identifies the format. */
    public String marker() {
      return marker;
    }
  }

  /**
   * The format of a file, from the datasets it holds; a file of none of them is a one-line
   * NphuntException listing what it holds instead.
   */
  public static Format detect(Path file) {
    try (Hdf5File h5 = Hdf5File.open(file)) {
      return detect(h5);
    }
  }

  static Format detect(Hdf5File h5) {
    // A dataset marker first; then a marker that exists as something else (a group, a dangling
    // link...), so that the format's reader can say what is wrong with it.
    for (boolean exact : new boolean[] {true, false}) {
      for (Format f : Format.values()) {
        Hdf5File.Kind k = h5.kind(f.marker);
        if (exact ? k == Hdf5File.Kind.DATASET : k != Hdf5File.Kind.MISSING) {
          return f;
        }
      }
    }
    List<String> members = h5.members("/");
    throw new NphuntException(h5.name() + ": not an event file nphunt knows: no /Particles (ADC2021), /"
        + LhcOlympicsReader.VALUES + " (LHC Olympics), /" + TopTaggingReader.TABLE + " (top tagging) or /"
        + DijetSchema.CONSTITUENTS + " (dijet) or /" + HlfSchema.HLF + " (high-level features); it holds " + (members.isEmpty() ? "nothing" : "/" + String.join(", /", members)));
  }

  /** Opens a file of any known format as a source of its schema's events. */
  public static EventSource open(Path file) {
    return open(file, detect(file));
  }

  /** Opens a file as the given format. */
  public static EventSource open(Path file, Format format) {
    return switch (format) {
      case ADC2021 -> Hdf5EventReader.open(file);
      case LHC_OLYMPICS -> LhcOlympicsReader.open(file);
      case TOP_TAGGING -> TopTaggingReader.open(file);
      case DIJET -> DijetReader.open(file);
      case HLF -> HlfReader.open(file);
    };
  }

  /**
   * A writer of events of {@code schema}: ADC2021 ({@link Hdf5EventWriter}, default {@link
   * WriteOptions}), particle lists ({@link LhcOlympicsWriter}) or dijet ({@link DijetWriter});
   * top-tagging files are read-only in nphunt.
   *
   * @param force replace an existing file
   */
  public static EventSink create(Path file, EventSchema schema, boolean force) {
    if (schema instanceof Adc2021Schema) {
      return Hdf5EventWriter.create(file, WriteOptions.defaults().withForce(force));
    }
    if (schema instanceof ParticleListSchema p) {
      return LhcOlympicsWriter.create(file, p, force);
    }
    if (schema instanceof DijetSchema d) {
      return DijetWriter.create(file, d, force);
    }
    if (schema instanceof HlfSchema h) {
      return HlfWriter.create(file, h, force);
    }
    throw new IllegalArgumentException("nphunt writes schemas adc2021, particles, dijet and hlf, not " + schema.name());
  }
}
