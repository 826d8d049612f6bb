/**
 * The storage port: content-addressed blobs (artifacts and page renderings) behind {@link dev.pantry.storage.BlobStore},
 * with a disk, a memory and an S3 implementation that pass the same contract. A blob is visible only complete and
 * verified; each carries a {@link dev.pantry.storage.BlobRecord} naming the files it was cached as, so the metadata
 * index can be rebuilt from the store alone. Only the implementations here know where bytes live; nothing outside
 * this package sees a path of the cache.
 */
@NullMarked
package dev.pantry.storage;

import org.jspecify.annotations.NullMarked;
