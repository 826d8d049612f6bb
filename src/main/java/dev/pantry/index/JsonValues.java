package dev.pantry.index;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from a jackson-core {@link JsonParser} positioned on a value. A value of the wrong type throws
 * {@link Bad}, which the page parsers turn into a {@link ParseResult.Malformed}; null reads as absent where a key is
 * optional.
 */
final class JsonValues {

  private JsonValues() {}

  /** An object of hash name to hex digest; pairs that are not a hash name and hex are dropped. */
  static Map<String, String> hashes(JsonParser p, String at) throws IOException, Bad {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new Bad(at + " must be an object");
    }
    Map<String, String> hashes = new HashMap<>(4);
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      String hex = string(p, at + "." + (Hashes.isName(key) ? key : "?"));
      if (Hashes.isName(key) && Hashes.isHex(hex)) {
        hashes.put(key.toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT));
      }
    }
    return hashes;
  }

  static List<String> strings(JsonParser p, String at) throws IOException, Bad {
    expectArray(p, at);
    List<String> values = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      values.add(string(p, at + "[]"));
    }
    return values;
  }

  /**
   * Moves to the next key of the current object and onto its value; null at the object's end. Jackson throws at end of
   * input, so the loops built on this end.
   */
  static @Nullable String nextKey(JsonParser p) throws IOException, Bad {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_OBJECT) {
      return null;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw new Bad("unexpected end of JSON");
    }
    String key = p.currentName();
    if (p.nextToken() == null) {
      throw new Bad("unexpected end of JSON");
    }
    return key;
  }

  static void expectArray(JsonParser p, String at) throws Bad {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new Bad("\"" + at + "\" must be an array");
    }
  }

  static String string(JsonParser p, String at) throws IOException, Bad {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new Bad(at + " must be a string");
    }
    return p.getText();
  }

  static @Nullable String optString(JsonParser p, String at) throws IOException, Bad {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : string(p, at);
  }

  static @Nullable Boolean optBoolean(JsonParser p, String at) throws Bad {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new Bad(at + " must be a boolean");
    };
  }

  static @Nullable Long optLong(JsonParser p, String at) throws IOException, Bad {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
      throw new Bad(at + " must be a non-negative integer");
    }
    return p.getLongValue();
  }

  /** A page-level problem; the message becomes the {@link ParseResult.Malformed} reason. Never escapes the package's JSON parsers. */
  static final class Bad extends Exception {
    static final long serialVersionUID = 1L;

    Bad(String reason) {
      super(reason, null, false, false);
    }
  }
}