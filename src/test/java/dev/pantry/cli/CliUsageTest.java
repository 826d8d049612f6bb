package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.error.Problem;
import dev.pantry.testing.TestMirror;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliUsageTest {

  private static TestMirror.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new TestMirror.Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "list", "ls", "stats", "prune", "verify", "completion"})
  void help_everySubcommand_showsExamples(String command) {
    TestMirror.Run run = run(command, "--help");

    assertEquals(0, run.code());
    assertTrue(run.out().contains("Examples:"), run.out());
    assertTrue(run.out().contains("  pantry "), run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "stats", "prune", "verify"})
  void help_maintenanceCommands_shareDataAndConfigWithServe(String command) {
    TestMirror.Run run = run(command, "--help");

    assertTrue(run.out().contains("--data=DIR"), run.out());
    assertTrue(run.out().contains("--config=FILE"), run.out());
  }

  @Test
  void completion_matchesTheCommittedScript() throws Exception {
    TestMirror.Run run = run("completion");

    assertEquals(0, run.code());
    assertTrue(run.out().contains("complete -F _complete_pantry"), run.out().lines().limit(5).toList().toString());
    assertTrue(run.out().contains("--keep-latest"));
    assertEquals(Files.readString(Path.of("conf/pantry-completion.bash")), run.out(),
        "regenerate: java -jar target/pantry.jar completion > conf/pantry-completion.bash");
  }

  @Test
  void unknownSubcommand_isUsageErrorOnStderr() {
    TestMirror.Run run = run("frobnicate");

    assertEquals(2, run.code());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("pantry: Unmatched argument"), run.err());
  }

  @Test
  void badConfigFile_isUsageError() {
    TestMirror.Run run = run("stats", "--config", "/nonexistent/pantry.properties");

    assertEquals(2, run.code());
    assertTrue(run.err().startsWith("pantry: cannot read config file"), run.err());
  }

  @Test
  void exitCode_comesFromTheProblemKind() {
    assertEquals(4, Main.exitCode(Main.problem(new dev.pantry.error.StorageException("disk", null))));
    assertEquals(3, Main.exitCode(Main.problem(new dev.pantry.error.ProblemException(Problem.Kind.UNAVAILABLE, "gone"))));
    assertEquals(2, Main.exitCode(Main.problem(new IllegalArgumentException("bad"))));
    assertEquals(4, Main.exitCode(Main.problem(new IllegalStateException("bug"))));
  }

  @Test
  void progressBar_showsShareFilesBytesRateAndEta() {
    ProgressView.Bar bar = new ProgressView.Bar(new PrintWriter(new StringWriter()));
    bar.start(10, 10L << 20);

    String line = bar.render(4, 4L << 20, Duration.ofSeconds(2));

    assertTrue(line.startsWith("[##########..............]  40%"), line);
    assertTrue(line.contains("4/10 files, 4.0 MiB/10.0 MiB"), line);
    assertTrue(line.contains("2.0 MiB/s"), line);
    assertTrue(line.endsWith("ETA 3.0s"), line);
  }

  @Test
  void progressLines_printOneLinePerTenth() {
    StringWriter err = new StringWriter();
    ProgressView.Lines lines = new ProgressView.Lines(new PrintWriter(err));
    lines.start(100, 1000);
    for (int i = 1; i <= 100; i++) {
      lines.progress(i, i * 10L);
    }

    assertEquals(11, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().endsWith("verify: 100% (100/100 files, 1000 B/1000 B)\n"), err.toString());
  }
}
