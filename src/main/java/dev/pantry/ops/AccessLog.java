package dev.pantry.ops;

import dev.pantry.config.OpsSettings;
import dev.pantry.ops.AccessEntry;
import dev.pantry.ops.AccessLogLine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per finished request, NCSA combined or JSON, through Jetty's {@link RequestLogWriter} (a
 * file, rolled daily when its name holds {@code yyyy_mm_dd}) or its slf4j writer. It reads the cache status from the
 * response's {@code X-Pantry-Cache} header; it never reads Authorization, and the query and referer are redacted.
 * Add it to the server as a bean so its writer starts and stops with it.
 */
final class AccessLog extends ContainerLifeCycle implements RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  static final String LOGGER_NAME = "dev.pantry.access";

  private final OpsSettings.AccessLogFormat format;
  private final RequestLog.Writer writer;
  private final Throttle clients;
  private final AtomicBoolean warned = new AtomicBoolean();

  AccessLog(OpsSettings.AccessLogFormat format, @Nullable Path file, Throttle clients) {
    this.format = format;
    this.clients = clients;
    if (file == null) {
      Slf4jRequestLogWriter w = new Slf4jRequestLogWriter();
      w.setLoggerName(LOGGER_NAME);
      this.writer = w;
    } else {
      RequestLogWriter w = new RequestLogWriter(file.toAbsolutePath().toString());
      w.setAppend(true);
      w.setTimeZone("UTC");
      this.writer = w;
    }
    addBean(writer, true);
  }

  @Override
  public void log(Request request, Response response) {
    try {
      AccessEntry e = entry(request, response);
      writer.write(format == OpsSettings.AccessLogFormat.JSON ? AccessLogLine.json(e) : AccessLogLine.ncsa(e));
    } catch (IOException | RuntimeException ex) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("cannot write the access log (further failures are not reported): {}", ex.toString());
      }
    }
  }

  private AccessEntry entry(Request request, Response response) {
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath() == null ? "-" : uri.getPath();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
    return new AccessEntry(
        Instant.ofEpochMilli(Request.getTimeStamp(request)),
        clients.client(request),
        request.getMethod(),
        path,
        uri.getQuery(),
        request.getConnectionMetaData().getProtocol(),
        response.getStatus(),
        Response.getContentBytesWritten(response),
        millis,
        response.getHeaders().get("X-Pantry-Cache"),
        request.getHeaders().get(HttpHeader.REFERER),
        request.getHeaders().get(HttpHeader.USER_AGENT));
  }
}
