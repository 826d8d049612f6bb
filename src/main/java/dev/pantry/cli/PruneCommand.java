package dev.pantry.cli;

import dev.pantry.config.Units;
import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.maintenance.PruneReport;
import dev.pantry.maintenance.PruneRules;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pantry prune}: removes cached files by rules. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = "Remove cached files by rules. A file goes when it matches every rule given; with --max-size, "
        + "matching files go least recently used first until the cache fits. A wheel's .metadata file goes with it. "
        + "Files being served or downloaded are skipped. Pages still list pruned files: the next request fetches "
        + "them again.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  # what has nobody used for 30 days?",
      "  pantry prune --older-than 30d --dry-run",
      "  # evict least recently used files until the cache fits in 20 GiB",
      "  pantry prune --max-size 20GiB",
      "  # keep only the 3 newest versions of every project",
      "  pantry prune --keep-latest 3",
      "  pantry prune --project torch --project tensorflow --older-than 7d",
      "  pantry prune --yanked --data /var/lib/pantry",
      "",
      "Sizes: 500MB, 20GiB, 1.5TB (KB, MB, GB decimal; KiB, MiB, GiB binary).",
      "Durations: 90s, 12h, 30d, 2w.",
      "Safe while pantry serve runs on the same data directory: it asks the server."
    })
final class PruneCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--older-than", paramLabel = "DURATION", converter = UnitConverters.Span.class,
      description = "Only files last used (served, or cached if never served) longer ago than this.")
  @Nullable Duration olderThan;

  @Option(names = "--max-size", paramLabel = "SIZE", converter = UnitConverters.Size.class,
      description = "Remove least recently used files until the cache holds at most SIZE.")
  @Nullable Long maxSize;

  @Option(names = "--project", paramLabel = "NAME", description = "Only this project (repeatable).")
  List<String> projects = new ArrayList<>();

  @Option(names = "--keep-latest", paramLabel = "N",
      description = "Only files outside the N newest versions of their project.")
  @Nullable Integer keepLatest;

  @Option(names = "--yanked", description = "Only files the upstream has yanked.")
  boolean yanked;

  @Option(names = "--orphans",
      description = "Also remove verified blobs that no index row caches and no record names (verify lists them as "
          + "unnamed). Nothing else deletes a verified blob.")
  boolean orphans;

  @Option(names = {"-n", "--dry-run"}, description = "Print what would go and the space freed; remove nothing.")
  boolean dryRun;

  @Option(names = {"-v", "--verbose"}, description = "Print every file removed.")
  boolean verbose;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PruneRules rules;
    try {
      rules = new PruneRules(olderThan, maxSize, projects, keepLatest, yanked, dryRun, orphans);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!rules.hasRule()) {
      throw new ParameterException(spec.commandLine(), "give at least one rule: --older-than, --max-size, "
          + "--project, --keep-latest, --yanked or --orphans");
    }
    PruneReport report;
    try (CacheSession session = CacheSession.open(data.config())) {
      report = session.maintenance().prune(rules);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(MaintenanceJson.render(true, MaintenanceJson.prune(report)));
    } else {
      print(out, report);
    }
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, PruneReport r) {
    if (r.dryRun() || verbose) {
      for (PruneReport.Entry e : r.removed()) {
        out.println((r.dryRun() ? "would remove  " : "removed  ") + e.key() + "  " + Units.formatSize(e.size())
            + "  last used " + TextTable.when(e.lastUsed()));
      }
    }
    for (PruneReport.Entry e : r.skipped()) {
      out.println("skipped (in use)  " + e.key());
    }
    long metadata = r.removed().stream().filter(e -> e.key().filename().endsWith(".metadata")).count();
    String files = TextTable.count(r.removed().size()) + (r.removed().size() == 1 ? " file" : " files")
        + (metadata > 0 ? " (" + TextTable.count(metadata) + " of them .metadata)" : "");
    if (r.dryRun()) {
      out.println("Would remove " + files + ", freeing " + Units.formatSize(r.bytesFreed()) + "; the cache would "
          + "hold " + Units.formatSize(r.bytesAfter()) + ". Nothing was removed (dry run).");
    } else {
      out.println("Removed " + files + ", freed " + Units.formatSize(r.bytesFreed()) + " in "
          + Units.formatDuration(r.took()) + "; the cache holds " + Units.formatSize(r.bytesAfter()) + ".");
    }
    if (r.orphans() > 0) {
      out.println((r.dryRun() ? "Would remove " : "Removed ") + TextTable.count(r.orphans())
          + " unnamed blob(s) that nothing in the index names.");
    }
    if (!r.skipped().isEmpty()) {
      out.println("Skipped " + TextTable.count(r.skipped().size()) + " in use (being served or downloaded); run "
          + "prune again later.");
    }
  }
}
