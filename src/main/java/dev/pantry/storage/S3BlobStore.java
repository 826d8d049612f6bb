package dev.pantry.storage;

import dev.pantry.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Blobs in an S3-compatible bucket: {@code <prefix>blobs/<sha256>}, with the record beside it at
 * {@code <prefix>records/<sha256>.json}. An upload is spooled to a file on this machine (so followers read it as it
 * grows, and it is verified) and put in the bucket only at its commit, record first, then the blob, so a reader never
 * sees a partial or unverified object and a blob is never there without its names. A record whose blob never came
 * is harmless: {@link #find} asks for the blob.
 *
 * <p>The AWS SDK v2 adds CRC32 checksum trailers by default since 2.30, which some S3-compatible servers reject;
 * checksums are computed and validated only where the API requires them. Blobs are verified by their sha256 anyway.
 */
public final class S3BlobStore implements BlobStore {
  /** An abandoned multipart upload is older than any live one could be. */
  private static final Duration STALE_UPLOAD = Duration.ofHours(24);

  private final S3Settings settings;
  private final S3Client s3;
  private final S3Objects objects;
  private final Path spool;
  private final Clock clock;
  /**
   * Blobs found, so a hit costs no HEAD: a blob's bytes never change under its name, only its removal does, which
   * {@link #forget} hears of (from this process's deletes, and from other replicas' through invalidations).
   */
  private final ConcurrentHashMap<String, Blob> found = new ConcurrentHashMap<>();
  private final Striped locks = new Striped(64);
  private static final int FOUND_MAX = 100_000;

  /** @param spool a directory of this machine's own for uploads in progress (under the data directory) */
  public S3BlobStore(S3Settings settings, Path spool, Clock clock) {
    this.settings = settings;
    this.s3 = client(settings);
    this.objects = new S3Objects(s3, settings.bucket());
    this.spool = spool;
    this.clock = clock;
    try {
      Files.createDirectories(spool);
    } catch (IOException e) {
      throw new StorageException("cannot create the upload spool " + spool + ": " + e.getMessage(), e);
    }
  }

  private static S3Client client(S3Settings s) {
    AwsCredentialsProvider credentials = s.accessKey() == null ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(),
            Objects.requireNonNull(s.secretKey()).reveal()));
    S3ClientBuilder b = S3Client.builder().region(Region.of(s.region())).credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .forcePathStyle(s.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    URI endpoint = s.endpoint();
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  private String blobKey(String sha256) {
    return settings.prefix() + "blobs/" + sha256;
  }

  private String recordKey(String sha256) {
    return settings.prefix() + "records/" + sha256 + ".json";
  }

  @Override
  public Optional<Blob> find(String sha256) {
    if (!Digests.isSha256(sha256)) {
      return Optional.empty();
    }
    Blob known = found.get(sha256);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Blob> b = objects.head(blobKey(sha256)).map(h -> blob(sha256, h));
    b.ifPresent(this::remember);
    return b;
  }

  private void remember(Blob b) {
    if (found.size() >= FOUND_MAX) {
      found.clear();
    }
    found.put(b.sha256(), b);
  }

  /** Forgets what this process knows of a blob: another replica removed it. */
  public void forget(String sha256) {
    found.remove(sha256);
  }

  /** Forgets every blob this process knows of: removals may have been missed. */
  public void forgetAll() {
    found.clear();
  }

  private Blob blob(String sha256, HeadObjectResponse h) {
    Instant stored = h.lastModified() != null ? h.lastModified() : clock.instant();
    return new S3Blob(sha256, h.contentLength(), stored);
  }

  @Override
  public BlobUpload begin() throws IOException {
    Path part = spool.resolve(UUID.randomUUID() + ".part");
    FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new S3Upload(part, channel);
  }

  @Override
  public Optional<BlobRecord> record(String sha256) {
    if (!Digests.isSha256(sha256)) {
      return Optional.empty();
    }
    return objects.get(recordKey(sha256)).flatMap(BlobRecord::fromJson);
  }

  @Override
  public boolean addName(String sha256, BlobName name) {
    // A record is read, changed and put back: one writer per blob at a time in this process, as on disk.
    synchronized (locks.of(sha256)) {
      Optional<Blob> blob = find(sha256);
      if (blob.isEmpty()) {
        return false;
      }
      BlobRecord old = record(sha256).orElse(new BlobRecord(sha256, blob.get().size(), blob.get().storedAt(),
          List.of()));
      BlobRecord updated = old.with(name);
      if (updated != old) {
        objects.put(recordKey(sha256), updated.toJson());
      }
      return true;
    }
  }

  @Override
  public boolean delete(String sha256) {
    if (!Digests.isSha256(sha256)) {
      return false;
    }
    found.remove(sha256);
    boolean existed = objects.head(blobKey(sha256)).isPresent();
    // The blob first: a record without a blob is harmless, a blob without a record would lose its names.
    objects.delete(blobKey(sha256));
    objects.delete(recordKey(sha256));
    return existed;
  }

  @Override
  public void forEach(Consumer<String> each) throws IOException {
    String prefix = settings.prefix() + "blobs/";
    objects.list(prefix, o -> {
      String name = o.key().substring(prefix.length());
      if (Digests.isSha256(name)) {
        each.accept(name);
      }
    });
  }

  /** This machine's spooled uploads (a crash left them) and multipart uploads a dead writer left a day ago. */
  @Override
  public int sweep() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(spool, "*.part")) {
      for (Path p : parts) {
        Files.deleteIfExists(p);
        removed++;
      }
    }
    return removed + objects.abortStale(settings.prefix(), clock.instant().minus(STALE_UPLOAD));
  }

  @Override
  public StoreHealth health() {
    String problem = objects.problem();
    return problem == null ? StoreHealth.ok(-1) : StoreHealth.failing(problem);
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    s3.close();
  }

  /** A blob in the bucket; reads are ranged GETs. */
  private final class S3Blob implements Blob {
    private final String sha256;
    private final long size;
    private final Instant storedAt;

    S3Blob(String sha256, long size, Instant storedAt) {
      this.sha256 = sha256;
      this.size = size;
      this.storedAt = storedAt;
    }

    @Override
    public String sha256() {
      return sha256;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public Instant storedAt() {
      return storedAt;
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
      if (offset < 0 || length < 0 || offset + length > size) {
        throw new IllegalArgumentException("range " + offset + "+" + length + " is outside blob " + sha256 + " of "
            + size);
      }
      return objects.range(blobKey(sha256), offset, length);
    }

    @Override
    public Optional<LocalFile> local() {
      return Optional.empty();
    }
  }

  /** An upload spooled to a local file, put in the bucket at its commit. */
  private final class S3Upload extends FileUpload {
    S3Upload(Path part, FileChannel channel) {
      super(part, channel);
    }

    @Override
    Blob publish(String sha256, long size, @Nullable BlobName name) throws IOException {
      channel.close();
      Optional<HeadObjectResponse> existing;
      // The record under the lock (read, changed, put back); the bytes outside it, which may take minutes. Two
      // commits of one blob at once both put the same bytes, which is harmless.
      synchronized (locks.of(sha256)) {
        existing = objects.head(blobKey(sha256));
        // A record without its blob (a commit of the same bytes under way, or cut short) names the same bytes.
        BlobRecord record = record(sha256).orElse(new BlobRecord(sha256, size, clock.instant(), List.of()));
        objects.put(recordKey(sha256), (name == null ? record : record.with(name)).toJson());
      }
      if (existing.isEmpty()) {
        objects.putFile(blobKey(sha256), part, size);
      }
      Files.deleteIfExists(part);
      return new S3Blob(sha256, size, existing.map(HeadObjectResponse::lastModified).orElse(clock.instant()));
    }
  }
}
