package dev.pantry.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * An upstream file body as the client hands it out: reports every byte read (the bytes-fetched metric) and, on the
 * first close, gives back the upstream's bulkhead place the exchange held.
 */
final class CountingInputStream extends FilterInputStream {
  private final LongConsumer onRead;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClose;

  CountingInputStream(InputStream in, LongConsumer onRead, Runnable onClose) {
    super(in);
    this.onRead = onRead;
    this.onClose = onClose;
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (closed.compareAndSet(false, true)) {
        onClose.run();
      }
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      onRead.accept(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      onRead.accept(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    onRead.accept(skipped);
    return skipped;
  }
}
