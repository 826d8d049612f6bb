package dev.pantry.metadata;

import dev.pantry.config.MetadataSettings;
import dev.pantry.config.Secret;
import dev.pantry.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Assumptions;

/** A real H2 metadata database in a temp directory, as the server opens it, and raw SQL behind the store's back. */
final class Db implements AutoCloseable {
  final Database database;
  final JdbcMetadataStore store;

  Db(Path data) {
    this(MetadataSettings.defaults(), data);
  }

  Db(MetadataSettings settings, Path data) {
    this.database = Database.open(settings, data);
    this.store = new JdbcMetadataStore(database, Clock.systemUTC());
  }

  /** A fresh database in the shared throwaway PostgreSQL cluster; skips the test where there is none. */
  static MetadataSettings postgres() {
    String why = PostgresCluster.unavailableReason();
    Assumptions.assumeTrue(why == null, () -> "no PostgreSQL here: " + why);
    PostgresCluster pg = PostgresCluster.get();
    MetadataSettings d = MetadataSettings.defaults();
    return new MetadataSettings(pg.newDatabase(), PostgresCluster.USER, Secret.of(pg.password()), 4,
        d.connectTimeout());
  }

  static FileRecord row(String filename, String sha, String yanked) {
    return FileRecord.listed("main", "demo", filename, "https://up.example/" + filename, sha, 10L, ">=3.8", yanked,
        null);
  }

  static FileKey key(String filename) {
    return new FileKey("main", "demo", filename);
  }

  /** Runs an update no store method offers: only tests go behind the store's back. */
  void sql(String statement) throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  /** As {@link #sql}, with one byte-string parameter. */
  void sql(String statement, byte[] value) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        java.sql.PreparedStatement s = c.prepareStatement(statement)) {
      s.setBytes(1, value);
      s.executeUpdate();
    }
  }

  long number(String query) throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
