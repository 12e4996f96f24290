package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Writes arbitrary numeric datasets with a chosen type, shape, layout and filters: a tool for
 * building test files (other layouts than nphunt writes, malformed ADC2021 files) without h5py.
 * Not atomic and overwrites: not for user output.
 */
public final class RawHdf5 {
  private RawHdf5() {}

  /** On-disk element types. */
  public enum Type {
    FLOAT32, FLOAT64, INT32, INT64, FLOAT32_BE;

    long id() {
      return switch (this) {
        case FLOAT32 -> H5T_IEEE_F32LE_g();
        case FLOAT64 -> H5T_IEEE_F64LE_g();
        case INT32 -> H5T_STD_I32LE_g();
        case INT64 -> H5T_STD_I64LE_g();
        case FLOAT32_BE -> H5T_IEEE_F32BE_g();
      };
    }
  }

  /**
   * One dataset.
   *
   * @param name dataset name in the root group
   * @param type on-disk type
   * @param dims shape
   * @param values row-major values (converted by the library), product of dims long
   * @param chunk chunk shape, or null for contiguous storage
   * @param shuffle apply the shuffle filter (chunked only)
   * @param gzip deflate level, 0 for none (chunked only)
   */
  public record Dataset(String name, Type type, long[] dims, double[] values, long[] chunk, boolean shuffle, int gzip) {
    /** A contiguous dataset. */
    public static Dataset contiguous(String name, Type type, long[] dims, double[] values) {
      return new Dataset(name, type, dims, values, null, false, 0);
    }
  }

  /** Creates (or truncates) {@code file} holding the given datasets. */
  public static void write(Path file, List<Dataset> datasets) {
    H5.init();
    H5.run(() -> {
      long f = H5.check(H5Fcreate(file.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), file + ": cannot create");
      try {
        for (Dataset d : datasets) {
          long space = H5Screate_simple(d.dims().length, d.dims(), (long[]) null);
          long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
          try {
            if (d.chunk() != null) {
              H5Pset_chunk(dcpl, d.chunk().length, d.chunk());
              if (d.shuffle()) {
                H5Pset_shuffle(dcpl);
              }
              if (d.gzip() > 0) {
                H5Pset_deflate(dcpl, d.gzip());
              }
            }
            long ds = H5.check(H5Dcreate2(f, d.name(), d.type().id(), space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                file + ":/" + d.name() + ": cannot create");
            try (DoublePointer p = new DoublePointer(Math.max(1, d.values().length))) {
              p.put(d.values());
              if (d.values().length > 0) {
                H5.check(H5Dwrite(ds, H5T_NATIVE_DOUBLE_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p), file + ":/" + d.name() + ": cannot write");
              }
            } finally {
              H5Dclose(ds);
            }
          } finally {
            H5Pclose(dcpl);
            H5Sclose(space);
          }
        }
      } finally {
        H5Fclose(f);
      }
    });
  }
}
