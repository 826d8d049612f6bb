package dev.pantry.metadata;

import dev.pantry.config.MetadataSettings;
import dev.pantry.error.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The schema, brought to the newest version by Flyway: on H2 at once, on PostgreSQL one replica at a time. */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  /** The advisory lock replicas take to migrate one at a time ("panu", apart from coordination's "pant" locks). */
  private static final String MIGRATION_LOCK = "1885433461, 0";

  private Migrations() {}

  /**
   * Migrates under a session advisory lock, so replicas starting at once on a new database do not race: Flyway's
   * own locking does not cover creating and baselining its history table, and the loser failed with "Unable to
   * baseline schema history table ... as it already exists, and is empty".
   */
  static void migrateAlone(MetadataSettings settings, String url, DataSource ds, String description) {
    try (Connection lock = DriverManager.getConnection(url, settings.username(),
        settings.password() == null ? "" : settings.password().reveal());
         Statement s = lock.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      migrate(ds, description);
      // Closing the connection ends the session, and the lock with it.
    } catch (SQLException e) {
      throw new StorageException("cannot migrate the metadata database (" + description + "): " + Database.describe(e), e);
    }
  }

  static void migrate(DataSource ds, String description) {
    try {
      MigrateResult r = Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          // A database made before migrations existed (Pantry 0.1) has V1's tables: keep them, apply the rest.
          .baselineOnMigrate(true)
          .baselineVersion("1")
          .loggers("slf4j")
          .load()
          .migrate();
      if (r.migrationsExecuted > 0) {
        LOG.info("metadata database {} migrated to schema version {} ({} step(s))", description, r.targetSchemaVersion,
            r.migrationsExecuted);
      }
    } catch (FlywayException e) {
      throw new StorageException("cannot migrate the metadata database (" + description + "): " + Database.reason(e), e);
    }
  }
}
