package dev.pantry.files;

import dev.pantry.storage.Blob;
import dev.pantry.storage.LocalFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * A blob's bytes as a response sends them: from memory (a verified copy, or a mapping), from a local file in pooled
 * buffers, or streamed from the store. Only {@link #inMemory()} bodies are safe to write from a selector thread.
 */
abstract sealed class BlobBody {
  /**
   * Bytes per file read and socket write. Jetty's default of 8 KiB costs a read and a write syscall per 8 KiB; 64 KiB
   * direct buffers send a typical wheel in two writes and are still the largest size Jetty's pool recycles.
   */
  static final int COPY_BUFFER = 64 * 1024;

  /** Writes {@code [offset, offset + length)}, then completes {@code callback}. */
  abstract void write(Content.Sink sink, long offset, long length, boolean last, Callback callback);


  /** Whether writing never blocks on I/O. */
  abstract boolean inMemory();

  static BlobBody of(Blob blob, ByteBufferPool pool) {
    return blob.local().<BlobBody>map(f -> new FileBody(f, pool)).orElseGet(() -> new StreamBody(blob, pool));
  }

  /** Bytes in memory: a verified copy, or a read-only mapping of an immutable file. */
  static final class Memory extends BlobBody {
    private final ByteBuffer bytes;

    Memory(ByteBuffer bytes) {
      this.bytes = bytes.asReadOnlyBuffer();
    }

    @Override
    void write(Content.Sink sink, long offset, long length, boolean last, Callback callback) {
      sink.write(last, slice(offset, length), callback);
    }

    @Override
    boolean inMemory() {
      return true;
    }

    private ByteBuffer slice(long offset, long length) {
      return bytes.duplicate().position((int) offset).limit((int) (offset + length)).slice();
    }
  }

  /** A local file read in pooled direct buffers, each write waiting for the previous one. */
  static final class FileBody extends BlobBody {
    private final LocalFile file;
    private final ByteBufferPool pool;

    FileBody(LocalFile file, ByteBufferPool pool) {
      this.file = file;
      this.pool = pool;
    }

    @Override
    void write(Content.Sink sink, long offset, long length, boolean last, Callback callback) {
      FileChannel ch;
      try {
        ch = file.openChannel();
      } catch (IOException e) {
        callback.failed(e);
        return;
      }
      RetainableByteBuffer buffer = pool.acquire(COPY_BUFFER, true);
      new IteratingCallback() {
        private long position = offset;
        private final long end = offset + length;

        @Override
        protected Action process() throws IOException {
          if (position >= end) {
            return Action.SUCCEEDED;
          }
          ByteBuffer b = buffer.getByteBuffer();
          b.clear().limit((int) Math.min(b.capacity(), end - position));
          while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) {
              throw new IOException("blob ended early");
            }
          }
          b.flip();
          position += b.remaining();
          sink.write(last && position >= end, b, this);
          return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
          release();
          if (length == 0) {
            sink.write(last, ByteBuffer.allocate(0), callback);
          } else {
            callback.succeeded();
          }
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
          release();
          callback.failed(cause);
        }

        private void release() {
          buffer.release();
          try {
            ch.close();
          } catch (IOException e) {
            // Read-only: nothing to lose.
          }
        }
      }.iterate();
    }

    @Override
    boolean inMemory() {
      return false;
    }
  }

  /** Bytes streamed from the store (object storage); blocking, so only on a thread that may block. */
  static final class StreamBody extends BlobBody {
    private final Blob blob;
    private final ByteBufferPool pool;

    StreamBody(Blob blob, ByteBufferPool pool) {
      this.blob = blob;
      this.pool = pool;
    }

    @Override
    void write(Content.Sink sink, long offset, long length, boolean last, Callback callback) {
      try {
        InputStream in = blob.open(offset, length);
        Content.Source source = Content.Source.from(new ByteBufferPool.Sized(pool, true, COPY_BUFFER), in, 0, length);
        if (last) {
          Content.copy(source, sink, callback);
        } else {
          Content.copy(source, new NotLast(sink), callback);
        }
      } catch (IOException e) {
        callback.failed(e);
      }
    }

    @Override
    boolean inMemory() {
      return false;
    }
  }

  /** A sink that never ends the response, so a part can be followed by another. */
  private record NotLast(Content.Sink sink) implements Content.Sink {
    @Override
    public void write(boolean last, ByteBuffer byteBuffer, Callback callback) {
      sink.write(false, byteBuffer, callback);
    }
  }
}
