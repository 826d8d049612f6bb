package dev.pantry.index;

import java.util.Objects;

/**
 * What parsing an upstream page came to: a value, or the reason the page is unusable.
 *
 * @param <T> the parsed model ({@link ProjectPage} or {@link ProjectList})
 */
public sealed interface ParseResult<T> permits ParseResult.Parsed, ParseResult.Malformed {

  /** The page parsed; links that could not be used were skipped (and logged). */
  record Parsed<T>(T value) implements ParseResult<T> {
    public Parsed {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The page is unusable.
   *
   * @param reason one line, at most {@link #MAX_REASON} characters, safe to show a client: it never quotes the body at
   *               length nor holds a URL
   */
  record Malformed<T>(String reason) implements ParseResult<T> {
    public static final int MAX_REASON = 200;

    public Malformed {
      Objects.requireNonNull(reason, "reason");
      // Control characters (CR/LF above all) would let an upstream split our log lines or headers.
      reason = reason.replaceAll("\\p{Cntrl}+", " ").strip();
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON - 1) + "…";
      }
    }
  }
}
