package dev.pantry.web;

import dev.pantry.cache.CacheQueries;
import dev.pantry.cache.StorageException;
import dev.pantry.config.Secret;
import dev.pantry.error.Problem;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.maintenance.MaintenanceJson;
import dev.pantry.maintenance.PruneRules;
import dev.pantry.maintenance.VerifyListener;
import dev.pantry.maintenance.VerifyReport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
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
 * {@code /admin/*}: the running server's maintenance endpoint for {@code pantry prune|stats|verify|list}. Every request,
 * whatever its path, needs {@code Authorization: Bearer <secret>} with this run's secret from {@code server.json}:
 * none is 401, a wrong one 403. The secret is compared in constant time (as digests, so its length leaks nothing).
 *
 * <ul>
 *   <li>{@code GET ping}: {@code {"pid": n}}
 *   <li>{@code GET stats?top=n}, {@code GET projects?search=&sort=&desc=}, {@code GET files?project=}
 *   <li>{@code POST prune?older-than-ms=&max-size=&project=&keep-latest=&yanked=&dry-run=}
 *   <li>{@code POST verify?repair=}: newline-delimited JSON, {@code progress} lines then one {@code report} line
 * </ul>
 */
final class AdminHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

  private final byte[] secretDigest;
  private final Maintenance maintenance;

  AdminHandler(Secret secret, Maintenance maintenance) {
    this.secretDigest = digest(secret.reveal());
    this.maintenance = maintenance;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"pantry-admin\"");
      Responses.problem(response, callback, Problem.of(Problem.Kind.UNAUTHORIZED,
          "the admin endpoint needs the secret from <data>/server.json"));
      return true;
    }
    if (!MessageDigest.isEqual(digest(auth.substring(7).strip()), secretDigest)) {
      response.setStatus(403);
      Responses.text(response, callback, "wrong admin secret");
      return true;
    }
    String op = Request.getPathInContext(request).substring("/admin/".length());
    String method = request.getMethod();
    Fields q = Request.extractQueryParameters(request);
    try {
      route(op, method, q, request, response, callback);
    } catch (IllegalArgumentException e) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.BAD_REQUEST, String.valueOf(e.getMessage())));
    } catch (StorageException e) {
      LOG.error("admin {} failed: {}", op, e.getMessage());
      Responses.problem(response, callback, Problem.of(Problem.Kind.STORAGE, String.valueOf(e.getMessage())));
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
    } else if (op.equals("ping") || op.equals("stats") || op.equals("projects") || op.equals("files")
        || op.equals("prune") || op.equals("verify")) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED, method + " not allowed"));
    } else {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no admin operation '" + op + "'"));
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
        Boolean.parseBoolean(q.getValue("dry-run")));
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

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
