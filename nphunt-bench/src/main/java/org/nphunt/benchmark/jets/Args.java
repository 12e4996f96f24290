package org.nphunt.benchmark.jets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} arguments of the jet benchmark programs ({@code --force} takes none). */
final class Args {
  private Args() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String k = args[i].substring(2);
      if (k.equals("force")) {
        m.put(k, "true");
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + k + " needs a value");
        }
        m.put(k, args[++i]);
      }
    }
    return m;
  }

  static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  static List<Double> doubles(String csv) {
    List<Double> out = new ArrayList<>();
    if (!csv.isBlank()) {
      for (String s : csv.split(",")) {
        out.add(Double.parseDouble(s.trim()));
      }
    }
    return out;
  }
}
