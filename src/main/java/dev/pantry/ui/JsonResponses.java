package dev.pantry.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/** Writes the JSON API's bodies with jackson-core's streaming generator; answers are never cached. */
final class JsonResponses {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Writes one JSON value. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private JsonResponses() {}

  static void send(Response response, Callback callback, int status, Body body) {
    byte[] bytes = render(body);
    response.setStatus(status);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  static byte[] render(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      body.write(json);
    } catch (IOException e) {
      // A byte array never fails to take bytes: this is a bug in a body writer.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A string field, or null. */
  static void string(JsonGenerator json, String name, @Nullable String value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, value);
    }
  }

  /** A number field, or null. */
  static void number(JsonGenerator json, String name, @Nullable Long value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }
}
