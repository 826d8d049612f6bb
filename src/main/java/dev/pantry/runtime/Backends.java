package dev.pantry.runtime;

import dev.pantry.config.PantryConfig;
import dev.pantry.config.StorageSettings;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.coordination.LocalCoordinator;
import dev.pantry.coordination.PostgresCoordinator;
import dev.pantry.metadata.CacheQueries;
import dev.pantry.metadata.CachedRows;
import dev.pantry.metadata.Database;
import dev.pantry.metadata.JdbcCacheQueries;
import dev.pantry.metadata.JdbcMetadataStore;
import dev.pantry.metadata.JdbcOwnerStore;
import dev.pantry.metadata.OwnerStore;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.DiskBlobStore;
import dev.pantry.storage.DiskLayout;
import dev.pantry.storage.S3BlobStore;
import dev.pantry.storage.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends one process works with, chosen from the configuration: the metadata database (H2 in the data
 * directory, or PostgreSQL), the artifact and renderings stores, and the coordinator. Opened once; closing closes
 * them in reverse order.
 *
 * @param meta    the metadata index, behind this process's cache of rows (every writer in the process uses it)
 * @param queries read-only questions, straight from the database
 * @param owners  which upstream owns each project name
 */
public record Backends(PantryConfig config, Clock clock, Database database, CachedRows meta, CacheQueries queries,
    OwnerStore owners, BlobStore blobs, BlobStore renderings, Coordinator coordinator, List<AutoCloseable> closers)
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  /** What a caller may put in place of a backend the configuration would choose (tests: a store of bounded size). */
  public record Overrides(@Nullable BlobStore blobs) {
    public static Overrides none() {
      return new Overrides(null);
    }
  }

  public static Backends open(PantryConfig config, Clock clock) throws IOException {
    return open(config, clock, Overrides.none());
  }

  public static Backends open(PantryConfig config, Clock clock, Overrides overrides) throws IOException {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Database db = Database.open(config.metadata(), config.dataDir());
      opened.add(db);
      JdbcMetadataStore store = new JdbcMetadataStore(db, clock);
      CachedRows rows = new CachedRows(store, config.sizing().rowCache());
      BlobStore blobs = overrides.blobs() != null ? overrides.blobs() : artifacts(config, clock);
      opened.add(blobs);
      BlobStore renderings = renderings(config, clock);
      opened.add(renderings);
      noteEarlierPages(config.dataDir());
      // Replicas that share a PostgreSQL database coordinate through it; H2 means one node.
      Coordinator coordinator = config.metadata().isPostgres()
          ? new PostgresCoordinator(db.dataSource(), db::dedicatedConnection, config.metadata().claimLease())
          : new LocalCoordinator();
      opened.add(coordinator);
      // A bucket's blobs are known in memory too (no HEAD per hit); a removal anywhere drops them.
      for (BlobStore shared : List.of(blobs, renderings)) {
        if (shared instanceof S3BlobStore s3) {
          coordinator.subscribe(event -> {
            if (event instanceof Invalidation.Blob b) {
              s3.forget(b.sha256());
            } else if (event instanceof Invalidation.All) {
              s3.forgetAll();
            }
          });
        }
      }
      coordinator.subscribe(event -> {
        if (event instanceof Invalidation.Project p) {
          rows.dropProject(p.upstreamId(), p.project());
        } else if (event instanceof Invalidation.Blob b) {
          rows.dropBlob(b.sha256());
        } else if (event instanceof Invalidation.Name n) {
          rows.dropName(n.project());
        } else if (event instanceof Invalidation.All) {
          rows.dropAll();
        }
      });
      return new Backends(config, clock, db, rows, new JdbcCacheQueries(store), new JdbcOwnerStore(db), blobs,
          renderings, coordinator, List.copyOf(opened));
    } catch (IOException | RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** Artifacts: in the data directory, or in the configured bucket (spooled under the data directory meanwhile). */
  private static BlobStore artifacts(PantryConfig config, Clock clock) throws IOException {
    StorageSettings st = config.storage();
    return st.isS3() ? new S3BlobStore(S3Settings.of(st, ""), config.dataDir().resolve("spool"), clock)
        : new DiskBlobStore(DiskLayout.artifacts(config.dataDir()), clock);
  }

  /** Page renderings, beside the artifacts: shared by every replica when the artifacts are. */
  private static BlobStore renderings(PantryConfig config, Clock clock) throws IOException {
    StorageSettings st = config.storage();
    return st.isS3() ? new S3BlobStore(S3Settings.of(st, "renderings/"), config.dataDir().resolve("spool"), clock)
        : new DiskBlobStore(DiskLayout.renderings(config.dataDir()), clock);
  }

  /**
   * Pantry 0.1 kept page renderings in {@code pages/}. They are not converted: a page is one fetch away, and its
   * listing rows and cached files carry over. Said once per start so the operator can reclaim the space.
   */
  private static void noteEarlierPages(Path dataDir) {
    Path earlier = dataDir.resolve("pages");
    if (Files.isDirectory(earlier)) {
      LOG.info("{} holds page renderings from Pantry 0.1, which are no longer read (each page is fetched again once); "
          + "it can be deleted", earlier);
    }
  }

  /** Closes what was opened, last first; the first failure is thrown after every close ran. */
  @Override
  public void close() {
    RuntimeException failure = null;
    List<AutoCloseable> reversed = new ArrayList<>(closers);
    Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeAll(List<AutoCloseable> opened, Exception cause) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  }
}
