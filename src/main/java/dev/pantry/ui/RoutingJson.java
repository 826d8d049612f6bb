package dev.pantry.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pantry.config.NameGlob;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Units;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.config.UpstreamOptions;
import dev.pantry.ownership.Shadows;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The JSON of {@code GET /api/routing} (each upstream in priority order with its routing rules and minimum age,
 * then the shadowed names) and {@code GET /api/shadows} (the shadowed names alone). Names and ids only: no URL,
 * no credential.
 */
final class RoutingJson {
  private RoutingJson() {}

  static JsonResponses.Body routing(PantryConfig c, List<Shadows.Shadow> shadows) {
    return json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("upstreams");
      for (UpstreamConfig up : c.upstreams()) {
        UpstreamOptions o = up.options();
        json.writeStartObject();
        json.writeStringField("id", up.id());
        globs(json, "pins", o.pins());
        globs(json, "blocks", o.blocks());
        Duration age = o.minAge();
        if (age == null || age.isZero()) {
          json.writeNullField("minAge");
        } else {
          json.writeStringField("minAge", Units.formatDuration(age));
        }
        globs(json, "minAgeExempt", o.minAgeExempt());
        json.writeBooleanField("hideUndated", o.hideUndated());
        json.writeEndObject();
      }
      json.writeEndArray();
      shadowArray(json, shadows);
      json.writeEndObject();
    };
  }

  static JsonResponses.Body shadows(List<Shadows.Shadow> shadows) {
    return json -> {
      json.writeStartObject();
      shadowArray(json, shadows);
      json.writeEndObject();
    };
  }

  private static void shadowArray(JsonGenerator json, List<Shadows.Shadow> shadows) throws IOException {
    json.writeArrayFieldStart("shadows");
    for (Shadows.Shadow s : shadows) {
      json.writeStartObject();
      json.writeStringField("project", s.project());
      json.writeStringField("owner", s.owner());
      json.writeStringField("shadowedBy", s.shadowedBy());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void globs(JsonGenerator json, String field, List<NameGlob> globs) throws IOException {
    json.writeArrayFieldStart(field);
    for (NameGlob g : globs) {
      json.writeString(g.pattern());
    }
    json.writeEndArray();
  }
}
