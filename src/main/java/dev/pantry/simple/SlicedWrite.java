package dev.pantry.simple;

import dev.pantry.index.Rendering;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes an in-memory page chunk by chunk, each in slices. Handed a heap buffer, the JDK copies all of what remains
 * into a temporary direct buffer on every socket write, and each thread keeps the largest such buffer it ever needed:
 * one 20 MB project list sent whole would pin 20 MB of native memory per thread that sent it, and copy it again on
 * each partial write.
 */
final class SlicedWrite extends IteratingCallback {
  /** Small enough to stay in the JDK's per-thread cache of temporary buffers, large enough for few writes. */
  static final int SLICE = 256 * 1024;

  private final Content.Sink sink;
  private final Rendering bytes;
  private final Callback callback;
  private int next;
  private ByteBuffer chunk = BufferUtil.EMPTY_BUFFER;

  private SlicedWrite(Content.Sink sink, Rendering bytes, Callback callback) {
    this.sink = sink;
    this.bytes = bytes;
    this.callback = callback;
  }

  /** Writes {@code bytes} as the whole body, then completes {@code callback}. */
  static void write(Content.Sink sink, Rendering bytes, Callback callback) {
    if (bytes.chunkCount() == 1 && bytes.length() <= SLICE) {
      sink.write(true, bytes.chunk(0), callback); // every small page: one write, nothing to iterate
    } else if (bytes.chunkCount() == 0) {
      sink.write(true, BufferUtil.EMPTY_BUFFER, callback);
    } else {
      new SlicedWrite(sink, bytes, callback).iterate();
    }
  }

  @Override
  protected Action process() {
    if (!chunk.hasRemaining()) {
      if (next == bytes.chunkCount()) {
        return Action.SUCCEEDED;
      }
      chunk = bytes.chunk(next++);
    }
    int n = Math.min(SLICE, chunk.remaining());
    ByteBuffer slice = chunk.slice().limit(n);
    chunk.position(chunk.position() + n);
    sink.write(!chunk.hasRemaining() && next == bytes.chunkCount(), slice, this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteSuccess() {
    callback.succeeded();
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    callback.failed(cause);
  }
}
