package org.nphunt.data;

/** Storage type of a per-event column; in memory INT32 is {@code int[]}, INT64 {@code long[]}, floats {@code double[]}. */
public enum ColumnType {
  INT32,
  INT64,
  FLOAT32,
  FLOAT64;

  /** A new array of this type's in-memory form. */
  public Object newArray(int n) {
    return switch (this) {
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case FLOAT32, FLOAT64 -> new double[n];
    };
  }

  /** Whether {@code array} is this type's in-memory form. */
  public boolean accepts(Object array) {
    return switch (this) {
      case INT32 -> array instanceof int[];
      case INT64 -> array instanceof long[];
      case FLOAT32, FLOAT64 -> array instanceof double[];
    };
  }

  /** Length of an in-memory column array. */
  public static int length(Object array) {
    if (array instanceof int[] a) {
      return a.length;
    }
    if (array instanceof long[] a) {
      return a.length;
    }
    if (array instanceof double[] a) {
      return a.length;
    }
    throw new IllegalArgumentException("column arrays are int[], long[] or double[], found " + array.getClass().getSimpleName());
  }
}
