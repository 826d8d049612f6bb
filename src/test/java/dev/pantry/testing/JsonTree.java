package dev.pantry.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads JSON into maps, lists, strings, longs, doubles, booleans and nulls, for assertions on API answers. */
public final class JsonTree {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonTree() {}

  public static @Nullable Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      p.nextToken();
      Object value = read(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after the JSON value");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static @Nullable Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        map.put(name, read(p));
      }
      return map;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(read(p));
      }
      return list;
    }
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return p.getBooleanValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new IllegalArgumentException("unexpected token " + t);
  }

  /** The object at a path of keys and list indexes, e.g. {@code at(tree, "versions", 0, "files")}. */
  @SuppressWarnings("unchecked")
  public static <T> T at(@Nullable Object tree, Object... path) {
    Object node = tree;
    for (Object step : path) {
      if (step instanceof Integer i) {
        node = ((List<Object>) node).get(i);
      } else {
        node = ((Map<String, Object>) node).get((String) step);
      }
    }
    return (T) node;
  }
}
