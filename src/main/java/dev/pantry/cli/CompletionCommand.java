package dev.pantry.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pantry completion}: prints the bash completion script, generated from the live command tree. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a bash (and zsh) completion script for pantry.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  alias pantry='java -jar /opt/pantry/pantry.jar'",
      "  source <(pantry completion)",
      "  pantry completion > /etc/bash_completion.d/pantry",
      "",
      "The same script ships as conf/pantry-completion.bash."
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(script(spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String script(picocli.CommandLine root) {
    return AutoComplete.bash("pantry", root);
  }
}
