/**
 * The storage port: content-addressed blobs (artifacts, and page renderings in a second store) behind {@link
 * dev.pantry.storage.BlobStore}, streamed in through a {@link dev.pantry.storage.BlobUpload} that verifies before it
 * commits, and read back through a {@link dev.pantry.storage.Blob} handle. A disk and a memory implementation pass the
 * same contract tests, so an object store is a third implementation, not a rewrite. A blob is visible only complete
 * and verified; each carries a {@link dev.pantry.storage.BlobRecord} naming the files it was cached as, so the
 * metadata index can be rebuilt from the store alone. {@link dev.pantry.storage.DiskLayout} is the one place that
 * knows where a disk store keeps bytes; nothing outside this package sees a path of the cache.
 */
@NullMarked
package dev.pantry.storage;

import org.jspecify.annotations.NullMarked;
