package dev.pantry.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pantry.config.Secret;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code <data>/server.json}: how the command line finds the server running on a data directory and proves it may
 * use the admin endpoint. The server writes it after it starts listening and deletes it when it stops. The file is
 * mode 0600: whoever can read it may administer the cache, which is whoever can already write the data directory.
 *
 * @param url    base URL of the running server, reachable from this host
 * @param pid    the server's process id; a file whose process is gone is stale (a kill -9 leaves one behind)
 * @param secret a random per-run admin secret; never logged
 */
public record ServerInfo(URI url, long pid, Secret secret) {
  public static final String FILE = "server.json";
  private static final JsonFactory JSON = new JsonFactory();

  /** A fresh 256-bit secret. */
  public static Secret newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Secret.of(HexFormat.of().formatHex(bytes));
  }

  public static Path path(Path dataDir) {
    return dataDir.resolve(FILE);
  }

  /** Writes the file atomically, readable by its owner only (where the file system has POSIX permissions). */
  public void write(Path dataDir) throws IOException {
    Path tmp = dataDir.resolve("." + FILE + "." + UUID.randomUUID());
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
          JsonGenerator g = JSON.createGenerator(w)) {
        g.writeStartObject();
        g.writeStringField("url", url.toString());
        g.writeNumberField("pid", pid);
        g.writeStringField("secret", secret.reveal());
        g.writeEndObject();
      }
      Files.move(tmp, path(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes the file if it is still this run's (a newer server may have replaced it). */
  public void deleteIfOurs(Path dataDir) throws IOException {
    Optional<ServerInfo> current = read(dataDir);
    if (current.isPresent() && current.get().secret().equals(secret)) {
      Files.deleteIfExists(path(dataDir));
    }
  }

  /** The file's content, or empty when there is no (readable, well-formed) file. */
  public static Optional<ServerInfo> read(Path dataDir) {
    Path p = path(dataDir);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try (JsonParser parser = JSON.createParser(Files.readString(p, StandardCharsets.UTF_8))) {
      String url = null;
      String secret = null;
      long pid = -1;
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        switch (name) {
          case "url" -> url = parser.getValueAsString();
          case "pid" -> pid = parser.getValueAsLong(-1);
          case "secret" -> secret = parser.getValueAsString();
          default -> parser.skipChildren();
        }
      }
      return of(url, pid, secret);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<ServerInfo> of(@Nullable String url, long pid, @Nullable String secret) {
    if (url == null || secret == null || pid < 0) {
      return Optional.empty();
    }
    return Optional.of(new ServerInfo(URI.create(url), pid, Secret.of(secret)));
  }

  /** Whether the process that wrote this file still runs. */
  public boolean processAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
