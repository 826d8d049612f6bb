package dev.pantry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's real pip ({@code python3 -m pip}) for end-to-end tests, isolated from the machine's pip
 * configuration.
 *
 * <p>Isolation matters: this machine's pip config adds extra index URLs and find-links, which would let pip find
 * packages without going through the mirror under test. So pip runs with {@code --isolated} (ignores user config and
 * {@code PIP_*} variables), {@code PIP_CONFIG_FILE=/dev/null} (pip then skips global and site config files too),
 * no inherited {@code PIP_*} variables, no cache, no prompts, and proxies bypassed for loopback.
 */
public final class Pip {

  /** Exit code reported when pip was killed for running past its timeout. */
  public static final int TIMED_OUT = -1;

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
  /** How long to wait for a killed process to go away; the kill is forcible, so this is only a bound. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /**
   * The outcome of one pip run.
   *
   * @param exitCode pip's exit code, or {@link #TIMED_OUT}
   * @param output   stdout and stderr interleaved
   */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }

    public boolean timedOut() {
      return exitCode == TIMED_OUT;
    }
  }

  private Pip() {}

  /** True when {@code python3 -m pip --version} succeeds within 20 s; probed once per JVM. */
  public static boolean available() {
    return Probe.AVAILABLE;
  }

  private static final class Probe {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try {
        Path dir = Files.createTempDirectory("pip-probe");
        try {
          return run(dir, PROBE_TIMEOUT, "--version").ok();
        } finally {
          Files.deleteIfExists(dir);
        }
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }

  /**
   * Runs {@code python3 -m pip --isolated --no-input --disable-pip-version-check --no-cache-dir <args>} in
   * {@code workDir}, killing it (and its children) if it outlives {@code timeout}.
   *
   * @throws UncheckedIOException when python3 cannot be started at all
   */
  public static Result run(Path workDir, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(
        "python3", "-m", "pip", "--isolated", "--no-input", "--disable-pip-version-check", "--no-cache-dir"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    isolate(builder.environment());
    Path output = null;
    try {
      // A file, not a pipe: nothing can block on a full pipe buffer, and no reader thread is needed.
      output = Files.createTempFile("pip-output", ".txt");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      int exitCode;
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        exitCode = process.exitValue();
      } else {
        kill(process);
        exitCode = TIMED_OUT;
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      return new Result(exitCode, exitCode == TIMED_OUT ? text + "\n[killed after " + timeout + "]\n" : text);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run pip", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pip ran", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // A leftover temp file is harmless.
        }
      }
    }
  }

  private static void isolate(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("PIP_"));
    env.put("PIP_CONFIG_FILE", "/dev/null");
    env.put("PIP_NO_INPUT", "1");
    env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    env.put("PIP_NO_CACHE_DIR", "1");
    // Tests talk to loopback servers only; a machine-wide proxy must not carry that traffic.
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("no_proxy", "127.0.0.1,localhost");
  }

  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
