package dev.pantry.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/** Every request any fake origin received, in arrival order. Thread-safe. */
final class RequestLog {

  private final List<FakeUpstream.Recorded> entries = new CopyOnWriteArrayList<>();

  void record(String origin, Request request) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getName(), field.getValue(), (a, b) -> a + ", " + b);
    }
    String query = request.getHttpURI().getQuery();
    entries.add(new FakeUpstream.Recorded(
        origin, request.getMethod(), request.getHttpURI().getDecodedPath(), query == null ? "" : query, headers));
  }

  List<FakeUpstream.Recorded> snapshot() {
    return List.copyOf(entries);
  }

  void clear() {
    entries.clear();
  }
}
