package org.nphunt.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible streams from one user seed.
 *
 * <p>A stream is named by a purpose string and an index (e.g. "generate/sm", chunk 17), so that the
 * same seed gives the same numbers whatever the thread count or the order in which streams are
 * created. Mixing uses the SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014).
 */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser: a bijective 64-bit mix. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A 64-bit seed for (seed, purpose, index). */
  public static long derive(long seed, String purpose, long index) {
    long h = mix64(seed + 0x9e3779b97f4a7c15L);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix64(h ^ (b & 0xff));
    }
    return mix64(h ^ mix64(index + 0x632be59bd9b4e019L));
  }

  /** A 64-bit seed for (seed, purpose). */
  public static long derive(long seed, String purpose) {
    return derive(seed, purpose, 0);
  }

  /** A fresh generator for (seed, purpose, index). */
  public static SplittableRandom random(long seed, String purpose, long index) {
    return new SplittableRandom(derive(seed, purpose, index));
  }

  /** A fresh generator for (seed, purpose). */
  public static SplittableRandom random(long seed, String purpose) {
    return random(seed, purpose, 0);
  }
}
