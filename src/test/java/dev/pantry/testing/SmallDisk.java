package dev.pantry.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system: a tmpfs of a few MiB mounted for one test, so "the disk is full" is a real ENOSPC from
 * the kernel, not a simulation. Needs root (CI runs as root); where it cannot mount, the test is skipped with a
 * message saying why.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mount;
  private final Path filler;

  private SmallDisk(Path mount) {
    this.mount = mount;
    this.filler = mount.resolve(".filler");
  }

  /** Mounts a tmpfs of {@code mib} MiB at a fresh directory under {@code parent}; skips the test if it cannot. */
  public static SmallDisk mount(Path parent, int mib) throws Exception {
    Path dir = Files.createDirectories(parent.resolve("small-disk"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(20, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes());
    Assumptions.assumeTrue(done && p.exitValue() == 0,
        "cannot mount a tmpfs here (needs root): " + out.strip() + "; the full-disk test runs in CI");
    return new SmallDisk(dir);
  }

  public Path path() {
    return mount;
  }

  /** Fills the file system until about {@code bytesLeft} bytes stay free. */
  public void leave(long bytesLeft) throws IOException {
    long free = Files.getFileStore(mount).getUsableSpace();
    long fill = Math.max(0, free - bytesLeft);
    try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      while (fill > 0) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), fill));
        fill -= ch.write(chunk);
      }
    }
  }

  /** Makes room again. */
  public void heal() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws Exception {
    Process p = new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true).start();
    p.waitFor(20, TimeUnit.SECONDS);
  }
}
