package dev.pantry.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar pantry.jar serve} as a child process on a free loopback port (learned from {@code --port-file}),
 * so a test can kill it with SIGKILL ({@link Process#destroyForcibly()}) and start it again on the same data.
 */
public final class PantryProcess implements AutoCloseable {
  private final Process process;
  public final URI base;
  public final Path log;

  private PantryProcess(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Starts the jar and waits (bounded) until it listens. */
  public static PantryProcess start(Path jar, Path data, URI upstream, Path log, String... extra) throws Exception {
    return start(List.of(), jar, data, upstream, log, extra);
  }

  /** As {@link #start(Path, Path, URI, Path, String...)}, with options for the JVM (e.g. {@code -Xmx512m}). */
  public static PantryProcess start(List<String> jvm, Path jar, Path data, URI upstream, Path log, String... extra)
      throws Exception {
    Path portFile = data.resolveSibling(data.getFileName() + ".port");
    Files.deleteIfExists(portFile);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-jar", jar.toString(), "serve", "--listen", "127.0.0.1:0", "--data", data.toString(),
        "--upstream", upstream.toString(), "--port-file", portFile.toString()));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("PANTRY_"));
    Process p = pb.start();
    for (int i = 0; i < 1200 && !Files.exists(portFile); i++) {
      if (!p.isAlive()) {
        throw new IllegalStateException("pantry exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    if (!Files.exists(portFile)) {
      p.destroyForcibly();
      throw new IllegalStateException("pantry did not start within 60s:\n" + Files.readString(log));
    }
    int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).strip());
    return new PantryProcess(p, URI.create("http://127.0.0.1:" + port + "/"), log);
  }

  /** SIGKILL: no shutdown hook, no flush, no graceful anything. Waits (bounded) for the process to be gone. */
  public void kill() throws IOException {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException("pantry survived SIGKILL for 30s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing pantry", e);
    }
  }

  /** SIGTERM: a graceful stop. Waits (bounded) for the process to exit. */
  public void stop() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("pantry did not stop within 60s of SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping pantry", e);
    }
  }

  public String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      kill();
    }
  }
}
