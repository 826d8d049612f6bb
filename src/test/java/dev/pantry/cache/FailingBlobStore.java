package dev.pantry.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real {@link DiskBlobStore} whose disk can be made to fill up: each new write may fail after a number of bytes
 * (as ENOSPC does), or fail to start at all. Everything else is the real store. Thread-safe switches.
 */
public final class FailingBlobStore implements BlobStore {
  private final DiskBlobStore disk;
  private final Path temp;
  private volatile long failAfter = Long.MAX_VALUE;
  private volatile boolean failCreate;

  public FailingBlobStore(Path dataDir) throws IOException {
    this.disk = new DiskBlobStore(dataDir);
    this.temp = dataDir.resolve("tmp");
  }

  /** From now on, each new blob's writes fail once it holds {@code bytes} bytes. */
  public void failAfter(long bytes) {
    failAfter = bytes;
  }

  /** From now on, no temp file can be created (or again can, with false). */
  public void failCreate(boolean fail) {
    failCreate = fail;
  }

  /** The disk is fine again. */
  public void heal() {
    failAfter = Long.MAX_VALUE;
    failCreate = false;
  }

  @Override
  public BlobWriter create() throws IOException {
    if (failCreate) {
      throw new IOException("No space left on device (test disk)");
    }
    Path file = temp.resolve(UUID.randomUUID() + ".part");
    FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new BlobWriter(file, new FullDisk(real, failAfter), disk::pathOf);
  }

  @Override
  public Optional<Path> find(String sha256) {
    return disk.find(sha256);
  }

  @Override
  public boolean delete(String sha256) throws IOException {
    return disk.delete(sha256);
  }

  @Override
  public int sweepTemp() throws IOException {
    return disk.sweepTemp();
  }

  @Override
  public Stream<String> list() throws IOException {
    return disk.list();
  }

  /** A file channel on a disk with {@code room} bytes left. */
  private static final class FullDisk extends FileChannel {
    private final FileChannel real;
    private final long room;
    private long written;

    FullDisk(FileChannel real, long room) {
      this.real = real;
      this.room = room;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long left = room - written;
      if (left <= 0) {
        throw new IOException("No space left on device (test disk)");
      }
      if (src.remaining() > left) {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) left);
        int n = real.write(part);
        src.position(src.position() + n);
        written += n;
        return n;
      }
      int n = real.write(src);
      written += n;
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      throw new IOException("not used by BlobWriter");
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      throw new IOException("not used by BlobWriter");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      throw new IOException("not used by BlobWriter");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      throw new IOException("not used by BlobWriter");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
