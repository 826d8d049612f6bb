package dev.pantry.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pantry.config.MetadataSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas starting at once on a new PostgreSQL database: found by bench/cluster.sh, where one of four replicas
 * failed with "Unable to baseline schema history table ... as it already exists, and is empty".
 */
final class PostgresMigrationTest {
  @TempDir Path data;

  @Test
  void open_fourReplicasAtOnceOnANewDatabase_allStart_andTheSchemaIsMigratedOnce() throws Exception {
    MetadataSettings settings = Db.postgres();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Database>> opens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path dir = data.resolve("r" + i);
      opens.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Database.open(settings, dir);
      }));
    }
    go.countDown();
    List<Database> dbs = new ArrayList<>();
    for (CompletableFuture<Database> f : opens) {
      dbs.add(f.get(60, TimeUnit.SECONDS));
    }
    try (Connection c = dbs.get(0).dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success")) {
      r.next();
      assertEquals(DatabaseTest.latestMigration(), r.getInt(1), "each migration applied once");
    }
    for (Database db : dbs) {
      assertNull(db.health());
      db.close();
    }
  }
}
