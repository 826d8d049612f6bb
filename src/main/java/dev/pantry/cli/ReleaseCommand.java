package dev.pantry.cli;

import dev.pantry.metadata.Owner;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pantry release NAME}: forget a project's owner, so its next request decides it again. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = "Release a project name from its owning upstream. The next request for it looks the name up in "
        + "priority order again, so a lower-priority upstream (a public index) may then supply it. Do this only "
        + "when a private project really moved or was retired: it is how a name changes hands, and it is logged.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the name was released", "1:no owner was recorded for the name (nothing changed)"},
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry release old-internal-tool",
      "",
      "Safe while pantry serve runs on the same data directory: it asks the server."
    })
final class ReleaseCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Parameters(paramLabel = "NAME", description = "The project name, in any spelling (it is normalized).")
  String name = "";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (CacheSession session = CacheSession.open(data.config())) {
      Optional<Owner> released = session.maintenance().release(name, "the command line (pantry release)");
      PrintWriter out = spec.commandLine().getOut();
      if (released.isEmpty()) {
        spec.commandLine().getErr().println("no owner is recorded for '" + name + "': nothing released");
        return 1;
      }
      out.println("released '" + released.get().project() + "' from upstream " + released.get().upstreamId()
          + "; its next request decides its owner again");
      out.flush();
    }
    return 0;
  }
}
