package dev.pantry.index;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Locale;
import java.util.Map.Entry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Hash names and hex digests as the simple API writes them ({@code sha256=<hex>}), and which one to prefer. */
final class Hashes {

  /** The order a single hash is chosen in, strongest commonly checked first; pip understands all of these. */
  private static final List<String> PREFERENCE = List.of("sha256", "sha512", "sha384", "sha224", "sha1", "md5");

  /**
   * Python's {@code hashlib.algorithms_guaranteed}: the names a {@code #name=hex} fragment may use. Fragments carry
   * other things too ({@code #egg=demo}, and "c" is valid hex), so only these count as hashes there.
   */
  private static final Set<String> FRAGMENT_NAMES = Set.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512",
      "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s", "shake_128", "shake_256");

  /** hashlib names are short; anything longer is not a hash name. */
  private static final int MAX_NAME = 32;

  /** sha512 is 128 hex digits; leave room for longer digests (shake, blake2 variants) but not for junk. */
  private static final int MAX_HEX = 256;

  private Hashes() {}

  /**
   * Parses {@code name=hex} (a URL fragment or a {@code data-core-metadata} value).
   *
   * @return the lowercase name and lowercase digest, or null when {@code s} is not of that form or the name is not a
   *         hashlib-guaranteed algorithm
   */
  static @Nullable Entry<String, String> parsePair(String s) {
    int eq = s.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    String name = s.substring(0, eq).toLowerCase(Locale.ROOT);
    String hex = s.substring(eq + 1);
    return FRAGMENT_NAMES.contains(name) && isHex(hex)
        ? new SimpleImmutableEntry<>(name, hex.toLowerCase(Locale.ROOT))
        : null;
  }

  /** A hashlib-style name: letters, digits, {@code _} and {@code -}. */
  static boolean isName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Non-empty hexadecimal, either case. */
  static boolean isHex(String hex) {
    if (hex.isEmpty() || hex.length() > MAX_HEX) {
      return false;
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The one hash to show where only one fits (a URL fragment, an HTML metadata attribute): sha256 when present, then
   * the strongest other common one, else the alphabetically first. Deterministic, so rendered pages are stable
   * whatever order the map iterates in.
   */
  static @Nullable Entry<String, String> preferred(Map<String, String> hashes) {
    if (hashes.isEmpty()) {
      return null;
    }
    for (String name : PREFERENCE) {
      String hex = hashes.get(name);
      if (hex != null) {
        return new SimpleImmutableEntry<>(name, hex);
      }
    }
    return sorted(hashes).firstEntry();
  }

  /** The hashes in name order, so rendered JSON is stable. */
  static TreeMap<String, String> sorted(Map<String, String> hashes) {
    return new TreeMap<>(hashes);
  }
}
