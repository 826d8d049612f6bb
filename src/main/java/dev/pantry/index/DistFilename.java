package dev.pantry.index;

import java.util.Locale;
import java.util.Optional;

/**
 * The version written in a distribution's filename: wheels ({@code name-ver(-build)?-py-abi-plat.whl}, PEP 427),
 * eggs, and sdists ({@code name-ver.tar.gz}, {@code .zip}, ...). A PEP 658 {@code .metadata} file has the version of
 * the file it describes.
 */
public final class DistFilename {
  private static final String[] SDIST_SUFFIXES = {".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip"};

  private DistFilename() {}

  /**
   * The version text in {@code filename}, or empty when the name fits no known layout.
   *
   * @param project the normalized project name, used to split sdist names whose project part holds dashes
   */
  public static Optional<String> versionText(String filename, String project) {
    String name = filename.endsWith(".metadata") ? filename.substring(0, filename.length() - 9) : filename;
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl") || lower.endsWith(".egg")) {
      // Wheel and egg names escape '-' inside the name and version, so the dashes split cleanly.
      String[] parts = name.substring(0, name.length() - 4).split("-");
      return parts.length >= 2 ? Optional.of(parts[1].replace('_', '-')) : Optional.empty();
    }
    for (String suffix : SDIST_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return sdistVersion(name.substring(0, name.length() - suffix.length()), project);
      }
    }
    return Optional.empty();
  }

  /** The parsed version, or empty when there is none or it is not PEP 440. */
  public static Optional<Pep440Version> version(String filename, String project) {
    return versionText(filename, project).flatMap(Pep440Version::parse);
  }

  /** Legacy sdists may keep dashes in the name ({@code python-dateutil-2.8.2}): split where the name matches. */
  private static Optional<String> sdistVersion(String stem, String project) {
    for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
      if (ProjectNames.normalize(stem.substring(0, i)).equals(project)) {
        return Optional.of(stem.substring(i + 1));
      }
    }
    for (int i = stem.indexOf('-'); i > 0 && i < stem.length() - 1; i = stem.indexOf('-', i + 1)) {
      if (Character.isDigit(stem.charAt(i + 1))) {
        return Optional.of(stem.substring(i + 1));
      }
    }
    return Optional.empty();
  }
}
