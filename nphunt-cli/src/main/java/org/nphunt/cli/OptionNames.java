package org.nphunt.cli;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the library records' validation messages, which name record fields ("batchSize must be in
 * 1..1048576, found 0"), into the command's option names ("--batch must be in 1..1048576, found 0") at the CLI
 * boundary: library users keep the records' own messages, command-line users read the options they typed.
 */
public final class OptionNames {
  private OptionNames() {}

  /**
   * Runs {@code build} (a record constructor or a chain of withers); an IllegalArgumentException it throws is
   * rethrown (still a usage error, exit 2) with every field name of {@code fieldToOption} found as a whole word in
   * its message replaced by the option.
   */
  public static <T> T translated(Map<String, String> fieldToOption, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(translate(e.getMessage(), fieldToOption), e);
    }
  }

  /** {@code message} with each whole-word field name of the map replaced by its option. */
  public static String translate(String message, Map<String, String> fieldToOption) {
    if (message == null || fieldToOption.isEmpty()) {
      return message;
    }
    Pattern p = Pattern.compile("\\b(" + String.join("|", fieldToOption.keySet()) + ")\\b");
    Matcher m = p.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(fieldToOption.get(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
