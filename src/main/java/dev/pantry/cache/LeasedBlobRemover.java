package dev.pantry.cache;

import java.io.IOException;
import java.util.Collection;

/**
 * A {@link BlobRemover} that also respects {@link BlobLeases}, the registry eviction uses: a blob a response holds
 * is never removed by prune, verify or the UI either, so every remover in the server shares one notion of "in use".
 */
public final class LeasedBlobRemover implements BlobRemover {
  private final BlobLeases leases;
  private final BlobRemover inner;

  public LeasedBlobRemover(BlobLeases leases, BlobRemover inner) {
    this.leases = leases;
    this.inner = inner;
  }

  @Override
  public Removal remove(String sha256, Collection<FileKey> rows) {
    Removal[] done = new Removal[1];
    try {
      // New leases wait while the removal runs, so no response can start on a blob that is going.
      if (!leases.removeIfUnused(sha256, () -> done[0] = inner.remove(sha256, rows))) {
        return new Removal.InUse();
      }
    } catch (IOException e) {
      throw new StorageException("cannot remove blob " + sha256 + ": " + e.getMessage(), e);
    }
    return done[0];
  }

  @Override
  public boolean inUse(String sha256) {
    return leases.inUse(sha256) || inner.inUse(sha256);
  }
}
