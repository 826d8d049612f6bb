package dev.pantry.cli;

import static dev.pantry.cli.CliCatalog.ALL;
import static dev.pantry.cli.CliCatalog.ALPHA_10;
import static dev.pantry.cli.CliCatalog.ALPHA_11;
import static dev.pantry.cli.CliCatalog.ALPHA_20;
import static dev.pantry.cli.CliCatalog.ALPHA_20RC1;
import static dev.pantry.cli.CliCatalog.BETA_09;
import static dev.pantry.cli.CliCatalog.BETA_10;
import static dev.pantry.cli.CliCatalog.GAMMA_30;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.MetadataSettings;
import dev.pantry.metadata.Database;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneCommandTest {
  @TempDir Path data;
  TestMirror mirror;

  @BeforeEach
  void setUp() throws Exception {
    mirror = CliCatalog.start(data);
    for (Wheel w : ALL) {
      mirror.download(w);
    }
    CliCatalog.downloadMetadata(mirror, ALPHA_10);
  }

  @AfterEach
  void tearDown() throws Exception {
    mirror.close();
  }

  @Test
  void dryRun_listsWhatWouldGoAndRemovesNothing() throws Exception {
    TestMirror.Run run = mirror.cli("prune", "--older-than", "0s", "--dry-run");

    assertEquals(0, run.code(), run.err());
    assertEquals(8, run.out().lines().filter(l -> l.startsWith("would remove  main/")).count(), run.out());
    assertTrue(run.out().contains("Would remove 8 files (1 of them .metadata)"), run.out());
    assertTrue(run.out().contains("Nothing was removed (dry run)"), run.out());
    for (Wheel w : ALL) {
      assertTrue(CliCatalog.hasBlob(mirror, w), w.filename());
    }
    assertEquals(8, TestJson.number(TestJson.object(mirror.cli("stats", "--json").out()), "files"));
  }

  @Test
  void project_removesThatProjectWithItsMetadataWhileServing() throws Exception {
    TestMirror.Run run = mirror.cli("prune", "--project", "ALPHA", "-v");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("Removed 5 files (1 of them .metadata)"), run.out());
    assertTrue(run.out().contains("removed  main/alpha/" + ALPHA_10.filename() + ".metadata"), run.out());
    for (Wheel w : List.of(ALPHA_10, ALPHA_11, ALPHA_20RC1, ALPHA_20)) {
      assertFalse(CliCatalog.hasBlob(mirror, w), w.filename());
    }
    assertFalse(mirror.hasBlob(ALPHA_10.metadataSha256()));
    for (Wheel w : List.of(BETA_09, BETA_10, GAMMA_30)) {
      assertTrue(CliCatalog.hasBlob(mirror, w), w.filename());
    }
    mirror.download(ALPHA_10); // pages still list it: fetched again, whole
    assertTrue(CliCatalog.hasBlob(mirror, ALPHA_10));
  }

  @Test
  void keepLatest_keepsTheNewestVersionsOfEachProject() throws Exception {
    TestMirror.Run run = mirror.cli("prune", "--keep-latest", "2");

    assertEquals(0, run.code(), run.err());
    // alpha keeps 2.0 and 2.0rc1 (a pre-release sorts below its final); beta keeps both; gamma its one.
    for (Wheel w : List.of(ALPHA_20, ALPHA_20RC1, BETA_09, BETA_10, GAMMA_30)) {
      assertTrue(CliCatalog.hasBlob(mirror, w), w.filename());
    }
    for (Wheel w : List.of(ALPHA_10, ALPHA_11)) {
      assertFalse(CliCatalog.hasBlob(mirror, w), w.filename());
    }
  }

  @Test
  void yanked_removesOnlyYankedFiles() throws Exception {
    TestMirror.Run run = mirror.cli("prune", "--yanked", "--json");

    assertEquals(0, run.code(), run.err());
    Map<String, Object> report = TestJson.object(run.out());
    assertEquals(1, TestJson.number(report, "removedFiles"));
    assertEquals(BETA_09.filename(), TestJson.list(report, "removed").get(0).get("filename"));
    assertEquals((long) BETA_09.size(), TestJson.number(report, "bytesFreed"));
    assertFalse(CliCatalog.hasBlob(mirror, BETA_09));
    assertTrue(CliCatalog.hasBlob(mirror, BETA_10));
  }

  @Test
  void olderThan_removesOnlyFilesUnusedForThatLong() throws Exception {
    mirror.stopServer();
    age(Duration.ofDays(40), ALPHA_10, BETA_10);
    age(Duration.ofDays(10), ALPHA_11);

    TestMirror.Run run = mirror.cli("prune", "--older-than", "30d");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().startsWith("Removed 3 files"), run.out()); // two wheels and alpha 1.0's metadata
    assertFalse(CliCatalog.hasBlob(mirror, ALPHA_10));
    assertFalse(CliCatalog.hasBlob(mirror, BETA_10));
    assertTrue(CliCatalog.hasBlob(mirror, ALPHA_11));
    assertTrue(CliCatalog.hasBlob(mirror, GAMMA_30));
  }

  @Test
  void maxSize_evictsLeastRecentlyUsedFirstUntilTheCacheFits() throws Exception {
    mirror.stopServer();
    age(Duration.ofDays(3), GAMMA_30);
    age(Duration.ofDays(2), BETA_09);
    age(Duration.ofDays(1), ALPHA_20);
    long total = ALL.stream().mapToLong(Wheel::size).sum() + ALPHA_10.metadata().length;
    long target = total - GAMMA_30.size() - 1; // one byte too many without beta 0.9

    TestMirror.Run run = mirror.cli("prune", "--max-size", target + "B");

    assertEquals(0, run.code(), run.err());
    assertFalse(CliCatalog.hasBlob(mirror, GAMMA_30));
    assertFalse(CliCatalog.hasBlob(mirror, BETA_09));
    assertTrue(CliCatalog.hasBlob(mirror, ALPHA_20), "fits once the two least recently used are gone");
    assertTrue(run.out().startsWith("Removed 2 files"), run.out());
  }

  @Test
  void maxSize_withProject_evictsOnlyWithinThatProject() throws Exception {
    TestMirror.Run run = mirror.cli("prune", "--max-size", "0", "--project", "beta");

    assertEquals(0, run.code(), run.err());
    assertFalse(CliCatalog.hasBlob(mirror, BETA_09));
    assertFalse(CliCatalog.hasBlob(mirror, BETA_10));
    assertTrue(CliCatalog.hasBlob(mirror, GAMMA_30));
    assertTrue(CliCatalog.hasBlob(mirror, ALPHA_10));
  }

  @Test
  void badSize_isUsageErrorThatSaysWhatWorks() {
    TestMirror.Run run = mirror.cli("prune", "--max-size", "10XB");

    assertEquals(2, run.code());
    assertEquals("", run.out());
    assertTrue(run.err().contains("not a size: '10XB' (try 500MB, 20GiB or 1048576)"), run.err());
    assertTrue(run.err().contains("Try 'pantry prune --help'"), run.err());
  }

  @Test
  void noRule_isUsageErrorAndRemovesNothing() {
    TestMirror.Run run = mirror.cli("prune");

    assertEquals(2, run.code());
    assertTrue(run.err().contains("give at least one rule"), run.err());
    assertTrue(CliCatalog.hasBlob(mirror, ALPHA_10));
  }

  @Test
  void badDurationAndNegativeCount_areUsageErrors() {
    assertEquals(2, mirror.cli("prune", "--older-than", "3 fortnights").code());
    assertEquals(2, mirror.cli("prune", "--keep-latest", "-1").code());
    assertEquals(2, mirror.cli("prune", "--keep-latest", "many").code());
  }

  /** Sets a file's last access (and caching time) back by {@code age}; the server must be stopped. */
  private void age(Duration age, Wheel... wheels) throws Exception {
    try (Database db = Database.open(MetadataSettings.defaults(), data);
        Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE files SET last_access = ?, cached_at = ? "
            + "WHERE filename = ? OR filename = ?")) {
      long when = System.currentTimeMillis() - age.toMillis();
      for (Wheel w : wheels) {
        s.setLong(1, when);
        s.setLong(2, when);
        s.setString(3, w.filename());
        s.setString(4, w.metadataFilename());
        assertTrue(s.executeUpdate() >= 1, w.filename());
      }
    }
  }
}
