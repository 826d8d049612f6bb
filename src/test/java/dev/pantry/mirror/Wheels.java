package dev.pantry.mirror;

import dev.pantry.testing.Wheel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Test files the builder does not make: a large "wheel" of seeded random bytes, for failures mid-stream. */
final class Wheels {
  private Wheels() {}

  /** A file of {@code size} reproducible bytes listed as a wheel; pip could not install it, the mirror need not. */
  static Wheel large(String project, String version, int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    byte[] metadata = ("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version + "\n")
        .getBytes(StandardCharsets.UTF_8);
    String filename = project.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    return new Wheel(project, version, filename, bytes, sha256(bytes), metadata, sha256(metadata));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
