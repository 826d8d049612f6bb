package dev.pantry.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.Rendering;
import dev.pantry.metadata.PageRecord;
import dev.pantry.simple.PageStore;
import dev.pantry.simple.StoredPage;
import dev.pantry.testing.Stores;
import dev.pantry.upstream.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page bundles the index does not name, after a crash: the newest copy of a page whose row the index lost comes back
 * from the row its bundle carries; replaced and forgotten copies are collected.
 */
class BundlesTest {
  @TempDir Path data;
  private Stores stores;
  private PageStore pages;

  @BeforeEach
  void open() throws Exception {
    stores = Stores.onDisk(data);
    pages = new PageStore(stores.meta, stores.renderings, stores.coordinator, 1 << 20);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private StoredPage save(String project, String body, long fetchedAt) throws Exception {
    return pages.save("pypi", project, Rendering.of(("<a>" + body + "</a>").getBytes(StandardCharsets.UTF_8)),
        Rendering.of(("{\"v\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8)), fetchedAt,
        new Outcome.Validators("\"e-" + body + "\"", null), 1, null);
  }

  private Reconciler.Report reconcile() throws Exception {
    return new Reconciler(stores.blobs, stores.renderings, stores.meta, PageStore::bundleRecord).run();
  }

  private Set<String> bundles() throws Exception {
    Set<String> out = new HashSet<>();
    stores.renderings.forEach(out::add);
    return out;
  }

  /** The index as the last commits before a kill -9 left it: the page's latest row never made it to the file. */
  private void loseRow(String project, @Nullable PageRecord before) throws Exception {
    if (before != null) {
      stores.meta.savePage(before);
      return;
    }
    try (Connection c = stores.database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM pages WHERE project = ?")) {
      s.setString(1, project);
      assertEquals(1, s.executeUpdate());
    }
  }

  @Test
  void run_pageWhoseRowTheIndexLost_isReindexedFromItsBundle() throws Exception {
    StoredPage page = save("lost", "one", 1_000);
    loseRow("lost", null);

    Reconciler.Report r = reconcile();

    assertEquals(1, r.pagesRestored());
    assertEquals(0, r.bundlesCollected());
    assertTrue(r.rebuilt());
    PageRecord row = stores.meta.findPage("pypi", "lost").orElseThrow();
    assertEquals(page.record(), row, "every field of the row, the validators and the bundle's digest included");
    assertEquals(row, new PageStore(stores.meta, stores.renderings, stores.coordinator, 1 << 20)
        .load("pypi", "lost").orElseThrow().record(), "and a fresh process serves the page from it");
  }

  @Test
  void run_newerPageWhoseRowUpdateWasLost_replacesTheOlderRow() throws Exception {
    PageRecord older = save("upd", "one", 1_000).record();
    PageRecord newer = save("upd", "two", 2_000).record();
    loseRow("upd", older);

    Reconciler.Report r = reconcile();

    assertEquals(1, r.pagesRestored());
    assertEquals(newer, stores.meta.findPage("pypi", "upd").orElseThrow());
    assertEquals(Set.of(newer.bundleDigest()), bundles(), "the replaced bundle is collected after all");
  }

  @Test
  void run_replacedBundle_isCollectedNotRestored() throws Exception {
    save("rep", "one", 1_000);
    PageRecord newer = save("rep", "two", 2_000).record();
    stores.meta.touchPage("pypi", "rep", 0); // made stale: the row's own time says nothing of its bundle's age

    Reconciler.Report r = reconcile();

    assertEquals(0, r.pagesRestored());
    assertEquals(1, r.bundlesCollected());
    assertEquals(newer.bundleDigest(), stores.meta.findPage("pypi", "rep").orElseThrow().bundleDigest());
  }

  @Test
  void run_severalUnnamedCopiesOfOnePage_onlyTheNewestComesBack() throws Exception {
    save("many", "one", 1_000);
    save("many", "three", 3_000);
    PageRecord newest = stores.meta.findPage("pypi", "many").orElseThrow();
    save("many", "two", 2_000);
    loseRow("many", null);

    Reconciler.Report r = reconcile();

    assertEquals(1, r.pagesRestored());
    assertEquals(2, r.bundlesCollected());
    assertEquals(newest, stores.meta.findPage("pypi", "many").orElseThrow());
  }

  @Test
  void run_forgottenPage_staysForgotten() throws Exception {
    save("gone", "one", 1_000);
    pages.forget("pypi", "gone");

    Reconciler.Report r = reconcile();

    assertEquals(0, r.pagesRestored());
    assertEquals(1, r.bundlesCollected());
    assertTrue(pages.load("pypi", "gone").isEmpty(), "the next request fetches it whole");
  }

  @Test
  void run_sharedRenderings_theBundleARestoredRowReplaced_waitsForALaterReconcile() throws Exception {
    PageRecord older = save("shared", "one", 1_000).record();
    PageRecord newer = save("shared", "two", 2_000).record();
    loseRow("shared", older);
    Reconciler shared = new Reconciler(stores.blobs, stores.renderings, stores.meta, PageStore::bundleRecord,
        Duration.ofMillis(1));
    Thread.sleep(5); // both bundles past the grace

    Reconciler.Report r = shared.run();

    assertEquals(1, r.pagesRestored());
    assertEquals(newer, stores.meta.findPage("pypi", "shared").orElseThrow());
    assertEquals(Set.of(older.bundleDigest(), newer.bundleDigest()), bundles(),
        "another replica may be streaming the replaced bundle: it goes at the next reconcile");
    assertEquals(1, shared.run().bundlesCollected());
    assertEquals(Set.of(newer.bundleDigest()), bundles());
  }

  @Test
  void run_sharedRenderings_aFreshUnnamedBundle_isNeitherRestoredNorCollected() throws Exception {
    save("fresh", "one", 1_000);
    loseRow("fresh", null);

    Reconciler.Report r = new Reconciler(stores.blobs, stores.renderings, stores.meta, PageStore::bundleRecord,
        Duration.ofMinutes(10)).run();

    assertEquals(0, r.pagesRestored());
    assertEquals(0, r.bundlesCollected());
    assertTrue(stores.meta.findPage("pypi", "fresh").isEmpty(), "another replica may be writing its row now");
  }
}
