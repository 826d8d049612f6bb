package dev.pantry.cli;

import dev.pantry.config.Units;
import dev.pantry.maintenance.VerifyListener;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;

/**
 * Verify progress on stderr: a bar redrawn in place on a terminal (files and bytes, rate, ETA), and otherwise a plain
 * line at every tenth of the work, which reads well in a CI log or a pipe.
 */
abstract class ProgressView implements VerifyListener {
  protected final PrintWriter err;
  protected long totalFiles;
  protected long totalBytes;
  private long startNanos;

  ProgressView(PrintWriter err) {
    this.err = err;
  }

  /** Nothing with {@code --no-progress}; else a bar on an interactive terminal, plain lines otherwise. */
  static ProgressView chosen(PrintWriter err, boolean noProgress, boolean terminal) {
    return noProgress ? new Silent(err) : forTerminal(err, terminal);
  }

  /** A bar when stdout is an interactive terminal, plain lines otherwise. */
  static ProgressView forTerminal(PrintWriter err, boolean terminal) {
    return terminal ? new Bar(err) : new Lines(err);
  }

  @Override
  public void start(long files, long bytes) {
    totalFiles = files;
    totalBytes = bytes;
    startNanos = System.nanoTime();
    update(0, 0);
  }

  @Override
  public void progress(long files, long bytes) {
    update(files, bytes);
  }

  /** Ends the display (the bar's line). */
  void finish() {}

  abstract void update(long files, long bytes);

  /** Share done, by bytes when there are any, else by files. */
  double fraction(long files, long bytes) {
    if (totalBytes > 0) {
      return Math.min(1, bytes / (double) totalBytes);
    }
    return totalFiles == 0 ? 1 : Math.min(1, files / (double) totalFiles);
  }

  String counts(long files, long bytes) {
    return TextTable.count(files) + "/" + TextTable.count(totalFiles) + " files, " + Units.formatSize(bytes) + "/"
        + Units.formatSize(totalBytes);
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** True when this JVM talks to a terminal (on Java 22+ a Console exists even when redirected: ask it). */
  static boolean interactive() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17-21: a console exists only for a terminal
    }
  }

  /** {@code [#######.......]  45%  1,234/2,800 files, 1.2 GiB/2.6 GiB  85.3 MiB/s  ETA 17.0s}, redrawn in place. */
  static final class Bar extends ProgressView {
    private static final int WIDTH = 24;
    private long lastDraw;

    Bar(PrintWriter err) {
      super(err);
    }

    @Override
    void update(long files, long bytes) {
      long now = System.nanoTime();
      boolean done = files >= totalFiles;
      if (!done && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      err.print("\r" + render(files, bytes, elapsed()) + "\033[K");
      err.flush();
    }

    String render(long files, long bytes, Duration elapsed) {
      double f = fraction(files, bytes);
      int filled = (int) Math.round(f * WIDTH);
      double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
      long rate = (long) (bytes / seconds);
      String eta = f <= 0 || f >= 1 ? "" : "  ETA " + Units.formatDuration(
          Duration.ofMillis((long) (elapsed.toMillis() * (1 - f) / f)));
      return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format(Locale.ROOT, "%3d%%",
          (int) (f * 100)) + "  " + counts(files, bytes) + "  " + Units.formatSize(rate) + "/s" + eta;
    }

    @Override
    void finish() {
      err.println();
      err.flush();
    }
  }

  /** {@code verify: 40% (1,120/2,800 files, 1.0 GiB/2.6 GiB)} at each tenth. */
  static final class Lines extends ProgressView {
    private int lastTenth = -1;

    Lines(PrintWriter err) {
      super(err);
    }

    @Override
    void update(long files, long bytes) {
      int tenth = (int) (fraction(files, bytes) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        err.println("verify: " + tenth * 10 + "% (" + counts(files, bytes) + ")");
        err.flush();
      }
    }
  }

  /** Prints nothing ({@code --no-progress}). */
  static final class Silent extends ProgressView {
    Silent(PrintWriter err) {
      super(err);
    }

    @Override
    void update(long files, long bytes) {}
  }
}
