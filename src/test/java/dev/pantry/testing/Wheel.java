package dev.pantry.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A built wheel, held in memory.
 *
 * <p>Arrays are copied in and out, so a test cannot change a wheel another test serves.
 *
 * @param project        the project name as given to {@link WheelBuilder#build} (not normalized)
 * @param version        the version as given
 * @param filename       {@code <escaped name>-<version>-py3-none-any.whl}
 * @param bytes          the whole wheel (a zip)
 * @param sha256         lowercase hex sha256 of {@code bytes}
 * @param metadata       the bytes of the wheel's {@code METADATA} file, served as the PEP 658 {@code .metadata} file
 * @param metadataSha256 lowercase hex sha256 of {@code metadata}
 */
public record Wheel(
    String project,
    String version,
    String filename,
    byte[] bytes,
    String sha256,
    byte[] metadata,
    String metadataSha256) {

  public Wheel {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(metadataSha256, "metadataSha256");
    bytes = bytes.clone();
    metadata = metadata.clone();
  }

  /** A copy of the wheel's bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** A copy of the METADATA bytes. */
  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  /** Size of the wheel in bytes. */
  public int size() {
    return bytes.length;
  }

  /** The PEP 503 normalized project name, e.g. {@code my-pkg} for {@code My_Pkg}. */
  public String normalizedProject() {
    return Names.normalize(project);
  }

  /** The filename of the PEP 658 metadata file: {@code <filename>.metadata}. */
  public String metadataFilename() {
    return filename + ".metadata";
  }

  /** The {@code Requires-Python} value from METADATA, or null; read from the file as a real registry would. */
  public @Nullable String requiresPython() {
    String prefix = "Requires-Python: ";
    for (String line : new String(metadata, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    return null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Wheel w
        && project.equals(w.project)
        && version.equals(w.version)
        && filename.equals(w.filename)
        && Arrays.equals(bytes, w.bytes)
        && Arrays.equals(metadata, w.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, sha256);
  }

  /** Names the file, never dumps bytes. */
  @Override
  public String toString() {
    return "Wheel[" + filename + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
  }
}
