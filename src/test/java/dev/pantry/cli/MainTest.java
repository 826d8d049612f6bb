package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes and messages; nothing here starts a server (every case fails or helps first). */
class MainTest {
  @TempDir
  Path data;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
      code = Main.run(o, e, args);
    }
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void run_serveHelp_exits0WithUsage() {
    Run r = run("serve", "--help");

    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("--listen"), r.out());
    assertTrue(r.out().contains("Usage: pantry serve"), r.out());
  }

  @Test
  void run_serveHelpOnTheProcessStreams_exits0() {
    assertEquals(0, Main.run("serve", "--help"));
  }

  @Test
  void run_listenWithoutPort_exits2NamingTheValue() {
    Run r = run("serve", "--listen", "nonsense", "--data", data.toString());

    assertEquals(2, r.exitCode(), r.err());
    assertEquals("pantry: listen must be HOST:PORT, got 'nonsense'", r.err().strip());
    assertFalse(Files.exists(data.resolve("db")), "no database opened for a bad command line");
  }

  @Test
  void run_listenPortNotANumber_exits2() {
    Run r = run("serve", "--listen", "127.0.0.1:http", "--data", data.toString());

    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("pantry: ") && r.err().contains("'http'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one clear line, no stack trace: " + r.err());
  }

  @Test
  void run_listenPortOutOfRange_exits2() {
    Run r = run("serve", "--listen", "127.0.0.1:70000", "--data", data.toString());

    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("70000"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void run_unknownOption_exits2WithUsageOnErr() {
    Run r = run("serve", "--no-such-flag");

    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--no-such-flag"), r.err());
    assertEquals("", r.out());
  }
}
