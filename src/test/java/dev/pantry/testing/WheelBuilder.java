package dev.pantry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Builds real, pip-installable pure-Python wheels in memory, without setuptools or network.
 *
 * <p>The wheel holds {@code <pkg>/__init__.py} (with {@code VERSION = "<version>"}), and in
 * {@code <dist>-<version>.dist-info/}: {@code METADATA} (2.1), {@code WHEEL} ({@code py3-none-any}) and a
 * {@code RECORD} with sha256 hashes and sizes. Entry times are fixed, so the same inputs always give the same bytes
 * and the same sha256.
 */
public final class WheelBuilder {

  /** A fixed timestamp so builds are reproducible (zip cannot store dates before 1980). */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2024, 1, 1, 0, 0);

  private WheelBuilder() {}

  /**
   * Builds a wheel.
   *
   * @param name           a valid PEP 508 project name, e.g. {@code my-pkg}
   * @param version        the version, e.g. {@code 1.0}; must not contain whitespace, '/' or ','
   * @param requiresDist   {@code Requires-Dist} values, one per line, e.g. {@code other>=1.0}
   * @param requiresPython the {@code Requires-Python} specifier, or null for none
   * @throws IllegalArgumentException when the name or version cannot appear in a wheel
   */
  public static Wheel build(String name, String version, List<String> requiresDist, @Nullable String requiresPython) {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException("not a valid project name: " + name);
    }
    if (version.isEmpty() || !version.matches("[A-Za-z0-9.!+_-]+")) {
      throw new IllegalArgumentException("not a usable version: " + version);
    }
    String escaped = Names.wheelEscape(name);
    String escapedVersion = version.replace('-', '_');
    String distInfo = escaped + "-" + escapedVersion + ".dist-info";

    byte[] metadata = metadata(name, version, requiresDist, requiresPython);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(escaped + "/__init__.py", ("VERSION = \"" + version + "\"\n").getBytes(StandardCharsets.UTF_8));
    entries.put(distInfo + "/METADATA", metadata);
    entries.put(distInfo + "/WHEEL", wheelFile());
    entries.put(distInfo + "/RECORD", record(entries, distInfo + "/RECORD"));

    byte[] zip = zip(entries);
    String filename = escaped + "-" + escapedVersion + "-py3-none-any.whl";
    return new Wheel(name, version, filename, zip, sha256Hex(zip), metadata, sha256Hex(metadata));
  }

  /** Lowercase hex sha256, as index pages carry it. */
  static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }

  /** The RECORD hash form: {@code sha256=} + urlsafe base64 without padding. */
  static String recordHash(byte[] data) {
    return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(data));
  }

  private static byte[] metadata(String name, String version, List<String> requiresDist, @Nullable String python) {
    StringBuilder sb = new StringBuilder();
    sb.append("Metadata-Version: 2.1\n");
    sb.append("Name: ").append(name).append('\n');
    sb.append("Version: ").append(version).append('\n');
    sb.append("Summary: A test wheel built by Pantry's WheelBuilder\n");
    if (python != null) {
      sb.append("Requires-Python: ").append(python).append('\n');
    }
    for (String requirement : requiresDist) {
      sb.append("Requires-Dist: ").append(requirement).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] wheelFile() {
    return ("Wheel-Version: 1.0\n"
            + "Generator: pantry-wheelbuilder (0.1)\n"
            + "Root-Is-Purelib: true\n"
            + "Tag: py3-none-any\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** RECORD lists every other entry with hash and size, and itself with both left empty (the wheel spec says so). */
  private static byte[] record(Map<String, byte[]> entries, String recordPath) {
    StringBuilder sb = new StringBuilder();
    entries.forEach((path, data) ->
        sb.append(path).append(',').append(recordHash(data)).append(',').append(data.length).append('\n'));
    sb.append(recordPath).append(",,\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
