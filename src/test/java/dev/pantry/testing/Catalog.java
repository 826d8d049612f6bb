package dev.pantry.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** What the fake upstream serves: private and public wheels, storage objects and raw page overrides. Thread-safe. */
final class Catalog {

  /** Upload times start here and step by a minute per added file, so pages are reproducible. */
  private static final Instant FIRST_UPLOAD = Instant.parse("2024-01-01T00:00:00Z");

  /** A file as a project page lists it. */
  record Listed(Wheel wheel, @Nullable String yankedReason, Instant uploaded) {}

  /** Bytes under a name; {@code filename} is what the corrupt/reset knobs match. */
  record Blob(String filename, byte[] bytes) {}

  /** A page body served verbatim instead of the generated one. */
  /** @param only the origin that serves it ({@code registry} or {@code public}), or null for both */
  record RawPage(String contentType, byte[] body, @Nullable String only) {}

  private final Map<String, List<Listed>> privateProjects = new HashMap<>();
  private final Map<String, List<Listed>> publicProjects = new HashMap<>();
  private final Map<String, Blob> storageBySha = new HashMap<>();
  private final Map<String, Blob> publicByFilename = new HashMap<>();
  private final Map<String, Wheel> privateBySha = new HashMap<>();
  private final Map<String, RawPage> rawPages = new HashMap<>();
  private int uploads;

  synchronized void addPrivate(Wheel wheel, @Nullable String yankedReason) {
    privateProjects.computeIfAbsent(wheel.normalizedProject(), k -> new ArrayList<>()).add(listed(wheel, yankedReason));
    privateBySha.put(wheel.sha256(), wheel);
    storageBySha.put(wheel.sha256(), new Blob(wheel.filename(), wheel.bytes()));
    storageBySha.put(wheel.metadataSha256(), new Blob(wheel.metadataFilename(), wheel.metadata()));
  }

  /** The registry stops knowing the project (deleted or renamed): it forwards the name to the public index. */
  synchronized void removePrivate(String normalized) {
    privateProjects.remove(normalized);
  }

  synchronized void addPublic(Wheel wheel) {
    addPublic(wheel, listed(wheel, null));
  }

  synchronized void addPublic(Wheel wheel, Instant uploaded) {
    addPublic(wheel, new Listed(wheel, null, uploaded));
  }

  private void addPublic(Wheel wheel, Listed listed) {
    publicProjects.computeIfAbsent(wheel.normalizedProject(), k -> new ArrayList<>()).add(listed);
    publicByFilename.put(wheel.filename(), new Blob(wheel.filename(), wheel.bytes()));
    publicByFilename.put(wheel.metadataFilename(), new Blob(wheel.metadataFilename(), wheel.metadata()));
  }

  synchronized void setRawPage(String normalized, RawPage page) {
    rawPages.put(normalized, page);
  }

  synchronized void clearRawPage(String normalized) {
    rawPages.remove(normalized);
  }

  /** Files of a private project, or null when the registry does not know it. */
  synchronized @Nullable List<Listed> privateFiles(String normalized) {
    List<Listed> files = privateProjects.get(normalized);
    return files == null ? null : List.copyOf(files);
  }

  /** Files of a public project, or null when the public index does not know it. */
  synchronized @Nullable List<Listed> publicFiles(String normalized) {
    List<Listed> files = publicProjects.get(normalized);
    return files == null ? null : List.copyOf(files);
  }

  synchronized SortedSet<String> privateProjectNames() {
    return new TreeSet<>(privateProjects.keySet());
  }

  synchronized SortedSet<String> publicProjectNames() {
    return new TreeSet<>(publicProjects.keySet());
  }

  synchronized @Nullable Wheel privateWheel(String sha256) {
    return privateBySha.get(sha256);
  }

  synchronized @Nullable Blob storageObject(String sha256) {
    return storageBySha.get(sha256);
  }

  synchronized @Nullable Blob publicFile(String filename) {
    return publicByFilename.get(filename);
  }

  synchronized @Nullable RawPage rawPage(String normalized) {
    return rawPages.get(normalized);
  }

  private Listed listed(Wheel wheel, @Nullable String yankedReason) {
    return new Listed(wheel, yankedReason, FIRST_UPLOAD.plusSeconds(60L * uploads++));
  }
}
