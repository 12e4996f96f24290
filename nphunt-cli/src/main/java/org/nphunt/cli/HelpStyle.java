package org.nphunt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One help style for every command, including commands contributed by other modules
 * ({@link CommandProvider}): applied to the built command tree so that no command can drift from it.
 *
 * <ul>
 *   <li>The top-level command list shows each command's first sentence whole (picocli otherwise shows the
 *       first source line of the description, cut mid-sentence).
 *   <li>Option values are labelled in capitals by what they are: {@code FILE}/{@code DIR}/{@code PATH}
 *       for paths, {@code N} for integers, {@code X} for real numbers, else the option's name
 *       ({@code --model=MODEL}); picocli's default {@code <fieldName>} label is never shown.
 *   <li>Usage help is wrapped at 100 columns (or the terminal's width when picocli can read it).
 * </ul>
 */
final class HelpStyle {
  /** Width of the usage help when the terminal's is unknown. */
  static final int WIDTH = 100;

  private HelpStyle() {}

  static void apply(CommandLine cl) {
    cl.setUsageHelpWidth(WIDTH);
    cl.setUsageHelpLongOptionsMaxWidth(30);
    apply(cl.getCommandSpec(), true);
  }

  private static void apply(CommandSpec spec, boolean root) {
    if (!root && spec.usageMessage().header().length == 0 && spec.usageMessage().description().length > 0) {
      spec.usageMessage().header(firstSentence(String.join(" ", spec.usageMessage().description())));
      // the header only serves the parent's command list: the command's own help starts with its description
      spec.commandLine().getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER, h -> "");
    }
    for (OptionSpec o : new ArrayList<>(spec.options())) {
      if (o.arity().max() > 0 && o.paramLabel().startsWith("<") && !o.usageHelp() && !o.versionHelp()) {
        spec.remove(o);
        spec.addOption(OptionSpec.builder(o).paramLabel(label(o)).build());
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      apply(sub.getCommandSpec(), false);
    }
  }

  /** The first sentence (up to a full stop followed by a space or the end), or the whole text. */
  static String firstSentence(String text) {
    String t = text.strip().replaceAll("\\s+", " ");
    for (int i = 0; i < t.length() - 1; i++) {
      if (t.charAt(i) == '.' && t.charAt(i + 1) == ' ' && i > 0 && !Character.isDigit(t.charAt(i - 1))
          && !t.substring(Math.max(0, i - 3), i + 1).matches(".*\\b(e\\.g|i\\.e|etc|vs)\\.$")) {
        return t.substring(0, i + 1);
      }
    }
    return t;
  }

  /** The label of an option's value by its type, e.g. FILE, DIR, N, X or the option's name in capitals. */
  static String label(OptionSpec o) {
    Class<?> type = o.auxiliaryTypes().length > 0 && (o.isMultiValue()) ? o.auxiliaryTypes()[0] : o.type();
    String name = o.longestName().replaceFirst("^-+", "");
    if (Path.class.isAssignableFrom(type) || java.io.File.class.isAssignableFrom(type)) {
      return name.contains("out") || name.contains("dir") || name.contains("model") || name.contains("resume")
          ? "DIR" : name.contains("data") ? "PATH" : "FILE";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "N";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "X";
    }
    List<String> words = List.of(name.split("-"));
    return String.join("_", words).toUpperCase(Locale.ROOT);
  }
}
