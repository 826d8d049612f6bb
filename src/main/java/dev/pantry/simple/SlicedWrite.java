package dev.pantry.simple;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a large in-memory page in slices. Handed a heap buffer, the JDK copies all of what remains into a temporary
 * direct buffer on every socket write, and each thread keeps the largest such buffer it ever needed: one 20 MB
 * project list sent whole would pin 20 MB of native memory per thread that sent it, and copy it again on each
 * partial write.
 */
final class SlicedWrite extends IteratingCallback {
  /** Small enough to stay in the JDK's per-thread cache of temporary buffers, large enough for few writes. */
  static final int SLICE = 256 * 1024;

  private final Content.Sink sink;
  private final ByteBuffer bytes;
  private final Callback callback;

  private SlicedWrite(Content.Sink sink, ByteBuffer bytes, Callback callback) {
    this.sink = sink;
    this.bytes = bytes.slice();
    this.callback = callback;
  }

  /** Writes {@code bytes} as the whole body, then completes {@code callback}. */
  static void write(Content.Sink sink, ByteBuffer bytes, Callback callback) {
    if (bytes.remaining() <= SLICE) {
      sink.write(true, bytes, callback);
    } else {
      new SlicedWrite(sink, bytes, callback).iterate();
    }
  }

  @Override
  protected Action process() {
    if (!bytes.hasRemaining()) {
      return Action.SUCCEEDED;
    }
    int n = Math.min(SLICE, bytes.remaining());
    ByteBuffer slice = bytes.slice().limit(n);
    bytes.position(bytes.position() + n);
    sink.write(!bytes.hasRemaining(), slice, this);
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
