package dev.pantry.cli;

import dev.pantry.admin.ServerInfo;
import dev.pantry.error.Problem;
import dev.pantry.error.ProblemException;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.maintenance.MaintenanceJsonParser.StreamLine;
import dev.pantry.maintenance.MaintenanceJsonParser;
import dev.pantry.maintenance.PruneReport;
import dev.pantry.maintenance.PruneRules;
import dev.pantry.maintenance.VerifyListener;
import dev.pantry.maintenance.VerifyReport;
import dev.pantry.metadata.CacheQueries;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.Owner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@link Maintenance} by asking the running server's admin endpoint: the server owns the database and knows which
 * files its clients are using, so nothing here opens the database or deletes a file.
 */
final class RemoteMaintenance implements Maintenance {
  private static final Duration QUICK = Duration.ofSeconds(60);

  private final ServerInfo server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  RemoteMaintenance(ServerInfo server) {
    this.server = server;
  }

  ServerInfo server() {
    return server;
  }

  /** The pid the endpoint reports, or empty when it does not answer as a Pantry admin endpoint. */
  OptionalLong ping() {
    try {
      HttpResponse<String> r = http.send(request("ping", "GET", Duration.ofSeconds(5)),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return OptionalLong.empty();
      }
      String body = r.body();
      Matcher m = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(body);
      return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  @Override
  public CacheQueries.CacheStats stats(int top) {
    return MaintenanceJsonParser.stats(call("stats?top=" + top, "GET", QUICK));
  }

  @Override
  public List<CacheQueries.ProjectSummary> projects(@Nullable String search, CacheQueries.ProjectSort sort,
      boolean descending) {
    String q = "projects?sort=" + sort.name().toLowerCase(Locale.ROOT) + "&desc=" + descending
        + (search == null ? "" : "&search=" + encode(search));
    return MaintenanceJsonParser.projects(call(q, "GET", QUICK));
  }

  @Override
  public List<FileRecord> files(String project) {
    return MaintenanceJsonParser.files(call("files?project=" + encode(project), "GET", QUICK));
  }

  @Override
  public PruneReport prune(PruneRules rules) {
    StringBuilder q = new StringBuilder("prune?dry-run=").append(rules.dryRun()).append("&yanked=")
        .append(rules.yanked()).append("&orphans=").append(rules.orphans());
    if (rules.olderThan() != null) {
      q.append("&older-than-ms=").append(rules.olderThan().toMillis());
    }
    if (rules.maxSize() != null) {
      q.append("&max-size=").append(rules.maxSize());
    }
    if (rules.keepLatest() != null) {
      q.append("&keep-latest=").append(rules.keepLatest());
    }
    for (String p : rules.projects()) {
      q.append("&project=").append(encode(p));
    }
    return MaintenanceJsonParser.prune(call(q.toString(), "POST", null));
  }

  @Override
  public List<Owner> owners() {
    return MaintenanceJsonParser.owners(call("owners", "GET", QUICK));
  }

  @Override
  public Optional<Owner> release(String project, String by) {
    // The server logs the release as coming from the command line; "by" stays a local notion.
    return MaintenanceJsonParser.released(call("release?project=" + encode(project), "POST", QUICK));
  }

  @Override
  public VerifyReport verify(boolean repair, VerifyListener listener) {
    HttpResponse<Stream<String>> r = send(request("verify?repair=" + repair, "POST", null),
        HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = r.body()) {
      if (r.statusCode() != 200) {
        throw failure(r.statusCode(), lines.findFirst().orElse(""));
      }
      boolean started = false;
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.isBlank()) {
          continue;
        }
        StreamLine parsed = MaintenanceJsonParser.streamLine(line);
        if (parsed instanceof StreamLine.Progress p) {
          if (!started) {
            listener.start(p.totalFiles(), p.totalBytes());
            started = true;
          }
          listener.progress(p.files(), p.bytes());
        } else if (parsed instanceof StreamLine.Report rep) {
          return rep.report();
        } else if (parsed instanceof StreamLine.Failure f) {
          throw new ProblemException(kind(f.kind()), f.message());
        }
      }
    } catch (UncheckedIOException e) {
      throw lost(e.getCause() == null ? e : e.getCause());
    }
    throw new ProblemException(Problem.Kind.UNAVAILABLE, "the server at " + server.url()
        + " stopped before verify finished");
  }

  private String call(String pathAndQuery, String method, @Nullable Duration timeout) {
    HttpResponse<String> r = send(request(pathAndQuery, method, timeout), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw failure(r.statusCode(), r.body());
    }
    return r.body();
  }

  private HttpRequest request(String pathAndQuery, String method, @Nullable Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "admin/" + pathAndQuery))
        .header("Authorization", "Bearer " + server.secret().reveal())
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw lost(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(Problem.Kind.UNAVAILABLE, "interrupted");
    }
  }

  private ProblemException lost(Throwable e) {
    return new ProblemException(Problem.Kind.UNAVAILABLE, "lost the connection to the running server at "
        + server.url() + " (" + e.getClass().getSimpleName() + ")");
  }

  private static ProblemException failure(int status, String body) {
    String message = body.lines().findFirst().orElse("").strip();
    Problem.Kind kind = switch (status) {
      case 400 -> Problem.Kind.BAD_REQUEST;
      case 401, 403 -> Problem.Kind.UNAUTHORIZED;
      case 404 -> Problem.Kind.NOT_FOUND;
      case 503 -> Problem.Kind.UNAVAILABLE;
      case 507 -> Problem.Kind.STORAGE;
      default -> Problem.Kind.INTERNAL;
    };
    return new ProblemException(kind, "the running server answered " + status
        + (message.isEmpty() ? "" : ": " + message));
  }

  private static Problem.Kind kind(String name) {
    try {
      return Problem.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Problem.Kind.INTERNAL;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
