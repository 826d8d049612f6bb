package dev.pantry.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.S3Server;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on a real S3-compatible server (s3proxy), plus what only object storage has. */
class S3BlobStoreTest extends BlobStoreContract {
  @TempDir static Path objects;
  @TempDir Path spool;
  private static S3Server server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.start(objects);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  BlobStore open() {
    return new S3BlobStore(server.newBucket(), spool, Clock.systemUTC());
  }

  @Test
  void commit_largerThanAPart_goesUpInParts_andReadsBackByRanges() throws Exception {
    S3BlobStore store = new S3BlobStore(server.newBucket(), spool, Clock.systemUTC());
    byte[] big = bytes((int) S3Objects.PART_BYTES * 2 + 12_345, 7);
    UploadResult r;
    try (BlobUpload up = store.begin()) {
      for (int i = 0; i < big.length; i += 1 << 20) {
        up.write(ByteBuffer.wrap(big, i, Math.min(1 << 20, big.length - i)));
      }
      r = up.commit(Digests.sha256Hex(big), NAME);
    }
    UploadResult result = r;
    Blob blob = assertInstanceOf(UploadResult.Stored.class, r, () -> "the upload ended as " + result).blob();
    assertEquals(big.length, store.find(blob.sha256()).orElseThrow().size());
    try (InputStream in = blob.open(S3Objects.PART_BYTES - 10, 20)) {
      byte[] expected = new byte[20];
      System.arraycopy(big, (int) S3Objects.PART_BYTES - 10, expected, 0, 20);
      assertArrayEquals(expected, in.readAllBytes(), "a range across the part boundary");
    }
    assertFalse(blob.local().isPresent(), "no local file: object storage is read by ranges");
  }

  @Test
  void objects_areNamedBySha256_withTheRecordBeside_andNoSpoolLeftBehind() throws Exception {
    S3Settings settings = server.newBucket("cache/");
    S3BlobStore store = new S3BlobStore(settings, spool, Clock.systemUTC());
    byte[] data = bytes(5_000, 3);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(data));
      up.commit(null, NAME);
    }
    List<String> keys = new ArrayList<>();
    try (var s3 = server.client()) {
      s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket())).contents().forEach(o -> keys.add(o.key()));
    }
    String sha = Digests.sha256Hex(data);
    assertEquals(List.of("cache/blobs/" + sha, "cache/records/" + sha + ".json"), keys.stream().sorted().toList());
    assertEquals(0, store.sweep(), "the spool is empty after a commit");
  }

  @Test
  void health_bucketGone_isUnreachable_andDescribeHasNoKey() throws Exception {
    S3Settings missing = new S3Settings("no-such-bucket-here", "", server.endpoint(), "us-east-1", true,
        S3Server.ACCESS_KEY, dev.pantry.config.Secret.of(server.secretKey()));
    S3BlobStore store = new S3BlobStore(missing, spool, Clock.systemUTC());

    assertFalse(store.health().healthy());
    assertTrue(store.health().problem().startsWith("unreachable ("), store.health().problem());
    assertFalse(store.describe().contains(server.secretKey()));
    assertFalse(store.health().problem().contains(server.secretKey()));
  }
}
