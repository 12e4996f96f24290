package org.nphunt.hdf5;

import java.util.List;

/**
 * How a dataset is stored: element type, shape, storage layout, chunk shape and filter pipeline.
 *
 * @param dtype element type, e.g. {@code float32}, {@code float64}, {@code int64}
 * @param shape dimensions, e.g. {@code [2000, 19, 4]}
 * @param storage {@code chunked}, {@code contiguous} or {@code compact}
 * @param chunk chunk dimensions, or null when not chunked
 * @param filters filter pipeline in order, e.g. {@code ["shuffle", "gzip(4)"]}; empty when none
 */
public record DatasetLayout(String dtype, long[] shape, String storage, long[] chunk, List<String> filters) {
  public DatasetLayout {
    filters = List.copyOf(filters);
  }

  /** One line, e.g. {@code float64 (2000,19,4), chunked (1000,19,4), gzip(4)}. */
  public String describe() {
    StringBuilder b = new StringBuilder(dtype).append(' ').append(tuple(shape)).append(", ").append(storage);
    if (chunk != null) {
      b.append(' ').append(tuple(chunk));
    }
    b.append(", ").append(filters.isEmpty() ? "no filters" : String.join("+", filters));
    return b.toString();
  }

  static String tuple(long[] dims) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return b.append(')').toString();
  }
}
