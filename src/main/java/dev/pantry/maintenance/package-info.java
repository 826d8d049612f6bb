/**
 * Keeping the cache right, shared by the command line and the running server's admin endpoint: the one removal path
 * ({@link dev.pantry.maintenance.BlobRemover}: rows first, then the blob, never one in use), and the jobs that use it:
 * pruning by rules, verifying blobs against their sha256, evicting to the size cap and reconciling the index with the
 * store at start (those two as leader jobs through the coordination seam), plus the JSON both sides exchange.
 */
@NullMarked
package dev.pantry.maintenance;

import org.jspecify.annotations.NullMarked;
