package dev.pantry.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pantry.metadata.CacheQueries.ProjectSummary;
import dev.pantry.metadata.CacheQueries.Slice;
import java.io.IOException;

/** The JSON of {@code GET /api/projects}: one page of project summaries, the total and the query that made it. */
final class ProjectsJson {
  private ProjectsJson() {}

  static JsonResponses.Body of(ProjectsQuery q, Slice<ProjectSummary> slice) {
    return json -> {
      json.writeStartObject();
      json.writeNumberField("total", slice.total());
      json.writeNumberField("limit", q.limit());
      json.writeNumberField("offset", q.offset());
      json.writeStringField("sort", ProjectsQuery.sortName(q.sort()));
      json.writeStringField("order", q.descending() ? "desc" : "asc");
      JsonResponses.string(json, "q", q.search());
      json.writeArrayFieldStart("items");
      for (ProjectSummary p : slice.items()) {
        summary(json, p);
      }
      json.writeEndArray();
      json.writeEndObject();
    };
  }

  static void summary(JsonGenerator json, ProjectSummary p) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", p.project());
    json.writeNumberField("files", p.files());
    json.writeNumberField("cachedFiles", p.cachedFiles());
    json.writeNumberField("bytes", p.bytes());
    JsonResponses.number(json, "lastAccess", p.lastAccess());
    json.writeNumberField("hits", p.hits());
    json.writeEndObject();
  }
}
