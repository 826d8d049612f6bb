package dev.pantry.mirror;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stopped mirror leaves behind. */
class MirrorLifecycleTest {
  @TempDir
  Path data;

  @Test
  void close_releasesTheDatabaseFile_soTheCliOrANewProcessCanOpenIt() throws Exception {
    TestMirror mirror = TestMirror.on(data).credentials(TestMirror.basic()).start();
    mirror.get("simple/");
    mirror.close();

    Path db = data.resolve("db").resolve("pantry.mv.db");
    assertTrue(Files.isRegularFile(db));
    // H2 locks its file while the database is open; in this JVM a held lock shows as OverlappingFileLockException.
    try (FileChannel channel = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      assertNotNull(lock, "another process holds the database file");
    }
  }
}
