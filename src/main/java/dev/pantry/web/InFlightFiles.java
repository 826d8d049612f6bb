package dev.pantry.web;

import dev.pantry.cache.BlobRemover;
import dev.pantry.cache.FileKey;
import dev.pantry.cache.MetadataStore;
import dev.pantry.error.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the {@code /files/} handler and counts the requests in progress per file, from arrival until the response
 * completes, so that a removal never pulls a blob from under a client ({@link #guard}).
 *
 * <p>A removal claims every file that names the blob (listed or cached with that sha256) and runs only if none is in
 * use; a download in flight is therefore skipped, not broken. Requests for a claimed file wait (briefly: a removal
 * is one small transaction and an unlink) and then see the file as not cached, and download it again.
 *
 * <p>This tracks files by request path; a blob registry that tracks sha256s in use can implement the same
 * {@link BlobRemover} guard.
 */
final class InFlightFiles extends Handler.Wrapper {
  private static final int REMOVING = -1;
  private static final int WAIT_ROUNDS = 100;
  private static final long WAIT_MILLIS = 100;

  /** Requests in progress per file, or {@link #REMOVING} while a removal holds it. */
  private final ConcurrentHashMap<FileKey, Integer> active = new ConcurrentHashMap<>();
  private final Object removalDone = new Object();
  private final MetadataStore meta;

  InFlightFiles(Handler files, MetadataStore meta) {
    super(files);
    this.meta = meta;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    FileKey key = keyOf(Request.getPathInContext(request));
    if (key == null) {
      return super.handle(request, response, callback);
    }
    if (!enter(key)) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.UNAVAILABLE,
          "the file is being removed from the cache; try again"));
      return true;
    }
    AtomicBoolean left = new AtomicBoolean();
    Runnable leave = () -> {
      if (left.compareAndSet(false, true)) {
        leave(key);
      }
    };
    try {
      boolean handled = super.handle(request, response, new Callback.Nested(callback) {
        @Override
        public void completed() {
          leave.run();
        }
      });
      if (!handled) {
        leave.run();
      }
      return handled;
    } catch (Throwable t) {
      leave.run();
      throw t;
    }
  }

  /** A remover that runs {@code inner} only while no client uses the blob, holding new requests off meanwhile. */
  BlobRemover guard(BlobRemover inner) {
    return new BlobRemover() {
      @Override
      public Removal remove(String sha256, java.util.Collection<FileKey> rows) {
        Set<FileKey> keys = new LinkedHashSet<>(rows);
        keys.addAll(meta.filesNaming(sha256));
        List<FileKey> claimed = new ArrayList<>();
        try {
          for (FileKey k : keys.stream().sorted(Comparator.comparing(FileKey::toString)).toList()) {
            if (active.putIfAbsent(k, REMOVING) != null) {
              return new Removal.InUse();
            }
            claimed.add(k);
          }
          return inner.remove(sha256, rows);
        } finally {
          release(claimed);
        }
      }

      @Override
      public boolean inUse(String sha256) {
        return meta.filesNaming(sha256).stream().anyMatch(k -> InFlightFiles.this.inUse(k) > 0);
      }
    };
  }

  /** How many requests are in progress for a file; for tests. */
  int inUse(FileKey key) {
    Integer n = active.get(key);
    return n == null || n < 0 ? 0 : n;
  }

  private boolean enter(FileKey key) throws InterruptedException {
    for (int i = 0; i < WAIT_ROUNDS; i++) {
      int n = active.merge(key, 1, (old, one) -> old == REMOVING ? REMOVING : old + 1);
      if (n != REMOVING) {
        return true;
      }
      synchronized (removalDone) {
        removalDone.wait(WAIT_MILLIS);
      }
    }
    return false;
  }

  private void leave(FileKey key) {
    active.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void release(List<FileKey> claimed) {
    for (FileKey k : claimed) {
      active.remove(k, REMOVING);
    }
    if (!claimed.isEmpty()) {
      synchronized (removalDone) {
        removalDone.notifyAll();
      }
    }
  }

  /** {@code /files/<upstream>/<project>/<filename>} as a key; null for anything else (the handler answers 404). */
  static @Nullable FileKey keyOf(String path) {
    if (!path.startsWith("/files/")) {
      return null;
    }
    String[] parts = path.substring("/files/".length()).split("/", -1);
    return parts.length == 3 ? new FileKey(parts[0], parts[1], parts[2]) : null;
  }
}
