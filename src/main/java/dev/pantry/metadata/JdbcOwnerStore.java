package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.bool;
import static dev.pantry.metadata.Sql.text;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link OwnerStore} over the {@code owners} table. */
public final class JdbcOwnerStore implements OwnerStore {
  private static final String COLUMNS = "project, upstream_id, direct, claimed_at";

  private final Sql sql;
  private final Dialect dialect;

  public JdbcOwnerStore(Database database) {
    this.sql = new Sql(database.dataSource(), database::failed);
    this.dialect = database.dialect();
  }

  @Override
  public Optional<Owner> find(String project) {
    return sql.query("SELECT " + COLUMNS + " FROM owners WHERE project = ?", JdbcOwnerStore::owner, text(project))
        .stream().findFirst();
  }

  @Override
  public Owner claim(String project, String upstreamId, boolean direct, long now) {
    return sql.inTransaction(c -> {
      Sql.update(c, dialect.insertIfAbsent("owners", List.of("project", "upstream_id", "direct", "claimed_at")),
          text(project), text(upstreamId), bool(direct), bigint(now));
      return Sql.query(c, "SELECT " + COLUMNS + " FROM owners WHERE project = ?", JdbcOwnerStore::owner,
          text(project)).get(0);
    });
  }

  @Override
  public void markDirect(String project, String upstreamId) {
    sql.update("UPDATE owners SET direct = TRUE WHERE project = ? AND upstream_id = ?", text(project),
        text(upstreamId));
  }

  @Override
  public Optional<Owner> release(String project) {
    return sql.inTransaction(c -> {
      List<Owner> was = Sql.query(c, "SELECT " + COLUMNS + " FROM owners WHERE project = ?", JdbcOwnerStore::owner,
          text(project));
      Sql.update(c, "DELETE FROM owners WHERE project = ?", text(project));
      return was.stream().findFirst();
    });
  }

  @Override
  public List<Owner> all() {
    return sql.query("SELECT " + COLUMNS + " FROM owners ORDER BY project", JdbcOwnerStore::owner);
  }

  private static Owner owner(ResultSet r) throws SQLException {
    return new Owner(r.getString(1), r.getString(2), r.getBoolean(3), r.getLong(4));
  }
}
