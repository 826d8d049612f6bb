package dev.pantry.maintenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON object read with jackson-core's streaming parser, for the few documents the admin endpoint returns.
 * Values are {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or null.
 */
record JsonTree(Map<String, @Nullable Object> fields) {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_DEPTH = 32;

  /** Parses one JSON object. */
  static JsonTree parse(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      return new JsonTree(object(p, 0));
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
  }

  private static Map<String, @Nullable Object> object(JsonParser p, int depth) throws IOException {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      out.put(name, value(p, depth + 1));
    }
    return out;
  }

  private static @Nullable Object value(JsonParser p, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("JSON nested too deeply");
    }
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      return object(p, depth);
    }
    if (t == JsonToken.START_ARRAY) {
      List<@Nullable Object> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(value(p, depth + 1));
      }
      return list;
    }
    return switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }

  boolean has(String key) {
    return fields.get(key) != null;
  }

  @Nullable String string(String key) {
    Object v = fields.get(key);
    return v == null ? null : v.toString();
  }

  String required(String key) {
    String v = string(key);
    if (v == null) {
      throw new IllegalArgumentException("JSON field '" + key + "' is missing");
    }
    return v;
  }

  long number(String key) {
    Object v = fields.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  double decimal(String key) {
    Object v = fields.get(key);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  @Nullable Long optionalNumber(String key) {
    Object v = fields.get(key);
    return v instanceof Number n ? n.longValue() : null;
  }

  boolean flag(String key) {
    return Boolean.TRUE.equals(fields.get(key));
  }

  /** An ISO-8601 instant as epoch millis, or null. */
  @Nullable Long instant(String key) {
    String v = string(key);
    return v == null ? null : Instant.parse(v).toEpochMilli();
  }

  @Nullable JsonTree object(String key) {
    Object v = fields.get(key);
    return v instanceof Map<?, ?> m ? of(m) : null;
  }

  List<JsonTree> objects(String key) {
    Object v = fields.get(key);
    List<JsonTree> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          out.add(of(m));
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static JsonTree of(Map<?, ?> m) {
    return new JsonTree((Map<String, @Nullable Object>) m);
  }
}
