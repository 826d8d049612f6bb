package dev.pantry.cli;

import dev.pantry.config.Units;
import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.metadata.CacheQueries.CacheStats;
import dev.pantry.metadata.CacheQueries.ProjectSummary;
import dev.pantry.metadata.FileRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pantry stats}: what the cache holds and how well it works. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Show what the cache holds: files, projects, bytes on disk, hit ratio, traffic, top projects and "
        + "the oldest entries.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry stats",
      "  pantry stats --top 20 --data /var/lib/pantry",
      "  pantry stats --json | jq .hitRatio",
      "",
      "Safe while pantry serve runs on the same data directory: it asks the server."
    })
final class StatsCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--top", paramLabel = "N", defaultValue = "10",
      description = "How many top projects and oldest entries to show (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--json", description = "Print machine-readable JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (top < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must not be negative");
    }
    try (CacheSession session = CacheSession.open(data.config())) {
      CacheStats s = session.maintenance().stats(top);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(MaintenanceJson.render(true, MaintenanceJson.stats(s)));
      } else {
        print(out, s);
      }
      out.flush();
    }
    return 0;
  }

  private static void print(PrintWriter out, CacheStats s) {
    out.println("Files       " + TextTable.count(s.files()) + " in " + TextTable.count(s.projects()) + " projects");
    out.println("On disk     " + Units.formatSize(s.bytes()));
    out.println("Hit ratio   " + String.format(Locale.ROOT, "%.1f%%", s.hitRatio() * 100) + " ("
        + TextTable.count(Math.max(0, s.served() - s.fetched())) + " of " + TextTable.count(s.served())
        + " downloads from the cache)");
    out.println("Served      " + Units.formatSize(s.bytesServed()) + " to clients");
    out.println("Fetched     " + Units.formatSize(s.bytesFetched()) + " from upstreams ("
        + TextTable.count(s.fetched()) + " files)");
    // The queries rank every listed project; a project with nothing cached or never served is noise here.
    projects(out, "Top projects by size", s.topBySize().stream().filter(p -> p.bytes() > 0).toList());
    projects(out, "Top projects by hits", s.topByHits().stream().filter(p -> p.hits() > 0).toList());
    if (!s.oldest().isEmpty()) {
      out.println();
      out.println("Oldest entries (least recently used)");
      TextTable t = new TextTable("FILE", ">SIZE", "LAST ACCESS", "CACHED");
      for (FileRecord f : s.oldest()) {
        t.row(f.upstreamId() + "/" + f.project() + "/" + f.filename(),
            Units.formatSize(f.cachedSize() == null ? 0 : f.cachedSize()), TextTable.when(f.lastAccess()),
            TextTable.when(f.cachedAt()));
      }
      t.print(out, "  ");
    }
  }

  private static void projects(PrintWriter out, String title, List<ProjectSummary> list) {
    if (list.isEmpty()) {
      return;
    }
    out.println();
    out.println(title);
    TextTable t = new TextTable("PROJECT", ">FILES", ">SIZE", ">HITS", "LAST ACCESS");
    for (ProjectSummary p : list) {
      t.row(p.project(), TextTable.count(p.cachedFiles()), Units.formatSize(p.bytes()), TextTable.count(p.hits()),
          TextTable.when(p.lastAccess()));
    }
    t.print(out, "  ");
  }
}
