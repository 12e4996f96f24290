package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** One help style for every command (issue 15 s4): whole first sentences, value labels by kind, one default seed. */
class HelpStyleTest {
  private static List<CommandSpec> all(CommandSpec spec) {
    List<CommandSpec> out = new ArrayList<>(List.of(spec));
    for (CommandLine sub : spec.subcommands().values()) {
      out.addAll(all(sub.getCommandSpec()));
    }
    return out;
  }

  @Test
  void everyOptionValueHasACapitalisedLabel() {
    for (CommandSpec c : all(Main.commandLine().getCommandSpec())) {
      for (OptionSpec o : c.options()) {
        if (o.arity().max() > 0) {
          assertFalse(o.paramLabel().contains("<"), c.qualifiedName() + " " + o.longestName() + ": " + o.paramLabel());
          // capitals (FILE, N, NAME=FILE.h5, FILE.md, FILE.onnx), or the literal choices themselves (antikt|kt|ca)
          assertTrue(o.paramLabel().matches("[A-Z0-9_^./=|,\\[\\]-]+(\\.h5|\\.json|\\.md|\\.onnx)?[A-Z0-9_^./=|,\\[\\]-]*")
                  || o.paramLabel().matches("[a-z0-9-]+(\\|[a-z0-9-]+)+"),
              c.qualifiedName() + " " + o.longestName() + " label " + o.paramLabel());
        }
      }
    }
  }

  @Test
  void everySeedDefaultsToOne() {
    int seeds = 0;
    for (CommandSpec c : all(Main.commandLine().getCommandSpec())) {
      OptionSpec seed = c.findOption("--seed");
      if (seed != null) {
        assertEquals("1", seed.defaultValue(), c.qualifiedName() + " --seed");
        seeds++;
      }
    }
    assertTrue(seeds >= 3, "run, generate and train have --seed: " + seeds);
  }

  @Test
  void topLevelListShowsWholeFirstSentences() {
    StringWriter out = new StringWriter();
    int code = Main.execute(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertEquals(0, code);
    for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
      String[] header = sub.getCommandSpec().usageMessage().header();
      if (sub.getCommandName().equals("help")) {
        continue;
      }
      assertEquals(1, header.length, sub.getCommandName());
      assertTrue(header[0].endsWith("."), sub.getCommandName() + ": '" + header[0] + "'");
    }
    // compared without white space: picocli may wrap inside "weights.params" at the full stop
    String text = out.toString().replaceAll("\\s+", "");
    assertTrue(text.contains(("train Train an autoencoder on Standard-Model events (ADC2021 HDF5) and write a model"
        + " folder (model.json + weights.params).")
        .replaceAll("\\s+", "")), text);
  }

  @Test
  void aCommandsOwnHelpDoesNotRepeatItsFirstSentence() {
    StringWriter out = new StringWriter();
    Main.execute(new String[] {"train", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    String text = out.toString();
    assertTrue(text.startsWith("Usage: nphunt train"), text);
    assertEquals(text.indexOf("Train an autoencoder"), text.lastIndexOf("Train an autoencoder"));
  }

  @Test
  void firstSentenceStopsAtTheFirstFullStop() {
    assertEquals("Cut here.", HelpStyle.firstSentence("Cut here. Not this."));
    assertEquals("e.g. keeps 1.5 TeV whole.", HelpStyle.firstSentence("e.g. keeps 1.5 TeV whole. Not this."));
    assertEquals("No stop", HelpStyle.firstSentence("No stop"));
  }

  /**
   * Every command's help renders without a picocli warning: an unescaped % in a description (hunt's
   * --signal-width said "68% mJJ") printed "[picocli WARN] Could not format ..." to stderr. picocli's tracer writes
   * to System.err, so that is captured too.
   */
  @Test
  void everyHelpRendersWithoutWarnings() {
    java.io.PrintStream saved = System.err;
    int commands = 0;
    try {
      for (CommandSpec c : all(Main.commandLine().getCommandSpec())) {
        List<String> args = new ArrayList<>(List.of(c.qualifiedName().split(" ")));
        args.remove(0); // "nphunt"
        List<List<String>> ways = new ArrayList<>();
        ways.add(new ArrayList<>(args));
        ways.get(0).add("--help");
        if (args.size() == 1) {
          ways.add(List.of("help", args.get(0)));
        }
        for (List<String> way : ways) {
          java.io.ByteArrayOutputStream system = new java.io.ByteArrayOutputStream();
          System.setErr(new java.io.PrintStream(system, true, java.nio.charset.StandardCharsets.UTF_8));
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          int code = Main.execute(way.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
          System.err.flush();
          assertEquals(0, code, way + ": " + err);
          assertEquals("", system.toString(java.nio.charset.StandardCharsets.UTF_8) + err, way.toString());
          assertTrue(out.toString().contains("Usage: " + c.qualifiedName()), way + ": " + out);
          commands++;
        }
      }
    } finally {
      System.setErr(saved);
    }
    assertTrue(commands > 15, "every command's help: " + commands);
  }
}
