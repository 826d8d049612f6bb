package dev.pantry.cli;

import dev.pantry.admin.ServerInfo;
import dev.pantry.config.ConfigLoader;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Units;
import dev.pantry.error.Problem;
import dev.pantry.error.ProblemException;
import dev.pantry.maintenance.Migration;
import dev.pantry.runtime.Backends;
import dev.pantry.runtime.Pantry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pantry migrate --to FILE}: copy a single node's cache into the shared backends of a cluster. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Copy this cache (the data directory's blobs, their records and the project owners) into the "
        + "backends another config names: a cluster's PostgreSQL database and S3 bucket. Every blob is verified "
        + "against its sha256 on the way; blobs already there are skipped, so an interrupted run resumes. The "
        + "target's index is then rebuilt from the records. Pages are fetched again on first use.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:everything was copied", "1:some blobs no longer match their sha256 and were left out",
        "4:a store or database failed"},
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry migrate --data /var/lib/pantry --to /etc/pantry/cluster.properties",
      "",
      "Stop pantry serve on the data directory first: the copy reads its database."
    })
final class MigrateCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--to", required = true, paramLabel = "FILE",
      description = "The cluster's config file (metadata.url, storage.url and their credentials).")
  Path to = Path.of("");

  @Option(names = "--no-progress", description = "Do not show progress.")
  boolean noProgress;

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PantryConfig source = data.config();
    // The target keeps nothing in a data directory but the upload spool: a temporary one does.
    Path spool = Files.createTempDirectory("pantry-migrate");
    PantryConfig target = ConfigLoader.load(ConfigLoader.Flags.of(to, spool));
    if (!target.metadata().isPostgres() || !target.storage().isS3()) {
      throw new ProblemException(Problem.Kind.BAD_REQUEST, to + " must name a cluster's shared backends: "
          + "metadata.url (PostgreSQL) and storage.url (s3://...)");
    }
    if (ServerInfo.read(source.dataDir()).filter(ServerInfo::processAlive).isPresent()) {
      throw new ProblemException(Problem.Kind.UNAVAILABLE, "pantry serve is running on " + source.dataDir()
          + ": stop it first, the copy reads its database");
    }
    PrintWriter err = spec.commandLine().getErr();
    ProgressView progress = ProgressView.chosen(err, noProgress, main.interactive());
    Migration.Report report;
    try (Backends from = Backends.open(source, Clock.systemUTC());
         Backends into = Backends.open(target, Clock.systemUTC())) {
      try {
        report = new Migration(from.blobs(), into.blobs()).run(from.owners(), into.owners(), progress);
      } finally {
        progress.finish();
      }
      Pantry.reconcile(into);
    } catch (IOException e) {
      throw new ProblemException(Problem.Kind.STORAGE, "migration stopped (run it again to resume): "
          + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Copied " + TextTable.count(report.copied()) + (report.copied() == 1 ? " file (" : " files (")
        + Units.formatSize(report.bytes())
        + ") in " + Units.formatDuration(report.took()) + "; " + TextTable.count(report.present())
        + " were there already; " + report.owners() + " project owners recorded.");
    for (String sha : report.rotten()) {
      out.println("not copied: " + sha + " no longer hashes to its name (pantry verify --repair removes it)");
    }
    out.flush();
    return report.rotten().isEmpty() ? 0 : 1;
  }
}
