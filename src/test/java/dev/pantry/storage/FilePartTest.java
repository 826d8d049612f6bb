package dev.pantry.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePartTest {
  @TempDir Path dir;

  @Test
  void newStream_again_startsOverAtThePartsOffset_andClosesTheOneBefore() throws IOException {
    byte[] bytes = new byte[300_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Path file = Files.write(dir.resolve("spool"), bytes);
    FilePart part = new FilePart(file, 1_000);

    InputStream first = part.newStream();
    first.readNBytes(200_000); // past the 128 KiB an SDK mark buffer would have kept
    InputStream second = part.newStream(); // the SDK's retry

    assertArrayEquals(Arrays.copyOfRange(bytes, 1_000, 2_000), second.readNBytes(1_000));
    assertThrows(IOException.class, first::read, "the stream before was closed");
    second.close();
  }

  @Test
  void newStream_fileGone_saysWhichPart() throws IOException {
    FilePart part = new FilePart(dir.resolve("gone"), 16L << 20);

    UncheckedIOException e = assertThrows(UncheckedIOException.class, part::newStream);

    assertTrue(e.getMessage().contains("at 16777216"), e.getMessage());
  }
}
