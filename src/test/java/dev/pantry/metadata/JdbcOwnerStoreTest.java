package dev.pantry.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.MetadataSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owners on H2; {@link Postgres} runs the same tests on PostgreSQL, where the claim race is real. */
class JdbcOwnerStoreTest {
  @TempDir Path data;
  private Database db;
  private JdbcOwnerStore owners;

  static final class Postgres extends JdbcOwnerStoreTest {
    @Override
    MetadataSettings settings() {
      return Db.postgres();
    }
  }

  MetadataSettings settings() {
    return MetadataSettings.defaults();
  }

  @BeforeEach
  void open() {
    db = Database.open(settings(), data);
    owners = new JdbcOwnerStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void claim_whenAnOwnerIsRecorded_returnsTheEarlierOwner() {
    Owner first = owners.claim("corp-auth", "gitlab", true, 10);
    Owner second = owners.claim("corp-auth", "pypi", true, 20);

    assertEquals(new Owner("corp-auth", "gitlab", true, 10), first);
    assertEquals(first, second);
    assertEquals(first, owners.find("corp-auth").orElseThrow());
  }

  @Test
  void claim_manyAtOnce_allAgreeOnOneOwner() {
    List<CompletableFuture<Owner>> claims = IntStream.range(0, 16)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> owners.claim("race", "up-" + i, true, i))).toList();

    List<String> winners = claims.stream().map(c -> c.join().upstreamId()).distinct().toList();

    assertEquals(1, winners.size(), winners.toString());
    assertEquals(winners.get(0), owners.find("race").orElseThrow().upstreamId());
  }

  @Test
  void markDirect_onlyForTheOwner() {
    owners.claim("tool", "gitlab", false, 1);
    owners.markDirect("tool", "pypi");
    assertFalse(owners.find("tool").orElseThrow().direct());

    owners.markDirect("tool", "gitlab");
    assertTrue(owners.find("tool").orElseThrow().direct());
  }

  @Test
  void release_forgetsTheOwner_andSaysWhoItWas() {
    owners.claim("tool", "gitlab", true, 1);

    assertEquals("gitlab", owners.release("tool").orElseThrow().upstreamId());
    assertTrue(owners.find("tool").isEmpty());
    assertTrue(owners.release("tool").isEmpty());
    assertEquals("pypi", owners.claim("tool", "pypi", true, 2).upstreamId());
  }

  @Test
  void all_isSortedByName() {
    owners.claim("b", "pypi", true, 1);
    owners.claim("a", "gitlab", true, 2);

    assertEquals(List.of("a", "b"), owners.all().stream().map(Owner::project).toList());
  }
}
