package dev.pantry.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A throwaway PostgreSQL cluster of Debian's {@code postgresql} package, one per test JVM, on a free loopback port,
 * with password (scram) authentication. initdb refuses to run as root, so as root the cluster runs as the
 * {@code postgres} user. Each {@link #newDatabase()} is a fresh, empty database. Tests that need it call
 * {@link #available()} first and are skipped, with the reason, where the package is missing.
 */
public final class PostgresCluster {
  public static final String USER = "pantry";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static @Nullable PostgresCluster shared;
  private static @Nullable String unavailable;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final String password;
  private final boolean asPostgres;

  private PostgresCluster(Path bin, Path dir, int port, String password, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.password = password;
    this.asPostgres = asPostgres;
  }

  /** Null when a cluster can run here, else why not (for the skip message). */
  public static synchronized @Nullable String unavailableReason() {
    if (shared == null && unavailable == null) {
      try {
        shared = start();
        PostgresCluster c = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "postgres-stop"));
      } catch (IOException | RuntimeException e) {
        unavailable = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unavailable = "interrupted while starting PostgreSQL";
      }
    }
    return unavailable;
  }

  public static boolean available() {
    return unavailableReason() == null;
  }

  /** The shared cluster; call {@link #available()} first. */
  public static synchronized PostgresCluster get() {
    if (unavailableReason() != null || shared == null) {
      throw new IllegalStateException("PostgreSQL is not available: " + unavailable);
    }
    return shared;
  }

  /** A new empty database; returns its JDBC URL. */
  public String newDatabase() {
    String name = "pantry_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String password() {
    return password;
  }

  /** Stops the cluster at once (as a crash would) or cleanly; either way the next start recovers. */
  public void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString()));
    cmd.addAll(List.of(args));
    run(cmd, 60);
  }

  /** Starts a stopped cluster again on the same port. */
  public void restart() throws IOException, InterruptedException {
    pgCtl("-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-l", dir.resolve("log").toString(),
        "-w", "start");
  }

  private void stop() {
    try {
      pgCtl("-m", "immediate", "stop");
    } catch (IOException | RuntimeException e) {
      // the JVM is going away; the directory is in /tmp
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static PostgresCluster start() throws IOException, InterruptedException {
    Path bin = binDir().orElseThrow(() -> new IllegalStateException(
        "Debian's postgresql is not installed (no /usr/lib/postgresql/<major>/bin/initdb)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("pantry-pg");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresCluster c = new PostgresCluster(bin, dir, port, password, root);
    if (root) {
      runPlain(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
    }
    c.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
        "-A", "scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-sync"), 120);
    c.pgCtl("-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "-l",
        dir.resolve("log").toString(), "-w", "start");
    return c;
  }

  private static Optional<Path> binDir() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(base)) {
      return majors.map(m -> m.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
              Comparator.comparingInt(PostgresCluster::major)));
    }
  }

  private static int major(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Runs a cluster command, as the postgres user when this JVM is root. */
  private void run(List<String> cmd, int seconds) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(cmd);
    runPlain(full, seconds);
  }

  private static void runPlain(List<String> cmd, int seconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("pg-cmd", ".log");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd.get(0) + " did not finish in " + seconds + " s");
      }
      if (p.exitValue() != 0) {
        String log = Files.readString(out);
        throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
            + log.substring(Math.max(0, log.length() - 600)));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
