package dev.pantry.ops;

import dev.pantry.config.OpsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per finished request, NCSA combined or JSON, to a file through Jetty's
 * {@link RequestLogWriter} (rolled daily when its name holds {@code yyyy_mm_dd}), or to standard output, where
 * container platforms collect it (the mirror's own log goes to standard error). It reads the cache status from the
 * response's {@code X-Pantry-Cache} header; it never reads Authorization, and the query and referer are redacted.
 * Add it to the server as a bean so its writer starts and stops with it.
 *
 * <p>A request only queues its entry: one writer thread formats entries and writes them in batches (a file gets one
 * write and one flush per batch, and so does standard output), so a hit never waits on formatting or on the log's
 * I/O. The writer looks for entries every {@value #IDLE_MILLIS} ms when it found none, rather than wait to be woken:
 * waking it for each entry cost a futex wake and a context switch per request, and about a fifth of a 304's
 * throughput on two cores. A request that finds the queue full writes its own line rather than lose it; stopping
 * writes out what is queued.
 */
final class AccessLog extends ContainerLifeCycle implements RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  /** Entries waiting for the writer thread: a second or so of a busy mirror's requests. */
  private static final int QUEUED = 32_768;
  private static final int BATCH = 2048;
  /** How long the writer rests when the queue is empty: a line reaches the log this much later at most. */
  private static final long IDLE_MILLIS = 20;

  private final OpsSettings.AccessLogFormat format;
  private final RequestLog.@Nullable Writer writer;
  private final Throttle clients;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final BlockingQueue<AccessEntry> queue = new ArrayBlockingQueue<>(QUEUED);
  private volatile @Nullable Thread drainer;

  AccessLog(OpsSettings.AccessLogFormat format, @Nullable Path file, Throttle clients) {
    this.format = format;
    this.clients = clients;
    if (file == null) {
      this.writer = null;
    } else {
      RequestLogWriter w = new RequestLogWriter(file.toAbsolutePath().toString());
      w.setAppend(true);
      w.setTimeZone("UTC");
      this.writer = w;
      addBean(w, true);
    }
  }

  @Override
  public void log(Request request, Response response) {
    AccessEntry e;
    try {
      e = entry(request, response);
    } catch (RuntimeException ex) {
      warnOnce(ex);
      return;
    }
    if (drainer == null || !queue.offer(e)) {
      write(List.of(e)); // not started, stopped, or the writer is behind: this request writes its own line
    }
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    Thread t = new Thread(this::drain, "pantry-access-log");
    t.setDaemon(true);
    drainer = t;
    t.start();
  }

  @Override
  protected void doStop() throws Exception {
    Thread t = drainer;
    drainer = null;
    if (t != null) {
      t.interrupt();
      t.join(5_000);
    }
    write(drainAll()); // anything queued as the thread stopped
    super.doStop();
  }

  private void drain() {
    List<AccessEntry> batch = new ArrayList<>(BATCH);
    while (drainer != null) {
      if (queue.drainTo(batch, BATCH) == 0) {
        try {
          Thread.sleep(IDLE_MILLIS);
        } catch (InterruptedException e) {
          break;
        }
        continue;
      }
      write(batch);
      batch.clear();
    }
    write(drainAll());
  }

  private List<AccessEntry> drainAll() {
    List<AccessEntry> rest = new ArrayList<>();
    queue.drainTo(rest);
    return rest;
  }

  /** One write and one flush for the whole batch. */
  private synchronized void write(List<AccessEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try {
      StringBuilder lines = new StringBuilder(entries.size() * 200);
      for (AccessEntry e : entries) {
        if (lines.length() > 0) {
          lines.append(System.lineSeparator());
        }
        line(e, lines);
      }
      if (writer != null) {
        writer.write(lines.toString()); // Jetty's writer ends it with a line separator
      } else {
        PrintStream out = System.out; // read each time, so a redirected System.out is honoured
        // As bytes: printing text goes through the stream's encoder, about a quarter of the writer's time.
        byte[] bytes = lines.append(System.lineSeparator()).toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
      }
    } catch (IOException | RuntimeException ex) {
      warnOnce(ex);
    }
  }

  private void line(AccessEntry e, StringBuilder lines) {
    if (format == OpsSettings.AccessLogFormat.JSON) {
      lines.append(AccessLogLine.json(e));
    } else {
      AccessLogLine.ncsa(e, lines);
    }
  }

  private void warnOnce(Exception ex) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn("cannot write the access log (further failures are not reported): {}", ex.toString());
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
