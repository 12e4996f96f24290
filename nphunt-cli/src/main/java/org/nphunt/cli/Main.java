package org.nphunt.cli;

import java.io.PrintWriter;
import org.nphunt.NphuntException;
import org.nphunt.manifest.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code nphunt} command line. */
@Command(
    name = "nphunt",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Unsupervised new-physics searches with autoencoders on ADC2021-format LHC events.",
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      GenerateCommand.class,
      InspectCommand.class,
      ClusterCommand.class,
      FeaturesCommand.class,
      SampleCommand.class,
      TrainCommand.class,
      ScoreCommand.class,
      EvaluateCommand.class,
      HuntCommand.class,
      QuantizeCommand.class,
      ExportCommand.class,
    })
public final class Main implements Runnable {
  /** Exit code for bad data or a failed operation. */
  public static final int EXIT_ERROR = 1;
  /** Exit code for bad usage: unknown option, bad value. */
  public static final int EXIT_USAGE = 2;
  /** Exit code for an internal error (a bug). */
  public static final int EXIT_INTERNAL = 70;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code (for tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println(OUT_OF_MEMORY);
      err.flush();
      return EXIT_ERROR;
    }
  }

  /** The one line printed when the Java heap is exhausted. */
  static final String OUT_OF_MEMORY = "nphunt: error: out of memory (Java heap of "
      + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): raise it with NPHUNT_JAVA_OPTS, e.g."
      + " NPHUNT_JAVA_OPTS=-Xmx8g ./nphunt ...";

  /** The first OutOfMemoryError in a cause chain, or null. */
  private static OutOfMemoryError outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }

  /** The configured picocli command line. */
  public static CommandLine commandLine() {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    for (CommandProvider p : java.util.ServiceLoader.load(CommandProvider.class)) {
      cl.addSubcommand(p.command());
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    HelpStyle.apply(cl);
    cl.setParameterExceptionHandler((ParameterException e, String[] args) -> {
      CommandLine c = e.getCommandLine();
      String name = c.getCommandSpec().qualifiedName();
      c.getErr().println("nphunt: " + e.getMessage() + " (see '" + name + " --help')");
      if (main.debug) {
        e.printStackTrace(c.getErr());
      }
      return EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((Exception e, CommandLine c, CommandLine.ParseResult pr) -> {
      PrintWriter err = c.getErr();
      int code;
      if (e instanceof NphuntException) {
        err.println("nphunt: error: " + e.getMessage());
        code = EXIT_ERROR;
      } else if (outOfMemory(e) != null) {
        err.println(OUT_OF_MEMORY);
        code = EXIT_ERROR;
      } else if (e instanceof java.io.UncheckedIOException u) {
        // an I/O failure (full disk, read-only folder, vanished file) is an operation that failed, not a bug
        err.println("nphunt: error: " + u.getMessage() + ": " + u.getCause().getMessage());
        code = EXIT_ERROR;
      } else if (e instanceof IllegalArgumentException) {
        err.println("nphunt: invalid value: " + e.getMessage());
        code = EXIT_USAGE;
      } else {
        err.println("nphunt: internal error: " + e);
        code = EXIT_INTERNAL;
      }
      if (main.debug || code == EXIT_INTERNAL) {
        e.printStackTrace(err);
      }
      err.flush();
      return code;
    });
    return cl;
  }

  /** Reports nphunt's version and git revision. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "nphunt " + Manifest.nphuntVersion() + " (git " + Manifest.currentGitRevision() + ")",
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
