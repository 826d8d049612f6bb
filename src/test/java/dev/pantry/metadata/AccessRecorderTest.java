package dev.pantry.metadata;

import static dev.pantry.metadata.Db.key;
import static dev.pantry.metadata.Db.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pantry.error.StorageException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRecorderTest {
  @TempDir Path data;
  private Db db;
  private AccessRecorder access;

  @BeforeEach
  void open() {
    db = new Db(data);
    db.store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null)));
    db.store.findFile(key("a.whl")); // a file is looked up, and so has its row, before it is served
    access = new AccessRecorder(db.store, Clock.systemUTC(), 3_600_000);
  }

  @AfterEach
  void close() {
    access.close();
    db.close();
  }

  @Test
  void flush_writesCountsOnceAndForgetsThem() {
    access.hit(key("a.whl"), 10);
    access.hit(key("a.whl"), 5);

    assertEquals(1, access.flush());
    assertEquals(0, access.flush(), "nothing written twice");
    FileRecord a = db.store.findFile(key("a.whl")).orElseThrow();
    assertEquals(2, a.hits());
    assertEquals(0, access.pendingHits());
  }

  @Test
  void flush_whenTheWriteFails_keepsEveryCountForTheNextOne() throws Exception {
    access.hit(key("a.whl"), 10);
    db.sql("ALTER TABLE files RENAME TO files_away"); // the index stops taking writes

    assertThrows(StorageException.class, access::flush);
    assertEquals(1, access.pendingHits(), "a failed write loses nothing");
    access.hit(key("a.whl"), 10);

    db.sql("ALTER TABLE files_away RENAME TO files");
    assertEquals(1, access.flush());
    assertEquals(2, db.store.findFile(key("a.whl")).orElseThrow().hits());
  }
}
