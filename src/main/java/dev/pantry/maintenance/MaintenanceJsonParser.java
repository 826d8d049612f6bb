package dev.pantry.maintenance;

import dev.pantry.metadata.CacheQueries.CacheStats;
import dev.pantry.metadata.CacheQueries.ProjectSummary;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.Owner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what {@link MaintenanceJson} wrote: the command line's side of the admin endpoint.
 *
 * @throws IllegalArgumentException from every method when the text is not such a document
 */
public final class MaintenanceJsonParser {
  private MaintenanceJsonParser() {}

  public static CacheStats stats(String json) {
    JsonTree t = JsonTree.parse(json);
    return new CacheStats(t.number("files"), t.number("projects"), t.number("bytes"), t.number("served"),
        t.number("fetched"), t.number("bytesServed"), t.number("bytesFetched"), projects(t.objects("topBySize")),
        projects(t.objects("topByHits")), files(t.objects("oldest")));
  }

  public static List<ProjectSummary> projects(String json) {
    return projects(JsonTree.parse(json).objects("projects"));
  }

  public static List<FileRecord> files(String json) {
    return files(JsonTree.parse(json).objects("files"));
  }

  public static List<Owner> owners(String json) {
    return JsonTree.parse(json).objects("owners").stream().map(o -> {
      Long claimed = o.instant("claimedAt");
      return new Owner(o.required("project"), o.required("upstream"), o.flag("direct"), claimed == null ? 0 : claimed);
    }).toList();
  }

  /** The owner {@link MaintenanceJson#released} says was released, with {@code project} as the name. */
  public static Optional<Owner> released(String json) {
    JsonTree t = JsonTree.parse(json);
    String upstream = t.string("released");
    return upstream == null ? Optional.empty() : Optional.of(new Owner(t.required("project"), upstream, false, 0));
  }

  public static PruneReport prune(String json) {
    JsonTree t = JsonTree.parse(json);
    return new PruneReport(t.flag("dryRun"), entries(t.objects("removed")), entries(t.objects("skipped")),
        t.number("bytesFreed"), t.number("bytesBefore"), t.number("bytesAfter"),
        Duration.ofMillis(t.number("tookMillis")), (int) t.number("orphans"));
  }

  public static VerifyReport verify(String json) {
    return verify(JsonTree.parse(json));
  }

  /** One line of a verify stream. */
  public sealed interface StreamLine {
    record Progress(long files, long bytes, long totalFiles, long totalBytes) implements StreamLine {}

    record Report(VerifyReport report) implements StreamLine {}

    /** The server failed mid-run; {@code kind} is a {@code Problem.Kind} name. */
    record Failure(String kind, String message) implements StreamLine {}
  }

  public static StreamLine streamLine(String line) {
    JsonTree t = JsonTree.parse(line);
    JsonTree p = t.object("progress");
    if (p != null) {
      return new StreamLine.Progress(p.number("files"), p.number("bytes"), p.number("totalFiles"),
          p.number("totalBytes"));
    }
    JsonTree r = t.object("report");
    if (r != null) {
      return new StreamLine.Report(verify(r));
    }
    JsonTree e = t.object("error");
    if (e != null) {
      return new StreamLine.Failure(e.required("kind"), e.required("message"));
    }
    throw new IllegalArgumentException("unknown verify stream line");
  }

  private static VerifyReport verify(JsonTree t) {
    List<VerifyReport.Issue> issues = t.objects("issues").stream().map(i -> new VerifyReport.Issue(
        VerifyReport.Kind.valueOf(i.required("kind").toUpperCase(Locale.ROOT)), i.required("sha256"),
        i.objects("files").stream().map(MaintenanceJsonParser::key).toList(), i.number("size"),
        i.string("actualSha256"), VerifyReport.Repair.valueOf(i.required("repair").toUpperCase(Locale.ROOT))))
        .toList();
    return new VerifyReport(t.number("files"), t.number("bytes"), issues, t.flag("repair"),
        Duration.ofMillis(t.number("tookMillis")));
  }

  private static List<ProjectSummary> projects(List<JsonTree> list) {
    return list.stream().map(p -> new ProjectSummary(p.required("project"), p.number("files"),
        p.number("cachedFiles"), p.number("bytes"), p.instant("lastAccess"), p.number("hits"))).toList();
  }

  private static List<FileRecord> files(List<JsonTree> list) {
    return list.stream().map(f -> {
      boolean cached = f.flag("cached");
      String sha = f.string("sha256");
      Long size = f.optionalNumber("size");
      return new FileRecord(f.required("upstream"), f.required("project"), f.required("filename"), "",
          cached ? null : sha, cached ? null : size, f.string("requiresPython"), f.string("yanked"),
          f.string("uploadTime"), cached ? sha : null, cached ? size : null, f.instant("cachedAt"),
          f.instant("lastAccess"), f.number("hits"), null);
    }).toList();
  }

  private static List<PruneReport.Entry> entries(List<JsonTree> list) {
    return list.stream().map(e -> new PruneReport.Entry(key(e), e.number("size"), e.instant("lastUsed"))).toList();
  }

  private static FileKey key(JsonTree t) {
    return new FileKey(t.required("upstream"), t.required("project"), t.required("filename"));
  }
}
