package dev.pantry.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A hash other than sha256 that a page gave for a file (PEP 503 allows any hashlib name): the mirror verifies a
 * download against it when it is all there is, since a blob is always named by its sha256 anyway.
 *
 * @param name the hashlib name, e.g. {@code md5}, {@code sha512}
 * @param hex  the expected digest, lowercase hex
 */
public record OtherHash(String name, String hex) {
  /** Strongest first; each with its JDK algorithm. */
  private static final List<Map.Entry<String, String>> KNOWN = List.of(
      Map.entry("sha512", "SHA-512"), Map.entry("sha3_512", "SHA3-512"), Map.entry("sha384", "SHA-384"),
      Map.entry("sha3_384", "SHA3-384"), Map.entry("sha3_256", "SHA3-256"), Map.entry("sha224", "SHA-224"),
      Map.entry("sha3_224", "SHA3-224"), Map.entry("sha1", "SHA-1"), Map.entry("md5", "MD5"));

  /** The strongest known hash in a page's {@code hashes}, as {@code name=hex}; empty when there is none. */
  public static Optional<String> strongest(Map<String, String> hashes) {
    for (Map.Entry<String, String> k : KNOWN) {
      String hex = hashes.get(k.getKey());
      if (hex != null && hex.matches("[0-9a-fA-F]{8,128}")) {
        return Optional.of(k.getKey() + "=" + hex.toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  /** Reads {@code name=hex}, as stored; null for null or a name the mirror does not know. */
  public static @Nullable OtherHash parse(@Nullable String stored) {
    if (stored == null) {
      return null;
    }
    int eq = stored.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    OtherHash h = new OtherHash(stored.substring(0, eq), stored.substring(eq + 1));
    return h.algorithm() == null ? null : h;
  }

  /** A fresh digest for this hash. */
  public MessageDigest digest() {
    String algorithm = algorithm();
    try {
      return MessageDigest.getInstance(algorithm == null ? "MD5" : algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
  }

  /** Whether {@code digest} (computed over the whole file) is the expected one. */
  public boolean matches(byte[] digest) {
    return HexFormat.of().formatHex(digest).equals(hex);
  }

  private @Nullable String algorithm() {
    for (Map.Entry<String, String> k : KNOWN) {
      if (k.getKey().equals(name)) {
        return k.getValue();
      }
    }
    return null;
  }
}
