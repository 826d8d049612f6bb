package dev.pantry.cli;

import dev.pantry.cache.Database;
import dev.pantry.cache.DiskBlobStore;
import dev.pantry.cache.IndexBlobRemover;
import dev.pantry.cache.JdbcCacheQueries;
import dev.pantry.cache.JdbcMetadataStore;
import dev.pantry.error.Problem;
import dev.pantry.maintenance.LocalMaintenance;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.web.ServerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * The cache as a maintenance command reaches it. When {@code pantry serve} runs on the data directory (its
 * {@code server.json} names a live process whose admin endpoint answers with that pid), every operation goes to the
 * server over HTTP; otherwise this process opens the database itself. H2 allows one process per database file, and
 * only the server knows which files its clients are reading, so a second opener would be both refused and unsafe.
 */
final class CacheSession implements AutoCloseable {
  private final Maintenance maintenance;
  private final @Nullable ServerInfo server;
  private final @Nullable AutoCloseable onClose;

  private CacheSession(Maintenance maintenance, @Nullable ServerInfo server, @Nullable AutoCloseable onClose) {
    this.maintenance = maintenance;
    this.server = server;
    this.onClose = onClose;
  }

  static CacheSession open(Path dataDir) {
    Optional<ServerInfo> info = ServerInfo.read(dataDir);
    if (info.isPresent() && info.get().processAlive()) {
      RemoteMaintenance remote = new RemoteMaintenance(info.get());
      OptionalLong pid = remote.ping();
      if (pid.isPresent() && pid.getAsLong() == info.get().pid()) {
        return new CacheSession(remote, info.get(), null);
      }
      // A live pid that does not answer is most often a reused pid after a kill -9; if a server does hold the
      // database, opening it below fails with a message that says so.
    }
    if (!Files.isDirectory(dataDir.resolve("db"))) {
      throw new ProblemException(Problem.Kind.NOT_FOUND, "no cache in " + dataDir.toAbsolutePath()
          + " (give --data DIR, or run pantry serve there first)");
    }
    JdbcConnectionPool pool = Database.open(dataDir);
    JdbcMetadataStore meta = new JdbcMetadataStore(pool, pool::dispose);
    try {
      DiskBlobStore blobs = new DiskBlobStore(dataDir);
      LocalMaintenance local = new LocalMaintenance(meta, new JdbcCacheQueries(meta), blobs,
          new IndexBlobRemover(meta, blobs), () -> { }, Clock.systemUTC());
      return new CacheSession(local, null, meta);
    } catch (IOException e) {
      meta.close();
      throw new ProblemException(Problem.Kind.STORAGE, "cannot open the cache: " + e.getMessage());
    }
  }

  Maintenance maintenance() {
    return maintenance;
  }

  /** The running server the operations go to, or null when this process has the cache open itself. */
  @Nullable ServerInfo server() {
    return server;
  }

  @Override
  public void close() throws Exception {
    if (onClose != null) {
      onClose.close();
    }
  }
}
