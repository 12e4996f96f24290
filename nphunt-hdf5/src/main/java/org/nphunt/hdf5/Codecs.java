package org.nphunt.hdf5;

import com.scalableminds.bloscjava.Blosc;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.nphunt.NphuntException;

/**
 * Chunk decoders for the filters nphunt decodes itself, outside the HDF5 library and its lock: gzip
 * (HDF5 filter 1, zlib-wrapped deflate, {@link Inflater}), shuffle (filter 2) and Blosc (filter
 * 32001, as PyTables and pandas write it: one Blosc 1 buffer per chunk, decoded with c-blosc through
 * {@code com.scalableminds:blosc-java}).
 *
 * <p>Every decoder works on per-thread scratch buffers and is safe to call from many threads.
 */
final class Codecs {
  /** HDF5 filter id of Blosc (registered by PyTables' hdf5-blosc). */
  static final int BLOSC = 32001;
  /** Blosc 1 header size in bytes. */
  static final int BLOSC_HEADER = 16;
  /** Names of the Blosc 1 codecs by the format code in bits 5-7 of the header flags. */
  private static final String[] BLOSC_CODECS = {"blosclz", "lz4 (or lz4hc)", "snappy", "zlib", "zstd"};

  private Codecs() {}

  /** Per-thread scratch: index 0 raw bytes, 1 inflated, 2 unshuffled. */
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[3][]);

  static byte[] scratch(int slot, int n) {
    byte[][] s = SCRATCH.get();
    if (s[slot] == null || s[slot].length < n) {
      s[slot] = new byte[Math.max(n, 1024)];
    }
    return s[slot];
  }

  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

  /**
   * Inflates a zlib stream that must decode to exactly {@code expected} bytes.
   *
   * @param where file, dataset and rows, for the message
   * @return a scratch buffer holding the bytes (valid until this thread's next call)
   */
  static byte[] inflate(byte[] raw, int rawLength, int expected, String where) {
    Inflater inf = INFLATER.get();
    inf.reset();
    inf.setInput(raw, 0, rawLength);
    // One spare byte: a stream longer than the chunk is corrupt; reading to the end checks adler32.
    byte[] out = scratch(1, expected + 1);
    try {
      int n = 0;
      while (!inf.finished() && n <= expected) {
        int k = inf.inflate(out, n, expected + 1 - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n != expected || !inf.finished()) {
        throw new NphuntException(where + ": corrupt gzip chunk (inflates to "
            + (inf.finished() ? n + " bytes" : "an unterminated stream") + ", expected " + expected + " bytes)");
      }
      return out;
    } catch (DataFormatException e) {
      throw new NphuntException(where + ": corrupt gzip chunk (" + e.getMessage() + ")", e);
    }
  }

  /** Undoes the HDF5 shuffle filter (byte j of every element was stored in plane j) into scratch. */
  static byte[] unshuffle(byte[] in, int length, int elem) {
    return unshuffle(in, length, elem, scratch(2, length));
  }

  /** Undoes the HDF5 shuffle filter into {@code out}. */
  static byte[] unshuffle(byte[] in, int length, int elem, byte[] out) {
    int n = length / elem;
    for (int j = 0; j < elem; j++) {
      int base = j * n;
      for (int i = 0; i < n; i++) {
        out[i * elem + j] = in[base + i];
      }
    }
    System.arraycopy(in, n * elem, out, n * elem, length - n * elem);
    return out;
  }

  /** The codec name of a Blosc 1 buffer, from its header. */
  static String bloscCodec(byte[] raw, int length) {
    if (length < BLOSC_HEADER) {
      return "unknown codec (buffer of " + length + " bytes)";
    }
    int code = (raw[2] & 0xff) >>> 5;
    return code < BLOSC_CODECS.length ? BLOSC_CODECS[code] : "codec " + code;
  }

  /** Decoded size a Blosc 1 header announces, or -1 when the header is not one. */
  static long bloscDecodedSize(byte[] raw, int length) {
    if (length < BLOSC_HEADER) {
      return -1;
    }
    return (raw[4] & 0xffL) | (raw[5] & 0xffL) << 8 | (raw[6] & 0xffL) << 16 | (raw[7] & 0xffL) << 24;
  }

  /**
   * Decompresses one Blosc 1 buffer (any of its codecs and shuffles that c-blosc 1.21 decodes) that
   * must hold exactly {@code expected} bytes.
   *
   * @param where file, dataset and rows, for the message
   */
  static byte[] blosc(byte[] raw, int rawLength, int expected, String where) {
    long announced = bloscDecodedSize(raw, rawLength);
    if (announced != expected) {
      throw new NphuntException(where + ": corrupt Blosc chunk (" + (announced < 0 ? "no Blosc header"
          : "header announces " + announced + " bytes") + ", expected " + expected + " bytes)");
    }
    byte[] in = rawLength == raw.length ? raw : java.util.Arrays.copyOf(raw, rawLength);
    byte[] out;
    try {
      out = Blosc.decompress(in);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new NphuntException(where + ": Blosc chunk (" + bloscCodec(raw, rawLength) + ") failed to decompress ("
          + e.getMessage() + ")", e);
    }
    if (out == null || out.length != expected) {
      throw new NphuntException(where + ": Blosc chunk (" + bloscCodec(raw, rawLength) + ") failed to decompress"
          + (out == null ? "" : " (" + out.length + " bytes, expected " + expected + ")")
          + ": corrupt chunk, or a codec this build of c-blosc lacks");
    }
    return out;
  }
}
