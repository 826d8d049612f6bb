package dev.pantry.storage;

import dev.pantry.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 calls {@link S3BlobStore} makes, each turning the SDK's exceptions into one-line {@link StorageException}s
 * (no request ids, no keys). Objects larger than {@link #PART_BYTES} go up in parts: S3 publishes a multipart object
 * only when it completes, as it does a single PUT, so a reader never sees a partial object either way.
 */
final class S3Objects {
  static final long PART_BYTES = 16L << 20;

  private final S3Client s3;
  private final String bucket;

  S3Objects(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("read", e);
    } catch (SdkException e) {
      throw failure("read", e);
    }
  }

  Optional<byte[]> get(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", e);
    }
  }

  /** {@code length} bytes from {@code offset}; the caller closes the stream. */
  InputStream range(String key, long offset, long length) throws IOException {
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
    } catch (SdkException e) {
      throw new IOException("cannot read blob from object storage: " + oneLine(e), e);
    }
  }

  void put(String key, byte[] bytes) {
    try {
      s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw failure("write", e);
    }
  }

  /** Puts a file: one PUT when small, else in parts, aborted on failure so nothing half-made is left. */
  void putFile(String key, Path file, long size) throws IOException {
    try {
      if (size <= PART_BYTES) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(file));
        return;
      }
      String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      try {
        List<CompletedPart> parts = new ArrayList<>();
        for (int n = 1; (long) (n - 1) * PART_BYTES < size; n++) {
          long offset = (long) (n - 1) * PART_BYTES;
          long length = Math.min(PART_BYTES, size - offset);
          int number = n;
          RequestBody body = RequestBody.fromContentProvider(new FilePart(file, offset), length,
              "application/octet-stream");
          String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number)
              .contentLength(length), body).eTag();
          parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(id)
            .multipartUpload(m -> m.parts(parts)).build());
      } catch (RuntimeException e) {
        abort(key, id);
        throw e;
      }
    } catch (SdkException e) {
      throw new IOException("cannot write blob to object storage: " + oneLine(e), e);
    } catch (UncheckedIOException e) { // the spooled file, read by FilePart
      throw new IOException("cannot write blob to object storage: " + e.getMessage(), e);
    }
  }

  void delete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure("delete", e);
    }
  }

  /** Every object under {@code prefix}, page by page. */
  void list(String prefix, Consumer<S3Object> each) throws IOException {
    try {
      s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(each);
    } catch (SdkException e) {
      throw new IOException("cannot list object storage: " + oneLine(e), e);
    }
  }

  /** Aborts multipart uploads under {@code prefix} started before {@code before}: only a dead writer leaves them. */
  int abortStale(String prefix, Instant before) {
    int aborted = 0;
    try {
      ListMultipartUploadsResponse r = s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix));
      for (MultipartUpload u : r.uploads()) {
        if (u.initiated() != null && u.initiated().isBefore(before)) {
          abort(u.key(), u.uploadId());
          aborted++;
        }
      }
    } catch (SdkException e) {
      // Some S3-compatible servers do not list uploads; their lifecycle rules clean up instead.
    }
    return aborted;
  }

  /** Null when the bucket answers, else why not. */
  @Nullable String problem() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return null;
    } catch (SdkException e) {
      return "unreachable (" + oneLine(e) + ")";
    }
  }

  private void abort(String key, String id) {
    try {
      s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(id).build());
    } catch (SdkException e) {
      // Left for the next sweep, or the bucket's lifecycle rule.
    }
  }

  private static StorageException failure(String what, SdkException e) {
    return new StorageException("object storage " + what + " failed: " + oneLine(e), e);
  }

  /** The SDK's message without its request ids and extended details: a status and a reason. */
  static String oneLine(SdkException e) {
    if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
      return s.statusCode() + " " + s.awsErrorDetails().errorCode();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = m.indexOf(" (Service:");
    return (cut > 0 ? m.substring(0, cut) : m).lines().findFirst().orElse("");
  }
}
