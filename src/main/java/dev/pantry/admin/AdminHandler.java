package dev.pantry.admin;

import dev.pantry.error.Errors;
import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.index.ProjectNames;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.maintenance.PruneRules;
import dev.pantry.maintenance.VerifyListener;
import dev.pantry.maintenance.VerifyReport;
import dev.pantry.metadata.CacheQueries;
import dev.pantry.ops.ConfigReloader;
import dev.pantry.ops.ReloadResult;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/*}: the running server's endpoint for {@code pantry prune|stats|verify|list} and config reloads. Every
 * request, whatever its path, passes {@link AdminAuth}: this run's secret from {@code server.json} or the configured
 * admin token, else 401.
 *
 * <ul>
 *   <li>{@code GET ping}: {@code {"pid": n}}
 *   <li>{@code GET stats?top=n}, {@code GET projects?search=&sort=&desc=}, {@code GET files?project=}
 *   <li>{@code POST prune?older-than-ms=&max-size=&project=&keep-latest=&yanked=&dry-run=}
 *   <li>{@code POST verify?repair=}: newline-delimited JSON, {@code progress} lines then one {@code report} line
 *   <li>{@code POST reload}: re-reads the configuration; 200 with the changes, 400 with the reason it was rejected
 * </ul>
 */
public final class AdminHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
  private static final Set<String> OPERATIONS =
      Set.of("ping", "stats", "projects", "files", "prune", "verify", "reload", "owners", "release");
  private static final Set<String> POSTS = Set.of("prune", "verify", "reload", "release");

  private final AdminAuth auth;
  private final Maintenance maintenance;
  private final ConfigReloader reloader;

  public AdminHandler(AdminAuth auth, Maintenance maintenance, ConfigReloader reloader) {
    this.auth = auth;
    this.maintenance = maintenance;
    this.reloader = reloader;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Problem denied = auth.check(request, response);
    if (denied != null) {
      HttpProblems.send(response, callback, denied);
      return true;
    }
    String op = request.getHttpURI().getPath().substring("/admin/".length());
    String method = request.getMethod();
    Fields q = Request.extractQueryParameters(request);
    try {
      route(op, method, q, request, response, callback);
    } catch (IllegalArgumentException | StorageException e) {
      Problem p = Errors.problem(e);
      if (p.kind() == Problem.Kind.STORAGE) {
        LOG.error("admin {} failed: {}", op, p.message());
      }
      HttpProblems.send(response, callback, p);
    }
    return true;
  }

  private void route(String op, String method, Fields q, Request request, Response response, Callback callback)
      throws IOException {
    boolean get = HttpMethod.GET.is(method);
    boolean post = HttpMethod.POST.is(method);
    if (op.equals("ping") && get) {
      json(response, callback, MaintenanceJson.render(false, g -> {
        g.writeStartObject();
        g.writeNumberField("pid", ProcessHandle.current().pid());
        g.writeEndObject();
      }));
    } else if (op.equals("stats") && get) {
      int top = integer(q, "top", 10);
      json(response, callback, MaintenanceJson.render(false, MaintenanceJson.stats(maintenance.stats(top))));
    } else if (op.equals("projects") && get) {
      CacheQueries.ProjectSort sort = CacheQueries.ProjectSort.valueOf(
          value(q, "sort", "name").toUpperCase(Locale.ROOT).replace('-', '_'));
      json(response, callback, MaintenanceJson.render(false, MaintenanceJson.projects(
          maintenance.projects(q.getValue("search"), sort, Boolean.parseBoolean(value(q, "desc", "false"))))));
    } else if (op.equals("files") && get) {
      String project = value(q, "project", "");
      json(response, callback, MaintenanceJson.render(false, MaintenanceJson.files(project,
          maintenance.files(project))));
    } else if (op.equals("prune") && post) {
      json(response, callback, MaintenanceJson.render(false, MaintenanceJson.prune(maintenance.prune(rules(q)))));
    } else if (op.equals("verify") && post) {
      verify(Boolean.parseBoolean(value(q, "repair", "false")), response, callback);
    } else if (op.equals("reload") && post) {
      reload(response, callback);
    } else if (op.equals("owners") && get) {
      json(response, callback, MaintenanceJson.render(false, MaintenanceJson.owners(maintenance.owners())));
    } else if (op.equals("release") && post) {
      String project = ProjectNames.normalize(value(q, "project", ""));
      if (project.isEmpty()) {
        throw new IllegalArgumentException("release needs ?project=<name>");
      }
      json(response, callback, MaintenanceJson.render(false, MaintenanceJson.released(project,
          maintenance.release(project, "the admin API (from " + Request.getRemoteAddr(request) + ")"))));
    } else if (OPERATIONS.contains(op)) {
      response.getHeaders().put(HttpHeader.ALLOW, POSTS.contains(op) ? "POST" : "GET, HEAD");
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED, method + " not allowed"));
    } else {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no admin operation '"
          + (op.length() > 60 ? op.substring(0, 60) + "..." : op) + "'"));
    }
  }

  private void reload(Response response, Callback callback) {
    ReloadResult result = reloader.reload("POST /admin/reload");
    if (result instanceof ReloadResult.Applied applied) {
      HttpProblems.text(response, callback, "reloaded"
          + (applied.changes().isEmpty() ? ": no changes" : "\n" + String.join("\n", applied.changes())));
    } else {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.BAD_REQUEST,
          "config rejected, the running config stays: " + ((ReloadResult.Rejected) result).reason()));
    }
  }

  static PruneRules rules(Fields q) {
    String olderThan = q.getValue("older-than-ms");
    String maxSize = q.getValue("max-size");
    String keep = q.getValue("keep-latest");
    return new PruneRules(
        olderThan == null ? null : Duration.ofMillis(Long.parseLong(olderThan)),
        maxSize == null ? null : Long.parseLong(maxSize),
        q.getValuesOrEmpty("project"),
        keep == null ? null : Integer.parseInt(keep),
        Boolean.parseBoolean(q.getValue("yanked")),
        Boolean.parseBoolean(q.getValue("dry-run")),
        Boolean.parseBoolean(q.getValue("orphans")));
  }

  /** Streams progress while verifying, so the command line can draw its progress bar. */
  private void verify(boolean repair, Response response, Callback callback) throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
    Writer out = new OutputStreamWriter(Content.Sink.asOutputStream(response), StandardCharsets.UTF_8);
    try {
      VerifyReport report = maintenance.verify(repair, new StreamingListener(out));
      line(out, MaintenanceJson.wrap("report", MaintenanceJson.verify(report)));
    } catch (StorageException e) {
      LOG.error("admin verify failed: {}", e.getMessage());
      line(out, g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("error");
        g.writeStringField("kind", Problem.Kind.STORAGE.name());
        g.writeStringField("message", String.valueOf(e.getMessage()));
        g.writeEndObject();
        g.writeEndObject();
      });
    } catch (UncheckedIOException e) {
      // The client went away: stop here, before any repair.
      callback.failed(e.getCause());
      return;
    }
    out.close();
    callback.succeeded();
  }

  /** Writes a progress line at most every 250 ms, and always the first and the last. */
  private static final class StreamingListener implements VerifyListener {
    private final Writer out;
    private long totalFiles;
    private long totalBytes;
    private long lastLine;

    StreamingListener(Writer out) {
      this.out = out;
    }

    @Override
    public void start(long files, long bytes) {
      totalFiles = files;
      totalBytes = bytes;
      emit(0, 0);
    }

    @Override
    public void progress(long files, long bytes) {
      if (files == totalFiles || System.nanoTime() - lastLine >= PROGRESS_EVERY_NANOS) {
        emit(files, bytes);
      }
    }

    private void emit(long files, long bytes) {
      lastLine = System.nanoTime();
      try {
        line(out, MaintenanceJson.progress(files, bytes, totalFiles, totalBytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void line(Writer out, MaintenanceJson.Body body) throws IOException {
    MaintenanceJson.write(out, false, body);
    out.write('\n');
    out.flush();
  }

  private static void json(Response response, Callback callback, String body) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  private static String value(Fields q, String name, String fallback) {
    String v = q.getValue(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private static int integer(Fields q, String name, int fallback) {
    String v = q.getValue(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

}
