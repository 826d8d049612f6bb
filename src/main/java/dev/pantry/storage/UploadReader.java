package dev.pantry.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads an upload's bytes as they arrive. */
public interface UploadReader extends Closeable {

  /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 past what is readable. */
  int read(ByteBuffer dst, long position) throws IOException;
}
