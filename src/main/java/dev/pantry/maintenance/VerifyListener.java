package dev.pantry.maintenance;

/** Follows a verify run; called on the verifying thread, often (implementations throttle). */
public interface VerifyListener {

  /** The work ahead: cached blobs and their bytes. */
  void start(long files, long bytes);

  /** Blobs and bytes checked so far. */
  void progress(long files, long bytes);

  /** A listener that ignores everything. */
  VerifyListener NONE = new VerifyListener() {
    @Override
    public void start(long files, long bytes) {}

    @Override
    public void progress(long files, long bytes) {}
  };
}
