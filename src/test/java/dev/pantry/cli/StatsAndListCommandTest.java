package dev.pantry.cli;

import static dev.pantry.cli.CliCatalog.ALPHA_10;
import static dev.pantry.cli.CliCatalog.ALPHA_11;
import static dev.pantry.cli.CliCatalog.ALPHA_20;
import static dev.pantry.cli.CliCatalog.ALPHA_20RC1;
import static dev.pantry.cli.CliCatalog.BETA_10;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsAndListCommandTest {
  @TempDir Path data;
  TestMirror mirror;

  @BeforeEach
  void setUp() throws Exception {
    mirror = CliCatalog.start(data);
    for (var w : List.of(ALPHA_10, ALPHA_11, ALPHA_20RC1, ALPHA_20, BETA_10)) {
      mirror.download(w);
    }
    mirror.download(ALPHA_20); // a hit
    mirror.get("simple/gamma/"); // listed, nothing cached
  }

  @AfterEach
  void tearDown() throws Exception {
    mirror.close();
  }

  @Test
  void stats_whileServing_countsFilesHitsAndTraffic() {
    TestMirror.Run run = mirror.cli("stats", "--json");

    assertEquals(0, run.code(), run.err());
    Map<String, Object> s = TestJson.object(run.out());
    assertEquals(5, TestJson.number(s, "files"));
    assertEquals(2, TestJson.number(s, "projects"));
    assertEquals(6, TestJson.number(s, "served"), "5 misses and 1 hit, flushed before answering");
    assertEquals(5, TestJson.number(s, "fetched"));
    assertEquals(1 / 6.0, (Double) s.get("hitRatio"), 1e-9);
    long bytes = List.of(ALPHA_10, ALPHA_11, ALPHA_20RC1, ALPHA_20, BETA_10).stream().mapToLong(w -> w.size()).sum();
    assertEquals(bytes, TestJson.number(s, "bytes"));
    assertEquals("alpha", TestJson.list(s, "topBySize").get(0).get("project"));
  }

  @Test
  void stats_withoutServer_readsTheDatabaseItselfAndPrintsForPeople() throws Exception {
    mirror.stopServer();

    TestMirror.Run run = mirror.cli("stats");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("Files       5 in 2 projects"), run.out());
    assertTrue(run.out().contains("Hit ratio   16.7%"), run.out());
    assertTrue(run.out().contains("Top projects by size"), run.out());
    assertTrue(run.out().contains("Oldest entries"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void list_withoutProject_showsCachedProjectsOnlyUnlessAll() {
    TestMirror.Run run = mirror.cli("list");
    TestMirror.Run all = mirror.cli("ls", "--all");

    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("PROJECT"), run.out());
    assertEquals(3, lines.size(), run.out());
    assertTrue(lines.get(1).startsWith("alpha") && lines.get(2).startsWith("beta"), run.out());
    assertEquals(0, all.code(), all.err());
    assertTrue(all.out().lines().anyMatch(l -> l.startsWith("gamma")), all.out());
  }

  @Test
  void list_sortedBySize_putsLargestFirstAndReverseFlipsIt() {
    List<String> bySize = projectColumn(mirror.cli("ls", "--sort", "size"));
    List<String> reversed = projectColumn(mirror.cli("ls", "--sort", "size", "-r"));

    assertEquals(List.of("alpha", "beta"), bySize);
    assertEquals(List.of("beta", "alpha"), reversed);
  }

  @Test
  void list_project_showsFilesNewestVersionFirstWithWholeDigestsInJson() {
    TestMirror.Run table = mirror.cli("ls", "Alpha");
    TestMirror.Run json = mirror.cli("list", "alpha", "--json");

    assertEquals(0, table.code(), table.err());
    List<String> versions = table.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
    assertEquals(List.of("2.0", "2.0rc1", "1.1", "1.0"), versions);
    assertTrue(table.out().contains(ALPHA_20.sha256().substring(0, 12)), table.out());
    assertFalse(table.out().contains(ALPHA_20.sha256()), "digests are cut to 12 characters in the table");
    Map<String, Object> doc = TestJson.object(json.out());
    List<Map<String, Object>> files = TestJson.list(doc, "files");
    assertEquals(4, files.size());
    assertEquals(ALPHA_20.filename(), files.get(0).get("filename"));
    assertEquals(ALPHA_20.sha256(), files.get(0).get("sha256"));
    assertEquals((long) ALPHA_20.size(), TestJson.number(files.get(0), "size"));
    assertEquals(2, TestJson.number(files.get(0), "hits"));
    assertTrue(files.get(0).get("cachedAt").toString().endsWith("Z"));
  }

  @Test
  void list_unknownProject_isNotFoundOnStderr() {
    TestMirror.Run run = mirror.cli("ls", "no-such-project");

    assertEquals(1, run.code());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("pantry: no project 'no-such-project'"), run.err());
  }

  @Test
  void list_badSortKey_isUsageError() {
    TestMirror.Run run = mirror.cli("ls", "--sort", "colour");

    assertEquals(2, run.code());
    assertTrue(run.err().contains("unknown sort key"), run.err());
  }

  private static List<String> projectColumn(TestMirror.Run run) {
    assertEquals(0, run.code(), run.err());
    return run.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
  }
}
