package dev.pantry.cli;

import static dev.pantry.cli.CliCatalog.ALL;
import static dev.pantry.cli.CliCatalog.ALPHA_11;
import static dev.pantry.cli.CliCatalog.BETA_10;
import static dev.pantry.cli.CliCatalog.GAMMA_30;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir Path data;
  TestMirror mirror;

  @BeforeEach
  void setUp() throws Exception {
    mirror = CliCatalog.start(data);
    for (Wheel w : ALL) {
      mirror.download(w);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    mirror.close();
  }

  @Test
  void verify_cleanCache_exitsZeroWithProgressOnStderr() {
    TestMirror.Run run = mirror.cli("verify");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().startsWith("Verified 7 files"), run.out());
    assertTrue(run.out().contains("no problems"), run.out());
    assertTrue(run.err().lines().anyMatch(l -> l.startsWith("verify: 100% (7/7 files")), run.err());
  }

  @Test
  void verify_whileServing_findsPlantedProblemsAndRepairFixesThem() throws Exception {
    Planted p = plant();

    TestMirror.Run found = mirror.cli("verify");
    TestMirror.Run json = mirror.cli("verify", "--json", "--no-progress");

    assertEquals(1, found.code(), found.err());
    assertTrue(found.out().contains("mismatch  " + ALPHA_11.sha256() + "  hashes to " + p.corruptSha()),
        found.out());
    assertTrue(found.out().contains("main/alpha/" + ALPHA_11.filename()), found.out());
    assertTrue(found.out().contains("missing   " + BETA_10.sha256()), found.out());
    assertTrue(found.out().contains("orphan    " + GAMMA_30.sha256()), found.out());
    assertTrue(found.out().contains("unnamed   " + p.orphanSha()), found.out());
    assertTrue(found.out().contains("1 mismatch, 1 missing, 1 orphan, 1 unnamed"), found.out());
    assertEquals(1, json.code());
    assertEquals("", json.err(), "--no-progress prints nothing on stderr");
    Map<String, Object> report = TestJson.object(json.out());
    Set<String> kinds = TestJson.list(report, "issues").stream().map(i -> (String) i.get("kind"))
        .collect(Collectors.toSet());
    assertEquals(Set.of("mismatch", "missing", "orphan", "unnamed"), kinds);
    assertEquals(false, report.get("clean"));

    TestMirror.Run repair = mirror.cli("verify", "--repair");

    assertEquals(0, repair.code(), repair.out() + repair.err());
    assertEquals(2, repair.out().lines().filter(l -> l.endsWith("[repaired]")).count(), repair.out());
    assertTrue(repair.out().contains(GAMMA_30.sha256() + "  986 B  [re-indexed from its record]")
        || repair.out().lines().anyMatch(l -> l.startsWith("orphan    " + GAMMA_30.sha256())
            && l.endsWith("[re-indexed from its record]")), repair.out());
    assertTrue(mirror.hasBlob(p.orphanSha()), "a verified blob is never deleted by a repair");
    assertFalse(mirror.hasBlob(ALPHA_11.sha256()));
    TestMirror.Run after = mirror.cli("verify");
    assertEquals(0, after.code(), after.out());
    assertTrue(after.out().contains("Verified 5 files"), after.out());
    assertTrue(after.out().contains("1 unnamed: nothing to repair"), after.out());
    TestMirror.Run orphans = mirror.cli("prune", "--orphans");
    assertEquals(0, orphans.code(), orphans.err());
    assertTrue(orphans.out().contains("Removed 1 unnamed blob(s)"), orphans.out());
    assertFalse(mirror.hasBlob(p.orphanSha()));
    mirror.download(ALPHA_11); // fetched again from the upstream, right this time
    mirror.download(BETA_10);
    assertEquals(0, mirror.cli("verify").code());
  }

  @Test
  void verify_withoutServer_findsAndRepairsTheSameWay() throws Exception {
    mirror.stopServer();
    plant();

    assertEquals(1, mirror.cli("verify").code());
    assertEquals(0, mirror.cli("verify", "--repair").code());
    TestMirror.Run after = mirror.cli("verify");
    assertEquals(0, after.code(), after.out());
  }

  private record Planted(String corruptSha, String orphanSha) {}

  /**
   * Corrupts alpha 1.1's blob, deletes beta 1.0's, drops an unnamed blob into the store, and makes gamma 3.0's blob an
   * orphan by un-caching its row (its record still names it).
   */
  private Planted plant() throws Exception {
    if (mirror.running()) {
      mirror.server().pantry().backends().meta().forgetBlob(GAMMA_30.sha256());
    } else {
      try (var db = dev.pantry.metadata.Database.open(dev.pantry.config.MetadataSettings.defaults(), data)) {
        new dev.pantry.metadata.JdbcMetadataStore(db, java.time.Clock.systemUTC()).forgetBlob(GAMMA_30.sha256());
      }
    }
    byte[] bytes = ALPHA_11.bytes();
    bytes[bytes.length / 2] ^= 0x55;
    replace(mirror.blobFile(ALPHA_11.sha256()), bytes);
    Files.delete(mirror.blobFile(BETA_10.sha256()));
    byte[] orphan = "not listed anywhere".getBytes(StandardCharsets.UTF_8);
    String orphanSha = CliCatalog.sha256(orphan);
    // A verified blob that no row caches and whose record names no file: nothing can re-index it.
    try (var up = mirror.blobs().begin()) {
      up.write(java.nio.ByteBuffer.wrap(orphan));
      up.commit(orphanSha, null);
    }
    return new Planted(CliCatalog.sha256(bytes), orphanSha);
  }

  /** Replaces a blob by rename, never in place: the server may have it mapped. */
  private void replace(Path target, byte[] bytes) throws Exception {
    Path tmp = data.resolve("tmp").resolve("planted");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
