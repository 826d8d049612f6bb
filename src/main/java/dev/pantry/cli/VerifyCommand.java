package dev.pantry.cli;

import dev.pantry.config.Units;
import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.maintenance.VerifyReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pantry verify}: re-hashes every cached file. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Re-hash every cached file against its recorded sha256 and compare the disk with the index: "
        + "report files whose bytes changed (mismatch), index entries whose file is gone (missing), and files no "
        + "entry names (orphan). With --repair, remove the bad entries and files; pages still list them, so the "
        + "next request fetches them again.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing wrong, or everything repaired",
      "1:problems found (and not all repaired)",
      "2:usage error",
      "4:the cache could not be read"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry verify",
      "  pantry verify --repair",
      "  pantry verify --json --no-progress > verify.json || echo 'problems found'",
      "",
      "Progress goes to stderr: a bar on a terminal, a line per 10%% otherwise.",
      "Safe while pantry serve runs on the same data directory: it asks the server."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--repair", description = "Remove mismatched and orphan files and entries whose file is missing.")
  boolean repair;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--no-progress", description = "Do not show progress.")
  boolean noProgress;

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ProgressView progress = ProgressView.chosen(err, noProgress, main.interactive());
    VerifyReport report;
    try (CacheSession session = CacheSession.open(data.config())) {
      try {
        report = session.maintenance().verify(repair, progress);
      } finally {
        progress.finish();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(MaintenanceJson.render(true, MaintenanceJson.verify(report)));
    } else {
      print(out, report);
    }
    out.flush();
    return report.clean() ? 0 : 1;
  }

  private static void print(PrintWriter out, VerifyReport r) {
    for (VerifyReport.Issue i : r.issues()) {
      String what = switch (i.kind()) {
        case MISMATCH -> "mismatch  " + i.sha256() + "  hashes to " + i.actual();
        case MISSING -> "missing   " + i.sha256();
        case ORPHAN -> "orphan    " + i.sha256() + "  " + Units.formatSize(i.size());
        case UNNAMED -> "unnamed   " + i.sha256() + "  " + Units.formatSize(i.size())
            + "  (nothing names it; pantry prune --orphans removes it)";
      };
      String done = switch (i.repair()) {
        case REPAIRED -> "  [repaired]";
        case REINDEXED -> "  [re-indexed from its record]";
        case KEPT -> "  [verified, nothing names it: kept]";
        case IN_USE -> "  [in use, not repaired]";
        case NONE -> "";
      };
      out.println(what + done);
      i.files().forEach(f -> out.println("          " + f));
    }
    Map<String, Integer> counts = new TreeMap<>();
    r.issues().forEach(i -> counts.merge(i.kind().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
    StringBuilder summary = new StringBuilder("Verified " + TextTable.count(r.files()) + " files ("
        + Units.formatSize(r.bytes()) + ") in " + Units.formatDuration(r.took()) + ": ");
    if (counts.isEmpty()) {
      summary.append("no problems.");
    } else {
      StringBuilder parts = new StringBuilder();
      counts.forEach((k, n) -> parts.append(parts.length() == 0 ? "" : ", ").append(n).append(' ').append(k));
      summary.append(parts);
      long repaired = r.issues().stream().filter(i -> i.repair() == VerifyReport.Repair.REPAIRED
          || i.repair() == VerifyReport.Repair.REINDEXED).count();
      if (r.clean() && !r.repair()) {
        summary.append(": nothing to repair (prune --orphans removes unnamed blobs).");
      } else {
        summary.append(r.repair() ? "; repaired " + repaired + " of " + r.issues().size() + "." : ". Run with "
            + "--repair to fix them (bad files are removed and fetched again, orphans re-indexed from their records).");
      }
    }
    out.println(summary);
  }
}
