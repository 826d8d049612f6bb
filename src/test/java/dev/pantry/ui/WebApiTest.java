package dev.pantry.ui;

import static dev.pantry.testing.JsonTree.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.metadata.FileRecord;
import dev.pantry.testing.JsonTree;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-only JSON API against a real mirror whose cache was filled by downloads through it. No admin token. */
class WebApiTest {
  @TempDir static Path data;
  static TestMirror mirror;

  @BeforeAll
  static void start() throws Exception {
    mirror = UiCatalog.populate(UiCatalog.start(data, null));
  }

  @AfterAll
  static void stop() throws Exception {
    mirror.close();
  }

  @Test
  void overview_afterDownloads_countsCacheTrafficAndHistory() throws Exception {
    Object o = mirror.json("api/overview");
    long bytes = UiCatalog.DOWNLOADED.stream().mapToLong(Wheel::size).sum();
    assertEquals((long) UiCatalog.DOWNLOADED.size(), (Long) at(o, "cache", "files"));
    assertEquals(bytes, (Long) at(o, "cache", "bytes"));
    assertEquals(0L, (Long) at(o, "cache", "maxBytes"));
    assertEquals(4L, (Long) at(o, "cache", "projects"));
    assertEquals(false, at(o, "admin"));
    // Six downloads, five fetched upstream: one came from the cache.
    assertEquals(6L, (Long) at(o, "traffic", "served"));
    assertEquals(5L, (Long) at(o, "traffic", "fetched"));
    assertEquals(1.0 / 6, (Double) at(o, "traffic", "hitRatio"), 1e-9);
    assertEquals(bytes, (Long) at(o, "traffic", "bytesFetched"));
    assertEquals(bytes + UiCatalog.ALPHA_2.size(), (Long) at(o, "traffic", "bytesServed"));
    assertEquals((long) UiCatalog.ALPHA_2.size(), (Long) at(o, "traffic", "bytesSaved"));
    List<Long> requests = at(o, "history", "requests");
    assertEquals(288, requests.size());
    assertTrue((Long) at(o, "history", "totalRequests") >= 6, "every file request counts");
    assertTrue((Long) at(o, "history", "totalHits") >= 1, "the second ALPHA_2 download was a hit");
    assertEquals(requests.stream().mapToLong(Long::longValue).sum(), (Long) at(o, "history", "totalRequests"));
  }

  @Test
  void overview_upstreams_showHealthAndUrlsWithoutCredentials() throws Exception {
    HttpResponse<String> r = mirror.getText("api/overview");
    assertFalse(r.body().contains(TestMirror.TOKEN), "token leaked");
    assertFalse(r.body().contains(TestMirror.USER), "user name leaked");
    Object o = JsonTree.parse(r.body());
    assertEquals("pub", at(o, "upstreams", 0, "id"));
    assertEquals("gitlab", at(o, "upstreams", 1, "id"));
    assertEquals(mirror.upstream.registryIndexUrl().toString(), at(o, "upstreams", 1, "url"));
    assertEquals("CLOSED", at(o, "upstreams", 0, "state"));
    assertNotNull(at(o, "upstreams", 0, "lastSuccess"));
    assertNull(at(o, "upstreams", 0, "lastError"));
  }

  @Test
  void projects_defaults_sortByNameAscendingWithTotals() throws Exception {
    Object o = mirror.json("api/projects");
    assertEquals(4L, (Long) at(o, "total"));
    assertEquals(List.of("alpha", "beta-pkg", "gamma", "secret-tool"), names(o));
    assertEquals("name", at(o, "sort"));
    assertEquals("asc", at(o, "order"));
    Map<String, Object> alpha = at(o, "items", 0);
    assertEquals(3L, alpha.get("files"));
    assertEquals(2L, alpha.get("cachedFiles"));
    assertEquals((long) (UiCatalog.ALPHA_1.size() + UiCatalog.ALPHA_2.size()), alpha.get("bytes"));
    assertEquals(3L, alpha.get("hits"));
    assertNotNull(alpha.get("lastAccess"));
  }

  @Test
  void projects_paging_givesDisjointSlicesOfTheSameOrder() throws Exception {
    Object first = mirror.json("api/projects?limit=3&offset=0");
    Object rest = mirror.json("api/projects?limit=3&offset=3");
    assertEquals(List.of("alpha", "beta-pkg", "gamma"), names(first));
    assertEquals(List.of("secret-tool"), names(rest));
    assertEquals(4L, (Long) at(rest, "total"));
    assertEquals(List.of(), names(mirror.json("api/projects?limit=3&offset=30")));
  }

  @Test
  void projects_sortBySizeDescending_putsTheBiggestFirst() throws Exception {
    Object o = mirror.json("api/projects?sort=size&order=desc");
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sizes.add(at(o, "items", i, "bytes"));
    }
    List<Long> sorted = new ArrayList<>(sizes);
    sorted.sort((a, b) -> Long.compare(b, a));
    assertEquals(sorted, sizes);
    assertEquals("alpha", at(o, "items", 0, "name"), "two cached wheels outweigh one");
    assertEquals("alpha", at(mirror.json("api/projects?sort=hits"), "items", 0, "name"), "hits default to desc");
  }

  @Test
  void projects_search_matchesNormalizedFragments() throws Exception {
    assertEquals(List.of("beta-pkg"), names(mirror.json("api/projects?q=Beta_P")));
    Object withA = mirror.json("api/projects?q=a&sort=name&limit=2");
    assertEquals(List.of("alpha", "beta-pkg"), names(withA));
    assertEquals(3L, (Long) at(withA, "total"), "secret-tool has no 'a'");
    Object none = mirror.json("api/projects?q=zzz");
    assertEquals(0L, (Long) at(none, "total"));
    assertEquals(List.of(), names(none));
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=501", "limit=abc", "limit=-1", "offset=-1", "offset=99999999999",
      "sort=bogus", "order=up", "q=a%20b", "q=%25", "q=a%27--"})
  void projects_badParameters_answer400(String query) throws Exception {
    HttpResponse<String> r = mirror.getText("api/projects?" + query);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
  }

  @Test
  void projects_limitAtTheBound_isAccepted() throws Exception {
    assertEquals(500L, (Long) at(mirror.json("api/projects?limit=500"), "limit"));
  }

  @Test
  void project_files_groupedByVersionNewestFirstAndMatchTheCache() throws Exception {
    Object o = mirror.json("api/projects/Alpha");
    assertEquals("alpha", at(o, "name"));
    assertEquals("simple/alpha/", at(o, "simplePath"));
    assertEquals(3L, (Long) at(o, "files"));
    assertEquals(2L, (Long) at(o, "cachedFiles"));
    List<Map<String, Object>> versions = at(o, "versions");
    assertEquals(List.of("2.0", "2.0rc1", "1.0"), versions.stream().map(v -> v.get("version")).toList());
    Map<String, FileRecord> cache = mirror.server().queries().files("alpha").stream()
        .collect(Collectors.toMap(FileRecord::filename, f -> f));
    for (Map<String, Object> v : versions) {
      for (Map<String, Object> f : JsonTree.<List<Map<String, Object>>>at(v, "files")) {
        FileRecord row = cache.get((String) f.get("filename"));
        assertNotNull(row, "listed in the cache: " + f.get("filename"));
        assertEquals(row.cached(), f.get("cached"));
        assertEquals(row.cached() ? row.cachedSha256() : row.sha256(), f.get("sha256"));
        assertEquals("pub", f.get("upstream"));
      }
    }
    Map<String, Object> rc = at(o, "versions", 1, "files", 0);
    assertEquals(UiCatalog.ALPHA_2RC.filename(), rc.get("filename"));
    assertEquals(false, rc.get("cached"));
    assertEquals(">=3.8", rc.get("requiresPython"));
    assertEquals((long) UiCatalog.ALPHA_2RC.size(), rc.get("size"));
    Map<String, Object> two = at(o, "versions", 0, "files", 0);
    assertEquals(2L, two.get("hits"));
    assertNotNull(two.get("uploadTime"));
    assertEquals("files/pub/alpha/" + UiCatalog.ALPHA_2.filename(), two.get("path"));
    assertEquals(mirror.upstream.publicIndexUrl() + "alpha/", at(o, "upstreams", 0, "pageUrl"));
  }

  @Test
  void project_private_showsYankReasonAndNoCredentials() throws Exception {
    HttpResponse<String> r = mirror.getText("api/projects/secret-tool");
    assertEquals(200, r.statusCode());
    assertFalse(r.body().contains(TestMirror.TOKEN), "token leaked");
    assertFalse(r.body().contains(TestMirror.USER), "user name leaked");
    Object o = JsonTree.parse(r.body());
    assertEquals(mirror.upstream.registryIndexUrl() + "secret-tool/", at(o, "upstreams", 0, "pageUrl"));
    Map<String, Object> old = at(o, "versions", 1, "files", 0);
    assertEquals("1.0", at(o, "versions", 1, "version"));
    assertEquals(true, old.get("yanked"));
    assertEquals("broken build", old.get("yankedReason"));
    assertEquals(false, at(o, "versions", 0, "files", 0, "yanked"));
  }

  @Test
  void project_unknownOrInvalid_answers404Or400() throws Exception {
    assertEquals(404, mirror.getText("api/projects/never-seen").statusCode());
    assertEquals(400, mirror.getText("api/projects/-bad-").statusCode());
    assertEquals(404, mirror.getText("api/projects/alpha/versions").statusCode());
    assertEquals(404, mirror.getText("api/nothing").statusCode());
  }

  @Test
  void setup_fromTheRequest_pointsAtThisServersIndex() throws Exception {
    Object o = mirror.json("api/setup");
    String index = mirror.base() + "simple/";
    assertEquals(index, at(o, "indexUrl"));
    assertNull(at(o, "trustedHost"), "loopback needs no trusted-host");
    List<Map<String, Object>> snippets = at(o, "snippets");
    Map<String, String> byId = snippets.stream()
        .collect(Collectors.toMap(s -> (String) s.get("id"), s -> (String) s.get("text")));
    assertEquals("[global]\nindex-url = " + index + "\n", byId.get("pip-conf"));
    assertTrue(byId.get("pip-install").startsWith("pip install --index-url " + index));
    assertTrue(byId.get("pip-env").contains("PIP_INDEX_URL=" + index));
    assertTrue(byId.get("uv-toml").contains("[[tool.uv.index]]") && byId.get("uv-toml").contains(index));
    assertTrue(byId.get("uv-env").contains("UV_INDEX_URL=" + index));
    assertEquals("poetry source add --priority=primary pantry " + index, byId.get("poetry"));
    assertEquals("poetry source add --default pantry " + index, byId.get("poetry-legacy"),
        "poetry before 1.5 rejects --priority");
  }

  @Test
  void setup_withTheAddressBarsIndex_usesItAndTrustsPlainHttpHosts() throws Exception {
    Object o = mirror.json("api/setup?index=http%3A%2F%2Fmirror.internal%3A8080%2Fpypi%2Fsimple%2F");
    assertEquals("http://mirror.internal:8080/pypi/simple/", at(o, "indexUrl"));
    assertEquals("mirror.internal", at(o, "trustedHost"));
    String conf = at(o, "snippets", 1, "text");
    assertTrue(conf.contains("trusted-host = mirror.internal"), conf);
    Object https = mirror.json("api/setup?index=https%3A%2F%2Fpypi.example.com%2Fsimple%2F");
    assertNull(at(https, "trustedHost"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp%3A%2F%2Fx%2Fsimple%2F", "http%3A%2F%2Fu%3Ap%40x%2Fsimple%2F", "http%3A%2F%2Fx%2Fother%2F",
      "http%3A%2F%2Fx%2Fsimple%2F%3Fa%3D1", "not%20a%20url"})
  void setup_badIndex_answers400(String index) throws Exception {
    assertEquals(400, mirror.getText("api/setup?index=" + index).statusCode());
  }

  @Test
  void api_answers_areUncacheableDataWithSecurityHeaders() throws Exception {
    HttpResponse<String> r = mirror.getText("api/overview");
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
    assertEquals(405, mirror.sendText("POST", "api/overview").statusCode());
  }

  @Test
  void admin_withoutAConfiguredToken_doesNotExist() throws Exception {
    assertEquals(404, mirror.sendText("POST", "api/projects/alpha/refresh").statusCode());
    assertEquals(404, mirror.sendText("DELETE", "api/projects/alpha/files",
        "Authorization", "Bearer anything").statusCode());
    assertEquals(2L, (Long) at(mirror.json("api/projects/alpha"), "cachedFiles"), "nothing was removed");
  }

  private static List<String> names(Object o) {
    List<Map<String, Object>> items = at(o, "items");
    return items.stream().map(i -> (String) i.get("name")).toList();
  }
}
