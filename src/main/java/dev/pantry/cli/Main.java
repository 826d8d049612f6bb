package dev.pantry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar pantry.jar <command>}: the entry point. */
@Command(
    name = "pantry",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A caching mirror for Python package indexes.",
    subcommands = {ServeCommand.class, HealthcheckCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 success, 2 usage error, others per command. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        cmd.getErr().println("pantry: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"pantry " + (v == null ? "dev" : v)};
    }
  }
}
