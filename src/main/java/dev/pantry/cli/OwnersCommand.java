package dev.pantry.cli;

import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.metadata.Owner;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pantry owners}: which upstream owns each project name. */
@Command(
    name = "owners",
    mixinStandardHelpOptions = true,
    description = "List which upstream owns each project name. A name's owner is the first upstream (in priority "
        + "order) that offered it; no other upstream supplies it until the name is released (pantry release).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry owners",
      "  pantry owners --json | jq '.owners[] | select(.upstream == \"pypi\")'",
      "",
      "Safe while pantry serve runs on the same data directory: it asks the server."
    })
final class OwnersCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--json", description = "Print machine-readable JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (CacheSession session = CacheSession.open(data.config())) {
      List<Owner> owners = session.maintenance().owners();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(MaintenanceJson.render(true, MaintenanceJson.owners(owners)));
      } else if (owners.isEmpty()) {
        out.println("No owners recorded yet: a project's owner is recorded when its page is first served.");
      } else {
        TextTable t = new TextTable("PROJECT", "UPSTREAM", "SINCE", "PAGE FROM");
        for (Owner o : owners) {
          t.row(o.project(), o.upstreamId(), TextTable.when(o.claimedAt()),
              o.direct() ? "its own host" : "a redirect to another host");
        }
        t.print(out, "");
      }
      out.flush();
    }
    return 0;
  }
}
