package org.nphunt.benchmark.jets;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy .npy files (format version 1.0: magic, little-endian header length,
 * a Python dict literal padded to a multiple of 64 bytes, then the raw little-endian values), so that a
 * Python reference reads exactly the arrays nphunt trains on.
 */
final class Npy {
  private Npy() {}

  /** Writes the first product(shape) values of {@code data}, C order. */
  static void write(Path file, float[] data, long... shape) throws IOException {
    long n = 1;
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      n *= shape[i];
      dims.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
    }
    dims.append(')');
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String header = dict + " ".repeat(total - unpadded) + "\n";
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        DataOutputStream out = new DataOutputStream(os)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.write(header.length() & 0xff);
      out.write(header.length() >>> 8);
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      for (long i = 0; i < n; i++) {
        out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(data[(int) i])));
      }
    }
  }
}
