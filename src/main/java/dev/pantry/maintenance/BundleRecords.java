package dev.pantry.maintenance;

import dev.pantry.metadata.PageRecord;
import dev.pantry.storage.Blob;
import java.io.IOException;
import java.util.Optional;

/**
 * What a stored page bundle says of itself: the row it was stored for. The reconcile re-indexes a page from it when
 * the index lost the row (a bundle is committed, durably, before its row is written). The bundle layout belongs to
 * the simple API, which depends on this package, hence a port.
 */
@FunctionalInterface
public interface BundleRecords {
  /** For stores whose bundles are read by nobody here (tests of files alone): no bundle names its row. */
  BundleRecords NONE = bundle -> Optional.empty();

  /**
   * The row {@code bundle} was stored for, naming it; empty when the bundle carries none (an older layout).
   *
   * @throws IOException when the bundle cannot be read
   */
  Optional<PageRecord> recordOf(Blob bundle) throws IOException;
}
