package dev.pantry.ui;

/** The JSON of {@code GET /api/setup}: the index URL and ready-to-paste client configuration. */
final class SetupJson {
  private SetupJson() {}

  static JsonResponses.Body of(SetupSnippets.Setup setup) {
    return json -> {
      json.writeStartObject();
      json.writeStringField("indexUrl", setup.indexUrl());
      JsonResponses.string(json, "trustedHost", setup.trustedHost());
      json.writeArrayFieldStart("snippets");
      for (SetupSnippets.Snippet s : setup.snippets()) {
        json.writeStartObject();
        json.writeStringField("id", s.id());
        json.writeStringField("title", s.title());
        json.writeStringField("language", s.language());
        json.writeStringField("text", s.text());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    };
  }
}
