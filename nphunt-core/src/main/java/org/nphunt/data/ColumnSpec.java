package org.nphunt.data;

/**
 * A named per-event scalar of a schema, e.g. {@code EvtId}, {@code ProcessId}, {@code label},
 * {@code mJJ}, {@code DeltaEtaJJ}. Columns are optional in files unless {@code required}.
 *
 * @param name name as in the files
 * @param type storage type
 * @param unit physical unit ("" for none)
 * @param required whether a file of the schema must have it
 * @param description one line for humans
 */
public record ColumnSpec(String name, ColumnType type, String unit, boolean required, String description) {
  public ColumnSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("column name must be non-blank, found '" + name + "'");
    }
    if (type == null) {
      throw new IllegalArgumentException("column " + name + ": type must be given");
    }
    unit = unit == null ? "" : unit;
    description = description == null ? "" : description;
  }

  /** An optional column. */
  public static ColumnSpec optional(String name, ColumnType type, String unit, String description) {
    return new ColumnSpec(name, type, unit, false, description);
  }
}
