package dev.pantry.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pantry.config.Origin;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.metadata.CacheQueries.CacheStats;
import dev.pantry.metadata.CacheQueries.ProjectSummary;
import dev.pantry.upstream.UpstreamHealth;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The JSON of {@code GET /api/overview}: cache, traffic, upstream health and the last 24 hours. */
final class OverviewJson {
  /** Width of the chart's buckets: 288 points for a day. */
  static final int BUCKET_MINUTES = 5;

  private OverviewJson() {}

  static JsonResponses.Body of(PantryConfig config, CacheStats stats, Function<String, UpstreamHealth> health,
      RequestHistory.Series history, boolean admin, long now) {
    return json -> {
      json.writeStartObject();
      json.writeBooleanField("admin", admin);
      json.writeNumberField("generatedAt", now);
      json.writeObjectFieldStart("cache");
      json.writeNumberField("bytes", stats.bytes());
      json.writeNumberField("maxBytes", config.cache().maxSize());
      json.writeNumberField("files", stats.files());
      json.writeNumberField("projects", stats.projects());
      json.writeEndObject();
      json.writeObjectFieldStart("traffic");
      json.writeNumberField("served", stats.served());
      json.writeNumberField("fetched", stats.fetched());
      json.writeNumberField("hitRatio", stats.hitRatio());
      json.writeNumberField("bytesServed", stats.bytesServed());
      json.writeNumberField("bytesFetched", stats.bytesFetched());
      json.writeNumberField("bytesSaved", Math.max(0, stats.bytesServed() - stats.bytesFetched()));
      json.writeEndObject();
      json.writeArrayFieldStart("upstreams");
      for (UpstreamConfig up : config.upstreams()) {
        upstream(json, up, health.apply(up.id()));
      }
      json.writeEndArray();
      history(json, history);
      json.writeArrayFieldStart("topProjects");
      for (ProjectSummary p : stats.topByHits()) {
        ProjectsJson.summary(json, p);
      }
      json.writeEndArray();
      json.writeEndObject();
    };
  }

  private static void upstream(JsonGenerator json, UpstreamConfig up, UpstreamHealth h) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", up.id());
    // The config URL cannot carry user info; redact drops a query too, where a token could hide.
    json.writeStringField("url", Origin.redact(up.indexUrl()));
    json.writeStringField("state", h.state().name());
    JsonResponses.number(json, "lastSuccess", millis(h.lastSuccess()));
    JsonResponses.number(json, "lastFailure", millis(h.lastFailure()));
    JsonResponses.string(json, "lastError", h.lastError());
    json.writeNumberField("consecutiveFailures", h.consecutiveFailures());
    json.writeEndObject();
  }

  private static void history(JsonGenerator json, RequestHistory.Series s) throws IOException {
    json.writeObjectFieldStart("history");
    json.writeNumberField("start", s.start());
    json.writeNumberField("bucketMinutes", s.bucketMinutes());
    json.writeNumberField("totalRequests", s.totalRequests());
    json.writeNumberField("totalHits", s.totalHits());
    json.writeFieldName("requests");
    json.writeArray(s.requests(), 0, s.requests().length);
    json.writeFieldName("hits");
    json.writeArray(s.hits(), 0, s.hits().length);
    json.writeEndObject();
  }

  private static @Nullable Long millis(@Nullable Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
