package dev.pantry.cli;

import dev.pantry.config.Units;
import dev.pantry.error.Problem;
import dev.pantry.error.ProblemException;
import dev.pantry.index.DistFilename;
import dev.pantry.index.Pep440Version;
import dev.pantry.index.ProjectNames;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.metadata.CacheQueries.ProjectSort;
import dev.pantry.metadata.CacheQueries.ProjectSummary;
import dev.pantry.metadata.FileRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pantry list [PROJECT]}: cached projects, or one project's files. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List cached projects, or with PROJECT the project's cached files: version, size, sha256, when "
        + "cached, last access, hits.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry ls",
      "  pantry ls --sort size       # largest projects first",
      "  pantry ls --sort hits -r    # least used projects first",
      "  pantry ls requests          # one project's files, newest version first",
      "  pantry ls requests --json | jq -r '.files[].filename'",
      "",
      "Sort keys for projects: name, files, size, last-access, hits.",
      "Sort keys for files: version, name, size, cached, last-access, hits.",
      "Names sort A to Z, everything else largest or newest first; -r reverses."
    })
final class ListCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "Show this project's files.")
  @Nullable String project;

  @Option(names = "--sort", paramLabel = "KEY", description = "Sort key (see below).")
  @Nullable String sort;

  @Option(names = {"-r", "--reverse"}, description = "Reverse the order.")
  boolean reverse;

  @Option(names = {"-a", "--all"},
      description = "Include what pages listed but nothing cached (projects), or uncached and .metadata files.")
  boolean all;

  @Option(names = "--no-trunc", description = "Show whole sha256 digests.")
  boolean noTrunc;

  @Option(names = "--json", description = "Print machine-readable JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (CacheSession session = CacheSession.open(data.config())) {
      if (project == null) {
        listProjects(session.maintenance());
      } else {
        listFiles(session.maintenance(), ProjectNames.normalize(project));
      }
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private void listProjects(Maintenance m) {
    String key = sort == null ? "name" : sort;
    ProjectSort by;
    try {
      by = ProjectSort.valueOf(key.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw usage("unknown sort key for projects: '" + key + "' (name, files, size, last-access, hits)");
    }
    boolean descending = by != ProjectSort.NAME;
    List<ProjectSummary> projects = m.projects(null, by, descending != reverse).stream()
        .filter(p -> all || p.cachedFiles() > 0).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(MaintenanceJson.render(true, MaintenanceJson.projects(projects)));
      return;
    }
    TextTable t = new TextTable("PROJECT", ">FILES", ">SIZE", "LAST ACCESS", ">HITS");
    for (ProjectSummary p : projects) {
      t.row(p.project(), all ? p.cachedFiles() + "/" + p.files() : TextTable.count(p.cachedFiles()),
          Units.formatSize(p.bytes()), TextTable.when(p.lastAccess()), TextTable.count(p.hits()));
    }
    t.print(out, "");
  }

  private void listFiles(Maintenance m, String name) {
    Comparator<FileRecord> order = fileOrder(sort == null ? "version" : sort);
    List<FileRecord> known = m.files(name);
    if (known.isEmpty()) {
      throw new ProblemException(Problem.Kind.NOT_FOUND, "no project '" + name + "' in the cache");
    }
    List<FileRecord> rows = new ArrayList<>(known.stream().filter(f -> all || f.cached() && !f.isMetadata())
        .toList());
    rows.sort(reverse ? order.reversed() : order);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(MaintenanceJson.render(true, MaintenanceJson.files(name, rows)));
      return;
    }
    boolean upstreams = rows.stream().map(FileRecord::upstreamId).distinct().count() > 1;
    TextTable t = upstreams
        ? new TextTable("VERSION", "FILENAME", ">SIZE", "SHA256", "CACHED", "LAST ACCESS", ">HITS", "UPSTREAM")
        : new TextTable("VERSION", "FILENAME", ">SIZE", "SHA256", "CACHED", "LAST ACCESS", ">HITS");
    for (FileRecord f : rows) {
      String version = DistFilename.versionText(f.filename(), f.project()).orElse("-")
          + (f.yanked() != null ? " (yanked)" : "");
      String sha = f.cachedSha256() != null ? f.cachedSha256() : f.sha256() != null ? f.sha256() : "-";
      Long size = f.cachedSize() != null ? f.cachedSize() : f.size();
      String[] cells = {version, f.filename(), size == null ? "-" : Units.formatSize(size),
          noTrunc || sha.length() < 12 ? sha : sha.substring(0, 12), TextTable.when(f.cachedAt()),
          TextTable.when(f.lastAccess()), TextTable.count(f.hits()), f.upstreamId()};
      t.row(upstreams ? cells : Arrays.copyOf(cells, 7));
    }
    t.print(out, "");
  }

  /** The natural order of a key: names A to Z, everything else largest or newest first. */
  private Comparator<FileRecord> fileOrder(String key) {
    Comparator<FileRecord> byName = Comparator.comparing(FileRecord::filename);
    Comparator<FileRecord> c = switch (key) {
      case "version" -> Comparator.comparing(ListCommand::version,
          Comparator.nullsFirst(Comparator.<Pep440Version>naturalOrder())).reversed().thenComparing(byName);
      case "name" -> byName;
      case "size" -> Comparator.comparing((FileRecord f) -> f.cachedSize() == null ? -1 : f.cachedSize()).reversed();
      case "cached" -> Comparator.comparing((FileRecord f) -> f.cachedAt() == null ? -1 : f.cachedAt()).reversed();
      case "last-access" -> Comparator.comparing((FileRecord f) -> f.lastAccess() == null ? -1 : f.lastAccess())
          .reversed();
      case "hits" -> Comparator.comparingLong(FileRecord::hits).reversed();
      default -> throw usage("unknown sort key for files: '" + key
          + "' (version, name, size, cached, last-access, hits)");
    };
    return c.thenComparing(byName);
  }

  private static @Nullable Pep440Version version(FileRecord f) {
    return DistFilename.version(f.filename(), f.project()).orElse(null);
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }
}
