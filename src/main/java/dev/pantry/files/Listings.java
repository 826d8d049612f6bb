package dev.pantry.files;

import dev.pantry.error.Problem;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.upstream.UpstreamGate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a project's page so its files become listed: asked when a request names a file the index does not know
 * (a client holding links from before a restart, say). The simple feature provides it.
 */
public interface Listings {

  /**
   * Brings the listing of {@code project} on {@code upstreamId} up to date.
   *
   * @return null when the page was fetched or is fresh (whatever it lists), else why it could not be (rate limited,
   *     the upstream failed, offline)
   */
  @Nullable Problem refresh(String upstreamId, String project, UpstreamGate gate);

  /**
   * A file of a page that was served while the index could not record its listing (the database stopped, the disk
   * is full): the row it would have, so the file can still be fetched for the client. Empty when none.
   */
  Optional<FileRecord> unrecorded(FileKey key);

  /**
   * Why files of {@code project} must not be served from {@code upstreamId} (another upstream owns the project), or
   * null when they may. Cheap enough for every hit: owners are held in memory.
   */
  @Nullable Problem fileRefusal(String upstreamId, String project);

  /**
   * True when memory alone shows that files of {@code project} may be served from {@code upstreamId} (what
   * {@link #fileRefusal} would answer null to); false when they may not, or when only the index could tell. Never
   * blocks: the hot path asks it on a selector thread.
   */
  boolean servableFromMemory(String upstreamId, String project);

  /**
   * Waits, bounded, while a page of {@code project} just served is still being written behind its response, so the
   * index is not read before its listing is visible. Returns at once when nothing is being written.
   */
  void awaitListing(String upstreamId, String project);

  /**
   * A file its page gave no hash for is now cached and verified by its sha256: the page is rendered again with it,
   * so clients can check what they get.
   */
  void hashLearned(FileKey key);
}
