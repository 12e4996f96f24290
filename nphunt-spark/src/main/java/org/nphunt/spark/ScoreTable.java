package org.nphunt.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nphunt.data.ColumnSpec;
import org.nphunt.data.ColumnType;
import org.nphunt.data.EventSchema;
import org.nphunt.data.Schemas;

/**
 * The columns of the Parquet scores, one row per event: {@code file} (the event file as given),
 * {@code index} (the event's index in it), the per-event columns of the schema that any input file
 * carries (ADC2021: {@code EvtId}, {@code ProcessId}; dijet: {@code ProcessId}, {@code truth_label},
 * {@code EvtId}; LHC Olympics: {@code label}, {@code ProcessId}; top tagging: {@code is_signal_new},
 * {@code ttv}, {@code index} is refused as a name clash and kept as {@code pandas_index}), null for a
 * file without it, then one float64 column per score, named as in HDF5 score files.
 *
 * @param columns per-event columns (file names)
 * @param types their storage types
 * @param scores score names in the model's order
 */
public record ScoreTable(List<String> columns, List<ColumnType> types, List<String> scores) implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String FILE = "file";
  public static final String INDEX = "index";

  public ScoreTable {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
    scores = List.copyOf(scores);
    List<String> all = new ArrayList<>(List.of(FILE, INDEX));
    all.addAll(columns);
    for (String s : scores) {
      if (all.stream().anyMatch(c -> c.equalsIgnoreCase(s))) {
        throw new IllegalArgumentException("score name '" + s + "' clashes with the column " + s + " of the scores table");
      }
    }
  }

  /** The table for a schema: the schema's columns any of the files has, in schema order. */
  static ScoreTable of(String schemaName, List<EventFile> files, List<String> scores) {
    EventSchema schema = Schemas.byName(schemaName);
    List<String> cols = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (files.stream().anyMatch(f -> f.columns().contains(c.name()))) {
        cols.add(c.name());
        types.add(c.type());
      }
    }
    return new ScoreTable(cols, types, scores);
  }

  /** The name of column {@code c} in the table ({@code index} of top-tagging files becomes {@code pandas_index}). */
  String tableName(int c) {
    String n = columns.get(c);
    return n.equalsIgnoreCase(INDEX) || n.equalsIgnoreCase(FILE) ? "pandas_" + n : n;
  }

  /** The Spark schema. */
  public StructType structType() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(INDEX, DataTypes.LongType, false));
    for (int c = 0; c < columns.size(); c++) {
      f.add(DataTypes.createStructField(tableName(c), sparkType(types.get(c)), true));
    }
    for (String s : scores) {
      f.add(DataTypes.createStructField(s, DataTypes.DoubleType, false));
    }
    return DataTypes.createStructType(f);
  }

  private static DataType sparkType(ColumnType t) {
    return switch (t) {
      case INT32 -> DataTypes.IntegerType;
      case INT64 -> DataTypes.LongType;
      case FLOAT32, FLOAT64 -> DataTypes.DoubleType;
    };
  }

  /** Values per row. */
  int width() {
    return 2 + columns.size() + scores.size();
  }
}
