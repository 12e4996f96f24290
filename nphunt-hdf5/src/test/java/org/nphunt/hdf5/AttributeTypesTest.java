package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attributes as other writers store them: h5py's variable-length str, numbers. */
class AttributeTypesTest {
  @TempDir Path dir;

  @Test
  void readsVariableLengthStringsAndScalarsAsText() {
    Path f = dir.resolve("attrs.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(TestEvents.random(3, 1, true, false));
      w.attribute("fixed", "fixed-length");
      w.commit();
    }
    H5.run(() -> {
      long file = H5Fopen(f.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
      long scalar = H5Screate(H5S_SCALAR);
      long vl = H5Tcopy(H5T_C_S1_g());
      H5Tset_size(vl, H5T_VARIABLE());
      H5Tset_cset(vl, H5T_CSET_UTF8);
      long a = H5Acreate2(file, "h5py_str", vl, scalar, H5P_DEFAULT, H5P_DEFAULT);
      try (BytePointer text = new BytePointer("variable ünïcode", StandardCharsets.UTF_8);
           PointerPointer<BytePointer> p = new PointerPointer<>(1)) {
        p.put(0, text);
        H5Awrite(a, vl, p);
      }
      H5Aclose(a);
      long i = H5Acreate2(file, "count", H5T_STD_I64LE_g(), scalar, H5P_DEFAULT, H5P_DEFAULT);
      try (LongPointer v = new LongPointer(1)) {
        v.put(0, -42L);
        H5Awrite(i, H5T_NATIVE_INT64_g(), v);
      }
      H5Aclose(i);
      long d = H5Acreate2(file, "ratio", H5T_IEEE_F64LE_g(), scalar, H5P_DEFAULT, H5P_DEFAULT);
      try (DoublePointer v = new DoublePointer(1)) {
        v.put(0, 0.25);
        H5Awrite(d, H5T_NATIVE_DOUBLE_g(), v);
      }
      H5Aclose(d);
      H5Tclose(vl);
      H5Sclose(scalar);
      H5Fclose(file);
    });
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      Map<String, String> attrs = r.attributes();
      assertEquals("fixed-length", attrs.get("fixed"));
      assertEquals("variable ünïcode", attrs.get("h5py_str"));
      assertEquals("-42", attrs.get("count"));
      assertEquals("0.25", attrs.get("ratio"));
    }
  }
}
