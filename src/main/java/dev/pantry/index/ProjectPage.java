package dev.pantry.index;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A project's simple-API page: the internal model both upstream formats parse into and both client formats render from.
 *
 * @param name               the project's normalized name (PEP 503)
 * @param files              the files in upstream order
 * @param versions           PEP 700 {@code versions}, or empty when the upstream gave none
 * @param tracks             PEP 708 {@code tracks} URLs, kept verbatim
 * @param alternateLocations PEP 708 {@code alternate-locations} URLs, kept verbatim
 * @param lastSerial         PyPI's {@code _last-serial}, or null
 */
public record ProjectPage(
    String name,
    List<DistFile> files,
    List<String> versions,
    List<String> tracks,
    List<String> alternateLocations,
    @Nullable Long lastSerial) {

  public ProjectPage {
    Objects.requireNonNull(name, "name");
    files = List.copyOf(files);
    versions = List.copyOf(versions);
    tracks = List.copyOf(tracks);
    alternateLocations = List.copyOf(alternateLocations);
  }

  /** A page without PEP 708 alternate locations (the form the model had before they were added). */
  public ProjectPage(
      String name, List<DistFile> files, List<String> versions, List<String> tracks, @Nullable Long lastSerial) {
    this(name, files, versions, tracks, List.of(), lastSerial);
  }

  public ProjectPage(String name, List<DistFile> files) {
    this(name, files, List.of(), List.of(), List.of(), null);
  }

  /** A copy of this page with other files; every other field is kept. */
  public ProjectPage withFiles(List<DistFile> newFiles) {
    return new ProjectPage(name, newFiles, versions, tracks, alternateLocations, lastSerial);
  }
}
