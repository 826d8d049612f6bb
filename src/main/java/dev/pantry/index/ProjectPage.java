package dev.pantry.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * @param status             PEP 792 project status, or null when the upstream gave none (active)
 */
public record ProjectPage(
    String name,
    List<DistFile> files,
    List<String> versions,
    List<String> tracks,
    List<String> alternateLocations,
    @Nullable Long lastSerial,
    @Nullable ProjectStatus status) {

  public ProjectPage {
    Objects.requireNonNull(name, "name");
    files = List.copyOf(files);
    versions = List.copyOf(versions);
    tracks = List.copyOf(tracks);
    alternateLocations = List.copyOf(alternateLocations);
  }

  /** A page with no PEP 792 status. */
  public ProjectPage(String name, List<DistFile> files, List<String> versions, List<String> tracks,
      List<String> alternateLocations, @Nullable Long lastSerial) {
    this(name, files, versions, tracks, alternateLocations, lastSerial, null);
  }

  /** Whether the upstream quarantined the project (PEP 792): it then offers no files. */
  public boolean quarantined() {
    return status != null && status.quarantined();
  }

  /** A page without PEP 708 alternate locations (the form the model had before they were added). */
  public ProjectPage(
      String name, List<DistFile> files, List<String> versions, List<String> tracks, @Nullable Long lastSerial) {
    this(name, files, versions, tracks, List.of(), lastSerial);
  }

  public ProjectPage(String name, List<DistFile> files) {
    this(name, files, List.of(), List.of(), List.of(), null);
  }

  /**
   * This page with PEP 700 {@code versions}: as the upstream gave them, or, when it gave none, the versions its files'
   * names carry, newest first.
   */
  public ProjectPage withKnownVersions() {
    if (!versions.isEmpty()) {
      return this;
    }
    List<Pep440Version> parsed = new ArrayList<>();
    Set<String> other = new TreeSet<>();
    Set<String> seen = new HashSet<>(); // a version has several files (wheels, an sdist): parse it once
    for (DistFile f : files) {
      Optional<String> text = DistFilename.versionText(f.filename(), name);
      text.filter(seen::add)
          .ifPresent(t -> Pep440Version.parse(t).ifPresentOrElse(parsed::add, () -> other.add(t)));
    }
    // A stable sort, then the first of each run of equal versions ("1.0" and "1.0.0"): what a sorted set kept, but
    // linear on the usual upload-ordered page, where a set's 30,000 insertions were a sixth of its rendering.
    parsed.sort(Comparator.reverseOrder());
    List<String> derived = new ArrayList<>(parsed.size() + other.size());
    Pep440Version last = null;
    for (Pep440Version v : parsed) {
      if (last == null || v.compareTo(last) != 0) {
        derived.add(v.toString());
      }
      last = v;
    }
    derived.addAll(other);
    return new ProjectPage(name, files, derived, tracks, alternateLocations, lastSerial, status);
  }

  /** A copy of this page with other files; every other field is kept. */
  public ProjectPage withFiles(List<DistFile> newFiles) {
    return new ProjectPage(name, newFiles, versions, tracks, alternateLocations, lastSerial, status);
  }
}
