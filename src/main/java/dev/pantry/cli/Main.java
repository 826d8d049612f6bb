package dev.pantry.cli;

import dev.pantry.error.Errors;
import dev.pantry.error.Problem;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar pantry.jar <command>}: the entry point. */
@Command(
    name = "pantry",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A caching mirror for Python package indexes.",
    subcommands = {ServeCommand.class, HealthcheckCommand.class, ListCommand.class, StatsCommand.class,
        PruneCommand.class, OwnersCommand.class, ReleaseCommand.class, MigrateCommand.class,
        VerifyCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:verify found problems; a project or cache not found",
      "2:usage error",
      "3:an upstream or the running server failed",
      "4:the cache's storage failed"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry serve --data /var/lib/pantry",
      "  pantry stats --data /var/lib/pantry",
      "  pantry prune --older-than 30d --dry-run",
      "  pantry verify --repair",
      "  source <(pantry completion)"
    })
public final class Main {
  private final boolean interactive;

  private Main(boolean interactive) {
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    // First, before any NIO: the JDK keeps, per thread, the largest temporary direct buffer a socket write of a heap
    // buffer needed, for ever, unless told a bound (see SlicedWrite). The operator's own setting wins.
    if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
      System.setProperty("jdk.nio.maxCachedBufferSize", String.valueOf(1 << 20));
    }
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
    System.exit(run(new Main(ProgressView.interactive()), out, err, args));
  }

  /** Runs a command line and returns its exit code: 0 success, 2 usage error, others per command. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /**
   * Runs a command line writing to {@code out} and {@code err} (never a terminal: progress prints as plain lines);
   * returns the exit code.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new Main(false), out, err, args);
  }

  private static int run(Main main, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(main);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Problem p = problem(e);
      cmd.getErr().println("pantry: " + p.message());
      cmd.getErr().flush();
      return exitCode(p);
    });
    cli.setParameterExceptionHandler((e, params) -> {
      // One line and a pointer to --help, like most Unix tools; the whole usage would bury the message.
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println(cmd.getCommandName().equals("pantry") ? "pantry: " + e.getMessage()
          : "pantry " + cmd.getCommandName() + ": " + e.getMessage());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      cmd.getErr().flush();
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The one mapping from a failure to a problem, shared with the HTTP side. */
  static Problem problem(Exception e) {
    return Errors.problem(e);
  }

  /** The one mapping from a problem to an exit code. */
  static int exitCode(Problem p) {
    return p.kind().exitCode();
  }

  boolean interactive() {
    return interactive;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"pantry " + (v == null ? "dev" : v)};
    }
  }
}
