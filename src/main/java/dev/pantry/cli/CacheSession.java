package dev.pantry.cli;

import dev.pantry.admin.ServerInfo;
import dev.pantry.config.PantryConfig;
import dev.pantry.error.Problem;
import dev.pantry.error.ProblemException;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.runtime.Backends;
import dev.pantry.runtime.Pantry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The cache as a maintenance command reaches it. When {@code pantry serve} runs on the data directory (its
 * {@code server.json} names a live process whose admin endpoint answers with that pid), every operation goes to the
 * server over HTTP; otherwise this process opens the backends itself, through the same composition root as the
 * server. H2 allows one process per database file, and only the server knows which files its clients are reading,
 * so a second opener would be both refused and unsafe.
 */
final class CacheSession implements AutoCloseable {
  private final Maintenance maintenance;
  private final @Nullable ServerInfo server;
  private final @Nullable Backends backends;

  private CacheSession(Maintenance maintenance, @Nullable ServerInfo server, @Nullable Backends backends) {
    this.maintenance = maintenance;
    this.server = server;
    this.backends = backends;
  }

  static CacheSession open(PantryConfig config) {
    Optional<ServerInfo> info = ServerInfo.read(config.dataDir());
    if (info.isPresent() && info.get().processAlive()) {
      RemoteMaintenance remote = new RemoteMaintenance(info.get());
      OptionalLong pid = remote.ping();
      if (pid.isPresent() && pid.getAsLong() == info.get().pid()) {
        return new CacheSession(remote, info.get(), null);
      }
      // A live pid that does not answer is most often a reused pid after a kill -9; if a server does hold the
      // database, opening it below fails with a message that says so.
    }
    if (!config.metadata().isPostgres() && !Files.isDirectory(config.dataDir().resolve("db"))) {
      throw new ProblemException(Problem.Kind.NOT_FOUND, "no cache in " + config.dataDir().toAbsolutePath()
          + " (give --data DIR, or run pantry serve there first)");
    }
    try {
      Backends b = Backends.open(config, Clock.systemUTC());
      return new CacheSession(Pantry.maintenance(b), null, b);
    } catch (IOException e) {
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
  public void close() {
    if (backends != null) {
      backends.close();
    }
  }
}
